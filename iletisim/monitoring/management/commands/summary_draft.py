"""Draft today's press summary when its hour has come, and alert at the deadline.

Run every minute by the scheduler; safe to run from several schedulers at once.
"""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.monitoring.summary import actions


class Command(BaseCommand):
    help = "Draft today's press summary when due; alert the press officers at the deadline."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="draft now, whatever the hour")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = actions.draft_summary(force=options["force"])
        if summary is not None:
            self.stdout.write(f"drafted {summary}: {summary.story_count} stories")
        alerted = actions.alert_missed_deadline()
        if alerted is not None:
            self.stdout.write(f"alerted the press officers: {alerted} is not approved")
