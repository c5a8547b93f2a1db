"""Recovery after failures: enqueue again the notifications that have not gone out (an SMTP
server or gateway was down), this app's tasks that a dead worker left running or that lost
their database connection, and the router for new requests still without a proposal."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iletisim.service_requests.tasks import requeue_interrupted, retry_pending, retry_unproposed


class Command(BaseCommand):
    help = "Retry what a failure cut off: notifications, interrupted tasks, routing proposals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lease",
            type=float,
            default=600,
            help="seconds after which a task still running is taken as cut off (600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lease = dt.timedelta(seconds=options["lease"])
        requeued = requeue_interrupted(lease)
        proposals = retry_unproposed(lease)
        self.stdout.write(
            f"queued: {retry_pending()} tasks requeued: {requeued} proposals: {proposals}"
        )
