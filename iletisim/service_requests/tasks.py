"""Background tasks: sending the citizen's notifications. Safe to run twice: a row that is
already marked sent is skipped, and the row is locked while it is being sent."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from iletisim.lib.whatsapp import WhatsAppError
from iletisim.service_requests.models import Notification
from iletisim.service_requests.sms import SMSError

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@task()
def send_notification(notification_id: int) -> str:
    from iletisim.service_requests.notify import deliver

    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("request")
            .filter(pk=notification_id)
            .first()
        )
        if note is None or note.sent_at is not None:
            return "skipped"
        note.attempts += 1
        try:
            reference = deliver(note)
        except Exception as exc:  # the SMTP server or SMS gateway is down: retried later
            logger.warning("notification %s failed: %s", note.pk, exc)
            note.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
            if (isinstance(exc, SMSError) and exc.permanent) or (
                isinstance(exc, WhatsAppError) and not exc.retryable
            ):
                note.attempts = MAX_ATTEMPTS  # a bad number or account: no retry
            note.save(update_fields=["attempts", "last_error"])
            return "failed"
        note.sent_at = timezone.now()
        note.last_error = ""
        note.provider_ref = reference or ""
        note.save(update_fields=["attempts", "sent_at", "last_error", "provider_ref"])
    return "sent"


def retry_pending() -> int:
    """Enqueue again what has not gone out yet (run by the scheduler)."""
    pending = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in pending:
        send_notification.enqueue(pk)
    return len(pending)


@task()
def notify_unit_of_new_work(request_id: int, unit_id: int) -> int:
    """E-mail the directorate's staff that a request was routed to them (in Turkish, the
    staff's language). Sent once per routing; a repeated run re-checks the unit first."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from iletisim.accounts.models import User
    from iletisim.service_requests.models import ServiceRequest
    from iletisim.service_requests.notify import public_base_url
    from iletisim.service_requests.staff_mail import deliver_staff_mail

    sr = ServiceRequest.objects.filter(pk=request_id, unit_id=unit_id).first()
    if sr is None:
        return 0  # routed elsewhere meanwhile
    to = sorted(
        set(
            User.objects.filter(memberships__unit_id=unit_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not to:
        return 0
    with translation.override("tr"):
        url = public_base_url() + reverse(
            "service_requests:request-detail", args=[sr.tracking_number]
        )
        subject = _("New request %(number)s for your directorate") % {"number": sr.tracking_number}
        due = f"{sr.due_date:%d.%m.%Y}" if sr.due_date else "—"
        body = f"{subject}\n\n{sr.description[:1000]}\n\n{_('Due')}: {due}\n{url}\n"
    # Once per routing (keyed by the routing's timeline line); retried if the server is down.
    routing = sr.updates.filter(kind="route").order_by("-pk").values_list("pk", flat=True).first()
    deliver_staff_mail(
        key=f"new-work:{sr.pk}:{unit_id}:{routing}", to=to, subject=subject, body=body
    )
    return len(to)


def check_sms_deliveries(limit: int = 200) -> int:
    """Ask the SMS provider what became of sent messages (Netgsm's delivery report)."""
    from iletisim.service_requests.sms import netgsm, provider_name

    if provider_name() != "netgsm":
        return 0
    since = timezone.now() - dt.timedelta(days=3)
    pending = (
        Notification.objects.filter(channel=Notification.Channel.SMS, sent_at__gte=since)
        .exclude(provider_ref="")
        .exclude(delivery_status__in=netgsm.FINAL_STATUSES)[:limit]
    )
    checked = 0
    for note in pending:
        try:
            report = netgsm.delivery_report(note.provider_ref)
        except SMSError as exc:
            logger.warning("delivery report of %s failed: %s", note.pk, exc)
            continue
        status = next(iter(report.values()), "waiting") if report else "unknown"
        Notification.objects.filter(pk=note.pk).update(
            delivery_status=status, delivery_checked_at=timezone.now()
        )
        checked += 1
    return checked
