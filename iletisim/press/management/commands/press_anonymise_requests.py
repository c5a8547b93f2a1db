"""`manage.py press_anonymise_requests`: KVKK periodic destruction for journalists' requests.

A request answered more than `PRESS_REQUESTS_ANONYMISE_DAYS` ago loses the journalist's
name, e-mail, phone, the message and the answer; its kind, channel, outlet, dates and its
coordination tasks stay for the statistics. Safe to run twice.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from iletisim.core.audit import log_action
from iletisim.press.models import PressRequest


class Command(BaseCommand):
    help = "Anonymise journalists' requests answered more than --days days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.PRESS_REQUESTS_ANONYMISE_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        cutoff = timezone.now() - dt.timedelta(days=days)
        due = PressRequest.objects.filter(
            anonymised_at__isnull=True,
            status=PressRequest.RequestStatus.ANSWERED,
            created_at__lt=cutoff,
        ).values_list("pk", flat=True)
        done = 0
        for pk in list(due[:10_000]):
            with transaction.atomic():
                moved = PressRequest.objects.filter(pk=pk, anonymised_at__isnull=True).update(
                    full_name="",
                    email="",
                    phone="",
                    message="",
                    answer="",
                    anonymised_at=timezone.now(),
                )
                if moved:
                    log_action("press.request.anonymised", data={"request": pk})
                    done += 1
        self.stdout.write(f"anonymised {done}")
