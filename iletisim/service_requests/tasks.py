"""Background tasks: sending the citizen's notifications. Safe to run twice: a row that is
already marked sent is skipped, and the row is locked while it is being sent."""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from iletisim.service_requests.models import Notification

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
            deliver(note)
        except Exception as exc:  # the SMTP server or SMS gateway is down: retried later
            logger.warning("notification %s failed: %s", note.pk, exc)
            note.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
            note.save(update_fields=["attempts", "last_error"])
            return "failed"
        note.sent_at = timezone.now()
        note.last_error = ""
        note.save(update_fields=["attempts", "sent_at", "last_error"])
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
