"""`manage.py monitoring_retrain`: retrain topic and tone with the analysts' corrections
(weekly through the scheduler); prints before/after accuracy on the held-back corrections."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.monitoring.retrain import retrain_tone, retrain_topic
from iletisim.monitoring.tone.model import MIN_EXAMPLES


class Command(BaseCommand):
    help = "Retrain topic and tone with the analysts' corrections; switch in if not worse."

    def handle(self, *args: Any, **options: Any) -> None:
        report = retrain_topic()
        self.stdout.write(f"corrections: {report.corrections}, held back: {report.held_back}")
        if report.before is None or report.after is None:
            self.stdout.write("topic: no held-back corrections yet, model unchanged")
        else:
            verdict = "switched in" if report.switched else "kept the current model (new one worse)"
            self.stdout.write(
                f"topic accuracy before: {report.before:.4f} after: {report.after:.4f} ({verdict})"
            )
        tone = retrain_tone()
        if tone.before is None or tone.after is None:
            self.stdout.write(
                f"tone: {tone.corrections} corrected items, a model needs {MIN_EXAMPLES}; "
                "the lexicon baseline stays"
            )
            return
        verdict = "switched in" if tone.switched else "kept the current scorer (new one worse)"
        self.stdout.write(
            f"tone: {tone.corrections} corrected items, held back: {tone.held_back}; accuracy "
            f"before: {tone.before:.4f} after: {tone.after:.4f} ({verdict})"
        )
