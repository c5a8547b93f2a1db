"""The two evaluation commands run on small files and print their metric last."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from iletisim.monitoring.tests.pages import article

DEDUP_FILE = Path(__file__).resolve().parents[1] / "evals" / "data" / "dedup.jsonl"


def run(kind, records, tmp_path):
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    out = StringIO()
    call_command("monitoring_eval", kind, str(source), "--output", str(output), stdout=out)
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    return lines, out.getvalue().strip().splitlines()[-1]


def test_the_extraction_eval_writes_one_text_per_page_and_prints_f1(tmp_path):
    records = [
        {
            "url": "https://h.example/1",
            "html": article("Park"),
            "expected_text": "Büyükşehir Belediyesi",
        },
        {"url": "", "html": "", "expected_text": "boş"},
    ]
    lines, last = run("extraction", records, tmp_path)
    assert len(lines) == 2 and "Büyükşehir Belediyesi" in lines[0]["text"]
    assert last.startswith("f1: ")


def test_the_dedup_eval_on_the_committed_file_scores_high(tmp_path):
    records = [json.loads(line) for line in DEDUP_FILE.read_text().splitlines()[:40]]
    lines, last = run("dedup", records, tmp_path)
    assert len(lines) == 40 and all(isinstance(line["predicted"], bool) for line in lines)
    assert float(last.removeprefix("f1: ")) >= 0.9
