"""A data subject's request (KVKK art. 11): show what we hold about a person, or erase it.

    manage.py requests_personal_data show --email ayse@example.com
    manage.py requests_personal_data erase --phone 05321234567 --actor admin

Every run is an audit entry, because the output is personal data leaving the system.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iletisim.accounts.models import User
from iletisim.core.audit import log_action
from iletisim.service_requests.models import ServiceRequest


class Command(BaseCommand):
    help = "Show or erase the personal data held in citizen requests for one person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["show", "erase"])
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--national-id", default="")
        parser.add_argument("--actor", default="", help="username of the staff member acting")

    def handle(self, *args: Any, **options: Any) -> None:
        query = Q()
        for field, key in (
            ("citizen_email__iexact", "email"),
            ("citizen_phone", "phone"),
            ("national_id", "national_id"),
        ):
            if options[key]:
                query |= Q(**{field: options[key].strip()})
        if not query:
            raise CommandError("give --email, --phone or --national-id")
        actor = User.objects.filter(username=options["actor"]).first() if options["actor"] else None
        requests = ServiceRequest.objects.filter(query, anonymised_at__isnull=True)
        if options["operation"] == "show":
            rows = [
                {
                    "tracking_number": sr.tracking_number,
                    "received": sr.created_at.isoformat(),
                    "name": sr.citizen_name,
                    "phone": sr.citizen_phone,
                    "email": sr.citizen_email,
                    "national_id": sr.national_id,
                    "address": sr.address,
                    "description": sr.description,
                }
                for sr in requests
            ]
            with transaction.atomic():
                for sr in requests:
                    log_action("service_requests.request.exported", actor=actor, target=sr)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        count = 0
        with transaction.atomic():
            for sr in requests.select_for_update():
                ServiceRequest.objects.filter(pk=sr.pk).update(
                    citizen_name="",
                    citizen_phone="",
                    citizen_email="",
                    national_id="",
                    address="",
                    anonymised_at=timezone.now(),
                )
                log_action(
                    "service_requests.request.anonymised",
                    actor=actor,
                    target=sr,
                    data={"reason": "data subject request"},
                )
                count += 1
        self.stdout.write(f"erased: {count}")
