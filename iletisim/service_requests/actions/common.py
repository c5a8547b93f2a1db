"""Shared pieces of the request workflows: the audit vocabulary, conflicts, timeline lines
and queued notifications."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from iletisim.core.audit import log_action, register_actions
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
        "service_requests.request.draft_returned": gettext_lazy("Draft answer sent back"),
        "service_requests.request.closed": gettext_lazy("Citizen request closed"),
        "service_requests.request.reopened": gettext_lazy("Citizen request reopened"),
        "service_requests.request.rejected": gettext_lazy("Citizen request rejected"),
        "service_requests.request.merged": gettext_lazy("Duplicate request merged"),
        "service_requests.request.extended": gettext_lazy("Deadline extended"),
        "service_requests.request.rated": gettext_lazy("Satisfaction survey answered"),
        "service_requests.request.escalated": gettext_lazy("Overdue request escalated"),
        "service_requests.request.anonymised": gettext_lazy("Personal data anonymised"),
        "service_requests.request.exported": gettext_lazy("Personal data exported"),
        "service_requests.request.correction_asked": gettext_lazy(
            "Correction of personal data asked"
        ),
        "service_requests.request.corrected": gettext_lazy("Personal data corrected"),
        "service_requests.request.correction_refused": gettext_lazy(
            "Personal data correction refused"
        ),
        "service_requests.request.data_request_asked": gettext_lazy("Personal data request asked"),
        "service_requests.request.data_request_refused": gettext_lazy(
            "Personal data request refused"
        ),
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


def _act(
    sr: ServiceRequest,
    change: Callable[[ServiceRequest], dict[str, Any] | None],
    *,
    audit: str,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
    notify: str = "",
) -> ServiceRequest:
    """The shape the workflow verbs share, in one transaction: lock the row (a caller who saw
    an older `version` gets ConflictError), make the verb's `change` on the locked row (its
    fields, transition and timeline lines; it returns the audit entry's data or None), write
    the audit entry, queue the citizen's notifications for `notify`."""
    with transaction.atomic():
        sr = _locked(sr, version)
        data = change(sr)
        log_action(audit, actor=by, target=sr, data=data, request=request)
        if notify:
            # An event can come back (asked twice, answered again after reopening): the
            # timeline line it is about keys it, so each happens once and none is swallowed.
            line = sr.updates.order_by("-pk").values_list("pk", flat=True).first()
            queue_notifications(sr, notify, ref=f"line-{line}")
    return sr


Change = Callable[..., dict[str, Any] | None]


def verb(audit: str, *, notify: str = "") -> Callable[[Change], Callable[..., ServiceRequest]]:
    """Make a workflow verb from its specifics. The decorated function receives the locked
    row and its own keyword arguments (`by` and, e.g., `text`); it checks them, makes its
    change and returns the audit data or None. The verb it becomes is called as
    `name(sr=..., by=..., version=None, request=None, **specifics)` and runs `_act`."""

    def decorate(change: Change) -> Callable[..., ServiceRequest]:
        @wraps(change)
        def run(
            *,
            sr: ServiceRequest,
            by: Any = None,
            version: int | None = None,
            request: HttpRequest | None = None,
            **specifics: Any,
        ) -> ServiceRequest:
            def on_locked(locked: ServiceRequest) -> dict[str, Any] | None:
                return change(locked, by=by, **specifics)

            return _act(
                sr,
                on_locked,
                audit=audit,
                by=by,
                version=version,
                request=request,
                notify=notify,
            )

        return run

    return decorate


def _move(sr: ServiceRequest, to: str, *, by: Any, public: bool) -> None:
    """Change status to `to`; when already there, count the change as a new version."""
    if sr.status != to:
        sr.transition(to, by=by, public=public)
    else:
        _bump(sr)


def queue_notifications(sr: ServiceRequest, event: str, *, ref: str = "") -> None:
    """Create the notification rows for an event and enqueue their sending (the worker sees
    the task once the caller's transaction commits).

    The unique key (request, event, channel, recipient) makes a second call a no-op, so an
    event is never sent twice. Merged duplicates' citizens hear of the answer and closing.
    `ref` names what an event that can happen more than once is about (`line-34`, the
    timeline line; `correction-12`).
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
                ref=ref,
                defaults={"language": language},
            )
            if was_created:
                created.append(note.pk)
    # The task rows are written in the caller's transaction (the tasks live in the same
    # database): a crash right after the commit cannot leave a notification without its task.
    for pk in created:
        send_notification.enqueue(pk)
