"""`manage.py monitoring_eval KIND FILE.jsonl --output OUT.jsonl`: run one evaluation."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iletisim.monitoring.evals import EVALS


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CommandError(f"{path}:{number}: not JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise CommandError(f"{path}:{number}: each line must be a JSON object")
                records.append(record)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    return records


class Command(BaseCommand):
    help = "Evaluate a monitoring step on a JSONL file; the metric is the last line printed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(EVALS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, kind: str, file: Path, output: Path, **options: Any) -> None:
        try:
            module = importlib.import_module(EVALS[kind])
        except ModuleNotFoundError:
            raise CommandError(f"the {kind} evaluation is not available yet") from None
        records = read_jsonl(file)
        predictions = module.predict(records)
        if len(predictions) != len(records):
            raise CommandError("internal error: predictions do not match the input lines")
        with output.open("w", encoding="utf-8") as handle:
            for prediction in predictions:
                handle.write(json.dumps(prediction, ensure_ascii=False) + "\n")
        name, value = module.score(records, predictions)
        self.stdout.write(f"{name}: {value:.4f}")
