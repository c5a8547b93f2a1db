"""E-mails to staff about citizen requests (new work, deadline warnings, escalations).

Each mail is a `StaffMail` row first, keyed so that it happens once; it is sent at once from
the background job or task that made it, and when the mail server is down the row stays and
`requests_staff_mail` (every 10 minutes) tries again, up to MAX_ATTEMPTS times.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from iletisim.service_requests.models import StaffMail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def deliver_staff_mail(*, key: str, to: list[str], subject: str, body: str) -> str:
    """Record the mail under `key` (once) and try to send it now."""
    if not to:
        return "skipped"
    mail, _created = StaffMail.objects.get_or_create(
        key=key[:120], defaults={"to": sorted(set(to)), "subject": subject[:250], "body": body}
    )
    return send_staff_mail(mail.pk)


def send_staff_mail(mail_id: int) -> str:
    with transaction.atomic():
        mail = StaffMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return "skipped"
        mail.attempts += 1
        try:
            EmailMessage(subject=mail.subject, body=mail.body, to=mail.to).send()
        except Exception as exc:  # the mail server is down: kept, retried later
            logger.warning("staff mail %s failed: %s", mail.pk, exc)
            mail.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
            mail.save(update_fields=["attempts", "last_error"])
            return "failed"
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.save(update_fields=["attempts", "sent_at", "last_error"])
    return "sent"


def retry_staff_mail(limit: int = 200) -> int:
    """Send again what has not gone out; returns how many were sent now."""
    pending = list(
        StaffMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(send_staff_mail(pk) == "sent" for pk in pending)
