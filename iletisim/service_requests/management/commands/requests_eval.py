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
        # Read and check every line first: a malformed file writes nothing.
        items: list[tuple[str, Any]] = []
        with path.open(encoding="utf-8") as source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    items.append((str(item["text"]), item.get("unit")))
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    raise CommandError(f"line {number}: not {{'text': ...}}: {exc}") from exc
        router = get_router(learnt=False, rules=False)
        labelled = correct = 0
        predictions = []
        for text, unit in items:
            predicted = router.route(text).unit
            predictions.append(json.dumps({"predicted": predicted}) + "\n")
            if unit is not None:
                labelled += 1
                correct += int(predicted == unit)
            if options["verbosity"] >= 2 and predicted != unit:
                self.stderr.write(f"{unit} <- {predicted}: {text}")
        Path(options["output"]).write_text("".join(predictions), encoding="utf-8")
        accuracy = correct / labelled if labelled else 0.0
        self.stdout.write(f"accuracy: {accuracy:.4f}")
