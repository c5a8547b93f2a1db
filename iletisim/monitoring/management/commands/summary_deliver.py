"""Send approved press summaries that are not sent yet (the safety net behind the task)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.monitoring.summary import actions


class Command(BaseCommand):
    help = "Send every approved, unsent press summary once."

    def handle(self, *args: Any, **options: Any) -> None:
        for summary_id in actions.due_for_delivery():
            outcome = actions.deliver_summary(summary_id=summary_id)
            self.stdout.write(f"summary {summary_id}: {outcome}")
