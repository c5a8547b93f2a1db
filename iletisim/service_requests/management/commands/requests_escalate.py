"""Warn before due dates and escalate overdue requests: first to the unit's managers, three
working days later to the directors. Each step happens once per request."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action
from iletisim.core.calendar import get_calendar
from iletisim.service_requests.models import ServiceRequest, Update
from iletisim.service_requests.staff_mail import deliver_staff_mail

WARN_WORKING_DAYS = 2
DIRECTOR_AFTER_WORKING_DAYS = 3


def _recipients(sr: ServiceRequest, level: int) -> list[str]:
    unit_id = sr.unit_id or 0
    if level == 1:
        people = User.objects.filter(
            memberships__unit_id=unit_id, memberships__role=Role.UNIT_MANAGER
        )
    elif level == 2:
        people = User.objects.filter(memberships__role=Role.DIRECTOR)
    else:
        people = User.objects.filter(
            memberships__unit_id=unit_id,
            memberships__role__in=[Role.UNIT_MANAGER, Role.UNIT_STAFF],
        )
    if sr.assignee_id and level == 0:
        people = people | User.objects.filter(pk=sr.assignee_id)
    return sorted({u.email for u in people.filter(is_active=True) if u.email})


def _tell(outbox: dict[str, list[str]], sr: ServiceRequest, level: int, line: str) -> None:
    for address in _recipients(sr, level):
        outbox.setdefault(address, []).append(f"{line}\n  {sr.description[:200]}")


def _send(outbox: dict[str, list[str]]) -> None:
    """One digest per person, however many requests concern them; kept and retried when the
    mail server is down (the requests are already marked, so they are not told twice)."""
    run = timezone.now().strftime("%Y%m%d%H%M%S%f")
    for address, lines in outbox.items():
        subject = _("Citizen requests needing attention: %(n)d") % {"n": len(lines)}
        deliver_staff_mail(
            key=f"digest:{run}:{address}", to=[address], subject=subject, body="\n\n".join(lines)
        )


class Command(BaseCommand):
    help = "Warn about approaching due dates and escalate overdue requests."

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = get_calendar()
        today = timezone.localdate()
        warn_until = calendar.add_working_days(today, WARN_WORKING_DAYS)
        base = ServiceRequest.objects.open().filter(
            paused_at__isnull=True, unit__isnull=False, due_date__isnull=False
        )
        warned = escalated = 0
        outbox: dict[str, list[str]] = {}
        for sr in base.filter(
            warned_at__isnull=True, due_date__lte=warn_until, due_date__gte=today
        ):
            with transaction.atomic():
                if ServiceRequest.objects.filter(pk=sr.pk, warned_at__isnull=True).update(
                    warned_at=timezone.now()
                ):
                    _tell(
                        outbox,
                        sr,
                        0,
                        _("Request %(n)s is due on %(d)s")
                        % {"n": sr, "d": f"{sr.due_date:%d.%m.%Y}"},
                    )
                    warned += 1
        for sr in base.filter(due_date__lt=today, escalation_level__lt=2):
            overdue_days = calendar.working_days_between(sr.due_date, today)  # type: ignore[arg-type]
            level = 2 if overdue_days >= DIRECTOR_AFTER_WORKING_DAYS else 1
            if level <= sr.escalation_level:
                continue
            with transaction.atomic():
                if not ServiceRequest.objects.filter(pk=sr.pk, escalation_level__lt=level).update(
                    escalation_level=level
                ):
                    continue
                Update.objects.create(
                    request=sr,
                    kind=Update.Kind.NOTE,
                    text=_("Overdue: escalated to the %(who)s.")
                    % {"who": _("directors") if level == 2 else _("unit managers")},
                )
                log_action("service_requests.request.escalated", target=sr, data={"level": level})
                _tell(outbox, sr, level, _("Request %(n)s is overdue") % {"n": sr})
                escalated += 1
        _send(outbox)
        self.stdout.write(f"warned: {warned}, escalated: {escalated}")
