"""`manage.py monitoring_eval matching` on our own case file."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

CASES = Path(__file__).resolve().parent / "data" / "matching_cases.jsonl"


def test_the_matching_evaluation_writes_one_prediction_per_line_and_prints_f1(tmp_path):
    output = tmp_path / "out.jsonl"
    printed = StringIO()
    call_command("monitoring_eval", "matching", str(CASES), "--output", str(output), stdout=printed)
    cases = CASES.read_text(encoding="utf-8").splitlines()
    predictions = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(predictions) == len(cases) >= 150
    assert all(set(prediction) == {"predicted"} for prediction in predictions)
    name, value = printed.getvalue().strip().split(": ")
    assert name == "f1"
    assert float(value) >= 0.98
