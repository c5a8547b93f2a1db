"""Shared pieces of the request workflows: the audit vocabulary, conflicts, timeline lines
and queued notifications."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from iletisim.core.audit import register_actions
from iletisim.service_requests.deadlines import compute_due_date, next_tracking_number
from iletisim.service_requests.duplicates import suggest_duplicates
from iletisim.service_requests.models import (
    Notification,
    ServiceRequest,
    Update,
)

# Re-exported: the intake helpers and duplicate suggestions live in their own modules.
__all__ = ["compute_due_date", "next_tracking_number", "suggest_duplicates"]

OUTSIDE_UNIT = "diger-kurum"

register_actions(
    {
        "service_requests.request.submitted": gettext_lazy("Citizen request received"),
        "service_requests.request.proposed": gettext_lazy("Router proposed a directorate"),
        "service_requests.request.routed": gettext_lazy("Citizen request routed"),
        "service_requests.request.forwarded": gettext_lazy("Citizen request forwarded"),
        "service_requests.request.assigned": gettext_lazy("Citizen request assigned"),
        "service_requests.request.noted": gettext_lazy("Internal note added"),
        "service_requests.request.asked_citizen": gettext_lazy("Citizen asked for information"),
        "service_requests.request.citizen_replied": gettext_lazy("Citizen replied"),
        "service_requests.request.answer_drafted": gettext_lazy("Answer drafted"),
        "service_requests.request.answered": gettext_lazy("Answer published"),
        "service_requests.request.closed": gettext_lazy("Citizen request closed"),
        "service_requests.request.reopened": gettext_lazy("Citizen request reopened"),
        "service_requests.request.rejected": gettext_lazy("Citizen request rejected"),
        "service_requests.request.merged": gettext_lazy("Duplicate request merged"),
        "service_requests.request.extended": gettext_lazy("Deadline extended"),
        "service_requests.request.rated": gettext_lazy("Satisfaction survey answered"),
        "service_requests.request.escalated": gettext_lazy("Overdue request escalated"),
        "service_requests.request.anonymised": gettext_lazy("Personal data anonymised"),
        "service_requests.request.exported": gettext_lazy("Personal data exported"),
        "service_requests.router.trained": gettext_lazy("Router retrained"),
        "service_requests.request.visibility": gettext_lazy("Public visibility changed"),
        "service_requests.request.citizen_message": gettext_lazy("Citizen wrote again"),
        "service_requests.open311.posted": gettext_lazy("Request posted through Open311"),
        "service_requests.open311.key_refused": gettext_lazy("Open311 API key refused"),
        "service_requests.open311.key_issued": gettext_lazy("Open311 API key issued"),
        "service_requests.api.token_issued": gettext_lazy("API token issued"),
    }
)


class ConflictError(Exception):
    """Someone else changed the request since the page was loaded."""


# --- helpers --------------------------------------------------------------------------------


def _locked(sr: ServiceRequest, version: int | None) -> ServiceRequest:
    """Lock the row; if the caller saw an older version, tell them instead of overwriting."""
    fresh = ServiceRequest.objects.select_for_update().get(pk=sr.pk)
    if version is not None and fresh.version != version:
        raise ConflictError
    return fresh


def _line(sr: ServiceRequest, kind: str, text: str, by: Any, public: bool) -> Update:
    return Update.objects.create(
        request=sr,
        kind=kind,
        text=text,
        actor=by if getattr(by, "is_authenticated", False) else None,
        is_public=public,
    )


def _bump(sr: ServiceRequest, *fields: str) -> None:
    sr.version += 1
    sr.save(update_fields=[*fields, "version", "updated_at"])


def queue_notifications(sr: ServiceRequest, event: str) -> None:
    """Create the notification rows for an event and enqueue their sending (the worker sees
    the task once the caller's transaction commits).

    The unique key (request, event, channel, recipient) makes a second call a no-op, so an
    event is never sent twice. Merged duplicates' citizens hear of the answer and closing.
    """
    from iletisim.service_requests.tasks import send_notification

    people = [sr]
    if event in (Notification.Event.ANSWERED, Notification.Event.CLOSED):
        people += list(sr.duplicates.all())
    created = []
    for person in people:
        language = "en" if person.answers.get("_language") == "en" else "tr"
        for channel, recipient in (
            (Notification.Channel.EMAIL, person.citizen_email),
            (Notification.Channel.SMS, person.citizen_phone),
            (Notification.Channel.WHATSAPP, person.citizen_phone),
        ):
            if not recipient or person.anonymised_at:
                continue
            if person.notify_by not in ("both", channel) or (
                channel == Notification.Channel.WHATSAPP and person.notify_by != channel
            ):
                continue
            note, was_created = Notification.objects.get_or_create(
                request=person,
                event=event,
                channel=channel,
                recipient=recipient,
                defaults={"language": language},
            )
            if was_created:
                created.append(note.pk)
    # The task rows are written in the caller's transaction (the tasks live in the same
    # database): a crash right after the commit cannot leave a notification without its task.
    for pk in created:
        send_notification.enqueue(pk)
