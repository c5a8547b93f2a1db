"""`manage.py monitoring_poll [--now]`: queue a polling round (the scheduler runs it each minute).

With --now the round runs in this process instead of a worker (handy on a laptop).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iletisim.monitoring.tasks import poll_due_sources, run_round


class Command(BaseCommand):
    help = "Poll the monitoring sources that are due (queued for a worker, or --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run here, not in a worker")

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        if now:
            self.stdout.write(str(run_round()))
        else:
            poll_due_sources.enqueue()
            self.stdout.write("queued")
