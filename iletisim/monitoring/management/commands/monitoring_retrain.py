"""`manage.py monitoring_retrain`: retrain the topic model with the analysts' corrections
(weekly through the scheduler); prints before/after accuracy on the held-back corrections."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.monitoring.retrain import retrain_topic


class Command(BaseCommand):
    help = "Retrain the topic model with the analysts' corrections; switch it in if not worse."

    def handle(self, *args: Any, **options: Any) -> None:
        report = retrain_topic()
        self.stdout.write(f"corrections: {report.corrections}, held back: {report.held_back}")
        if report.before is None or report.after is None:
            self.stdout.write("topic: no held-back corrections yet, model unchanged")
            return
        verdict = "switched in" if report.switched else "kept the current model (new one worse)"
        self.stdout.write(
            f"topic accuracy before: {report.before:.4f} after: {report.after:.4f} ({verdict})"
        )
