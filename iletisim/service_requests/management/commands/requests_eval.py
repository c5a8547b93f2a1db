"""Evaluate the request router: `requests_eval routing FILE.jsonl --output OUT.jsonl`.

Each input line is {"text": ..., "unit": <code>}. The router is the one a fresh install has:
the category catalogue and the units' subjects from the migrations, no learnt model, no
desk rules, nothing read from FILE but the text. One {"predicted": <code>} per line, in
order; the last line printed is `accuracy: X`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iletisim.service_requests.router import get_router


class Command(BaseCommand):
    help = "Evaluate the request router on a JSON-lines file of {text, unit}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["routing"])
        parser.add_argument("file")
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        router = get_router(learnt=False, rules=False)
        total = correct = 0
        with (
            path.open(encoding="utf-8") as source,
            Path(options["output"]).open("w", encoding="utf-8") as out,
        ):
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text = str(item["text"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise CommandError(f"line {number}: not {{'text': ...}}: {exc}") from exc
                predicted = router.route(text).unit
                out.write(json.dumps({"predicted": predicted}) + "\n")
                total += 1
                if item.get("unit") is not None:
                    correct += int(predicted == item["unit"])
                if options["verbosity"] >= 2 and predicted != item.get("unit"):
                    self.stderr.write(f"{item.get('unit')} <- {predicted}: {text}")
        accuracy = correct / total if total else 0.0
        self.stdout.write(f"accuracy: {accuracy:.4f}")
