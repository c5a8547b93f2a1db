"""`manage.py press_tekzip_reminders`: e-mail the press office about rebuttal deadlines
coming up, once per deadline."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action
from iletisim.press.models import Rebuttal
from iletisim.press.tekzip import due_reminders


class Command(BaseCommand):
    help = "Remind the press office of rebuttal deadlines due within --days days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        today = timezone.localdate()
        officers = list(
            User.objects.filter(is_active=True, memberships__role=Role.PRESS_OFFICER)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        sent = 0
        for rebuttal, clock in due_reminders(today, days):
            with translation.override("tr"), transaction.atomic():
                # Claim the reminder first, so two schedulers never send it twice.
                locked = Rebuttal.objects.select_for_update().get(pk=rebuttal.pk)
                if clock.reminder_key in locked.reminded_for:
                    continue
                locked.reminded_for = [*locked.reminded_for, clock.reminder_key]
                locked.save(update_fields=["reminded_for"])
                subject = _("Rebuttal deadline %(due)s: %(title)s") % {
                    "due": clock.due.strftime("%d.%m.%Y"),
                    "title": rebuttal.communication.title,
                }
                body = f"{clock.label}\n{rebuttal.outlet} · {rebuttal.article_title}\n"
                if officers:
                    send_mail(subject, body, settings.PRESS_FROM_EMAIL, officers)
                log_action(
                    "press.rebuttal.reminded",
                    target=rebuttal.communication,
                    data={"clock": clock.key, "due": clock.due.isoformat()},
                )
                sent += 1
        self.stdout.write(f"reminders {sent}")
