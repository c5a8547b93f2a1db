"""A data subject's request (KVKK art. 11): show what we hold about a person, correct it, or
erase it.

    manage.py requests_personal_data show --email ayse@example.com
    manage.py requests_personal_data correct --email ayse@example.com --set-phone 05329876543 --actor admin
    manage.py requests_personal_data erase --phone 05321234567 --actor admin

`correct` is for a request made by letter or in person, once the desk has checked the
person's identity: every matching request is corrected (each one audited, a line on its
timeline, the citizen told). Citizens ask from their tracking page themselves (a copy,
a correction or the erasure, each recorded with its due date).

Every run is an audit entry, because the output is personal data leaving the system.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q

from iletisim.accounts.models import User
from iletisim.core.audit import log_action
from iletisim.service_requests import actions
from iletisim.service_requests.models import ServiceRequest


class Command(BaseCommand):
    help = "Show, correct or erase the personal data held in citizen requests for one person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["show", "correct", "erase"])
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--national-id", default="")
        parser.add_argument("--actor", default="", help="username of the staff member acting")
        for field in ("name", "phone", "email", "address"):
            parser.add_argument(f"--set-{field}", default="", help=f"correct: the right {field}")

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
        if options["actor"] and actor is None:
            raise CommandError(f"no user named {options['actor']!r}")
        requests = ServiceRequest.objects.filter(query, anonymised_at__isnull=True)
        if options["operation"] == "correct":
            self._correct(requests, actor, options)
            return
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
                actions.erase_personal_data(sr=sr, by=actor)
                count += 1
        self.stdout.write(f"erased: {count}")

    def _correct(self, requests: Any, actor: User | None, options: dict[str, Any]) -> None:
        if actor is None:
            raise CommandError("correct needs --actor: the staff member who checked the identity")
        changes = {
            "citizen_name": options["set_name"],
            "citizen_phone": options["set_phone"],
            "citizen_email": options["set_email"],
            "address": options["set_address"],
        }
        if not any(changes.values()):
            raise CommandError("give --set-name, --set-phone, --set-email or --set-address")
        corrected, unchanged = 0, 0
        for sr in requests.order_by("pk"):
            try:
                with transaction.atomic():
                    correction = actions.request_correction(
                        sr=sr, changes=changes, note="KVKK art. 11 (staff)", by=actor
                    )
                    actions.apply_correction(sr=sr, correction_id=correction.pk, by=actor)
            except ValidationError as exc:
                unchanged += 1
                self.stderr.write(f"{sr.tracking_number}: {' '.join(exc.messages)}")
                continue
            corrected += 1
        self.stdout.write(f"corrected: {corrected}, unchanged: {unchanged}")
