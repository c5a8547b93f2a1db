"""Anonymise the personal data of requests closed long ago (KVKK periodic destruction).

Statistics stay: type, category, unit, neighbourhood, dates, status and rating. Names,
contact details, TC kimlik no, address, exact position, the free texts and attachments go,
and so do the addresses its notifications went to. Staff e-mails older than a month are
deleted (they quote requests' texts).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from iletisim.core.audit import log_action
from iletisim.service_requests.actions.personal_data import forget_contact_traces
from iletisim.service_requests.models import (
    OPEN_STATUSES,
    ServiceRequest,
    StaffMail,
    Update,
)

# Staff e-mails quote requests' texts: kept a month for troubleshooting, then deleted.
STAFF_MAIL_DAYS = 30


class Command(BaseCommand):
    help = "Anonymise requests closed more than --days days ago (default from settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = int(getattr(settings, "SERVICE_REQUESTS_ANONYMISE_DAYS", 730))
        parser.add_argument("--days", type=int, default=default)

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - dt.timedelta(days=options["days"])
        due = (
            ServiceRequest.objects.filter(anonymised_at__isnull=True, closed_at__lt=cutoff)
            .exclude(status__in=OPEN_STATUSES)
            .order_by("pk")
        )
        done = 0
        for sr in due.iterator(chunk_size=500):
            with transaction.atomic():
                for attachment in sr.attachments.all():
                    attachment.file.delete(save=False)
                sr.attachments.all().delete()
                Update.objects.filter(request=sr).exclude(kind=Update.Kind.STATUS).update(text="")
                forget_contact_traces(sr)
                ServiceRequest.objects.filter(pk=sr.pk).update(
                    citizen_name="",
                    citizen_phone="",
                    citizen_email="",
                    national_id="",
                    address="",
                    latitude=None,
                    longitude=None,
                    description="",
                    search_text="",
                    answers={},
                    answer="",
                    answer_draft="",
                    rating_comment="",
                    anonymised_at=timezone.now(),
                )
                log_action("service_requests.request.anonymised", target=sr)
            done += 1
        old_mail = timezone.now() - dt.timedelta(days=STAFF_MAIL_DAYS)
        StaffMail.objects.filter(created_at__lt=old_mail).delete()
        self.stdout.write(f"anonymised: {done}")
