"""Workflows on citizen requests: each verb owns its transaction, its audit entry, its
timeline line and the notifications it queues (sent after commit, in the background)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iletisim.accounts.models import Unit
from iletisim.core.audit import log_action, register_actions
from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import due_date as legal_due_date
from iletisim.lib.turkish import fold
from iletisim.service_requests.deadlines import compute_due_date, next_tracking_number
from iletisim.service_requests.duplicates import suggest_duplicates
from iletisim.service_requests.models import (
    Attachment,
    Category,
    Neighbourhood,
    Notification,
    RequestType,
    RoutingModel,
    ServiceRequest,
    Status,
    Update,
)
from iletisim.service_requests.router import get_router, train
from iletisim.service_requests.uploads import CleanFile

# Re-exported: the intake helpers and duplicate suggestions live in their own modules.
__all__ = ["compute_due_date", "next_tracking_number", "suggest_duplicates"]

OUTSIDE_UNIT = "diger-kurum"

register_actions(
    {
        "service_requests.request.submitted": gettext_lazy("Citizen request received"),
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
    """Create the notification rows for an event and enqueue their sending after commit.

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
    for pk in created:
        transaction.on_commit(partial(send_notification.enqueue, pk))


# --- intake ---------------------------------------------------------------------------------


def submit_request(
    *,
    type: str,
    description: str,
    channel: str,
    category: Category | None = None,
    neighbourhood: Neighbourhood | None = None,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_email: str = "",
    national_id: str = "",
    notify_by: str = "both",
    kvkk_acknowledged: bool = False,
    answers: dict[str, Any] | None = None,
    files: Iterable[CleanFile] = (),
    submission_key: str | None = None,
    language: str = "tr",
    by: Any = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """Record a new request, propose a directorate, and tell the citizen its number.

    A repeated submission with the same key (a double click, a browser resend) returns the
    request the first one created, so one form makes one request.
    """
    if submission_key:
        existing = ServiceRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if type == RequestType.INFORMATION and not (citizen_name and (citizen_email or address)):
        raise ValidationError(
            _(
                "An information request needs your name and an address to answer to "
                "(Law 4982, art. 6): it cannot be anonymous."
            )
        )
    files = list(files)
    with translation.override(settings.LANGUAGE_CODE):  # the reason is read by staff
        proposal = get_router().route(
            description,
            category=category,
            neighbourhood_id=neighbourhood.pk if neighbourhood else None,
        )
    if category is None and proposal.category_id:
        category = Category.objects.filter(pk=proposal.category_id).first()
    now = timezone.now()
    due, kind = compute_due_date(type=type, category=category, received=timezone.localdate())
    try:
        with transaction.atomic():
            sr = ServiceRequest.objects.create(
                tracking_number=next_tracking_number(now.year),
                submission_key=submission_key or None,
                type=type,
                category=category,
                description=description,
                search_text=fold(f"{description} {address}"),
                answers={**(answers or {}), "_language": language},
                channel=channel,
                neighbourhood=neighbourhood,
                address=address,
                latitude=latitude,
                longitude=longitude,
                citizen_name=citizen_name,
                citizen_phone=citizen_phone,
                citizen_email=citizen_email,
                national_id=national_id if type == RequestType.INFORMATION else "",
                notify_by=notify_by,
                kvkk_acknowledged_at=now if kvkk_acknowledged else None,
                proposed_unit=Unit.objects.filter(code=proposal.unit).first(),
                routing_confidence=proposal.confidence,
                routing_reason=proposal.reason[:300],
                competent_body=category.competent_body if category else "",
                due_date=due,
                deadline_kind=kind,
                created_at=now,
            )
            for clean in files:
                attachment = Attachment(
                    request=sr,
                    original_name=clean.name,
                    content_type=clean.content_type,
                    size=len(clean.content),
                )
                attachment.file.save(clean.name, ContentFile(clean.content), save=False)
                attachment.save()
            Update.objects.create(
                request=sr,
                kind=Update.Kind.STATUS,
                status_to=Status.RECEIVED,
                is_public=True,
                actor=by if getattr(by, "is_authenticated", False) else None,
            )
            log_action(
                "service_requests.request.submitted",
                actor=by,
                target=sr,
                data={"channel": channel, "type": type, "proposed": proposal.unit},
                request=request,
            )
            queue_notifications(sr, Notification.Event.RECEIVED)
    except IntegrityError:
        # Two identical submissions raced; the other one won and holds the key.
        if submission_key:
            return ServiceRequest.objects.get(submission_key=submission_key)
        raise
    return sr


def submission_key_for(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# --- the desk and the directorates ------------------------------------------------------------


def route_request(
    *,
    sr: ServiceRequest,
    unit: Unit,
    by: Any,
    version: int | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """The desk confirms the router's proposal or picks another directorate."""
    if unit.code == OUTSIDE_UNIT:
        raise ValidationError(_("Use forwarding for bodies outside the municipality."))
    with transaction.atomic():
        sr = _locked(sr, version)
        previous = sr.unit
        if sr.status != Status.ROUTED or previous != unit:
            if sr.status != Status.ROUTED and not sr.can_become(Status.ROUTED):
                raise ValidationError(_("This request cannot be routed in its current status."))
            sr.unit = unit
            if previous != unit:
                sr.assignee = None
            sr.save(update_fields=["unit", "assignee"])
            if sr.status != Status.ROUTED:
                sr.transition(Status.ROUTED, by=by)
            else:
                _bump(sr)
        _line(
            sr,
            Update.Kind.ROUTE,
            _("Sent to %(unit)s.") % {"unit": unit.name} + (f" {note}" if note else ""),
            by,
            public=True,
        )
        log_action(
            "service_requests.request.routed",
            actor=by,
            target=sr,
            data={
                "unit": unit.code,
                "from": previous.code if previous else None,
                "proposed": sr.proposed_unit.code if sr.proposed_unit else None,
            },
            request=request,
        )
        queue_notifications(sr, Notification.Event.ROUTED)
        if previous != unit:
            from iletisim.service_requests.tasks import notify_unit_of_new_work

            transaction.on_commit(partial(notify_unit_of_new_work.enqueue, sr.pk, unit.pk))
    return sr


def forward_request(
    *,
    sr: ServiceRequest,
    competent_body: str,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """A subject outside the municipality: sent to the competent body, the citizen told
    (3071 art. 5)."""
    if not competent_body.strip():
        raise ValidationError(_("Name the body the request is forwarded to."))
    with transaction.atomic():
        sr = _locked(sr, version)
        if not sr.can_become(Status.FORWARDED):
            raise ValidationError(_("This request cannot be forwarded in its current status."))
        sr.unit = Unit.objects.get(code=OUTSIDE_UNIT)
        sr.competent_body = competent_body.strip()[:200]
        sr.save(update_fields=["unit", "competent_body"])
        sr.transition(
            Status.FORWARDED,
            by=by,
            text=_("This subject is handled by %(body)s; your request has been forwarded to them.")
            % {"body": sr.competent_body},
        )
        log_action(
            "service_requests.request.forwarded",
            actor=by,
            target=sr,
            data={"body": sr.competent_body},
            request=request,
        )
        queue_notifications(sr, Notification.Event.FORWARDED)
    return sr


def assign_request(
    *,
    sr: ServiceRequest,
    assignee: Any,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    with transaction.atomic():
        sr = _locked(sr, version)
        if sr.unit_id is None or sr.unit_id not in assignee.unit_ids:
            raise ValidationError(_("The assignee must belong to the request's unit."))
        sr.assignee = assignee
        sr.save(update_fields=["assignee"])
        if sr.status in (Status.ROUTED, Status.REOPENED):
            sr.transition(Status.IN_PROGRESS, by=by, public=True)
        else:
            _bump(sr)
        _line(sr, Update.Kind.ASSIGN, str(assignee), by, public=False)
        log_action(
            "service_requests.request.assigned",
            actor=by,
            target=sr,
            data={"assignee": assignee.pk},
            request=request,
        )
    return sr


def add_note(
    *, sr: ServiceRequest, text: str, by: Any, request: HttpRequest | None = None
) -> Update:
    if not text.strip():
        raise ValidationError(_("The note is empty."))
    with transaction.atomic():
        line = _line(sr, Update.Kind.NOTE, text.strip(), by, public=False)
        log_action("service_requests.request.noted", actor=by, target=sr, request=request)
    return line


def ask_citizen(
    *,
    sr: ServiceRequest,
    question: str,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """Ask the citizen for what is missing; the clock stops until they answer."""
    if not question.strip():
        raise ValidationError(_("Write the question to the citizen."))
    if sr.is_anonymous:
        raise ValidationError(_("The request is anonymous: there is nobody to ask."))
    with transaction.atomic():
        sr = _locked(sr, version)
        sr.transition(Status.WAITING_CITIZEN, by=by, public=True)
        sr.paused_at = timezone.now()
        sr.save(update_fields=["paused_at"])
        _line(sr, Update.Kind.MESSAGE, question.strip(), by, public=True)
        log_action("service_requests.request.asked_citizen", actor=by, target=sr, request=request)
        queue_notifications(sr, Notification.Event.WAITING)
    return sr


def citizen_reply(
    *, sr: ServiceRequest, text: str, request: HttpRequest | None = None
) -> ServiceRequest:
    """The citizen answers from their tracking page; the clock runs again, the pause added."""
    if not text.strip():
        raise ValidationError(_("Your message is empty."))
    with transaction.atomic():
        sr = _locked(sr, None)
        if sr.status != Status.WAITING_CITIZEN:
            raise ValidationError(_("Nothing is being asked of you on this request."))
        if sr.paused_at and sr.due_date:
            calendar = get_calendar()
            paused = calendar.working_days_between(
                timezone.localtime(sr.paused_at).date(), timezone.localdate()
            )
            sr.due_date = calendar.add_working_days(sr.due_date, paused)
        sr.paused_at = None
        sr.save(update_fields=["paused_at", "due_date"])
        if sr.assignee_id:
            resume = Status.IN_PROGRESS
        else:
            resume = Status.ROUTED if sr.unit_id else Status.RECEIVED
        sr.transition(resume, public=True)
        _line(sr, Update.Kind.CITIZEN, text.strip(), None, public=True)
        log_action(
            "service_requests.request.citizen_replied", target=sr, request=request, actor=None
        )
    return sr


def draft_answer(
    *,
    sr: ServiceRequest,
    text: str,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """The directorate writes the answer; the desk publishes it, unless the category lets
    the directorate answer directly."""
    if not text.strip():
        raise ValidationError(_("The answer is empty."))
    with transaction.atomic():
        sr = _locked(sr, version)
        sr.answer_draft = text.strip()
        sr.save(update_fields=["answer_draft"])
        if sr.category is not None and not sr.category.desk_publishes:
            return publish_answer(sr=sr, by=by, request=request)
        if sr.status != Status.ANSWER_REVIEW:
            sr.transition(Status.ANSWER_REVIEW, by=by, public=False)
        else:
            _bump(sr)
        log_action("service_requests.request.answer_drafted", actor=by, target=sr, request=request)
    return sr


def publish_answer(
    *,
    sr: ServiceRequest,
    by: Any,
    text: str = "",
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    with transaction.atomic():
        sr = _locked(sr, version)
        answer = (text or sr.answer_draft).strip()
        if not answer:
            raise ValidationError(_("There is no answer to publish."))
        sr.answer = answer
        sr.answer_draft = answer
        sr.save(update_fields=["answer", "answer_draft"])
        sr.transition(Status.ANSWERED, by=by, public=True)
        _line(sr, Update.Kind.ANSWER, answer, by, public=True)
        for duplicate in sr.duplicates.all():
            _line(duplicate, Update.Kind.ANSWER, answer, by, public=True)
        log_action("service_requests.request.answered", actor=by, target=sr, request=request)
        queue_notifications(sr, Notification.Event.ANSWERED)
    return sr


def close_request(
    *,
    sr: ServiceRequest,
    by: Any,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    with transaction.atomic():
        sr = _locked(sr, version)
        sr.transition(Status.CLOSED, by=by, public=True)
        log_action("service_requests.request.closed", actor=by, target=sr, request=request)
        queue_notifications(sr, Notification.Event.CLOSED)
    return sr


def reopen_request(
    *,
    sr: ServiceRequest,
    by: Any,
    reason: str,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    with transaction.atomic():
        sr = _locked(sr, version)
        sr.transition(Status.REOPENED, by=by, text=reason, public=False)
        log_action(
            "service_requests.request.reopened",
            actor=by,
            target=sr,
            data={"reason": reason[:500]},
            request=request,
        )
    return sr


def reject_request(
    *,
    sr: ServiceRequest,
    by: Any,
    reason: str,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting."))
    with transaction.atomic():
        sr = _locked(sr, version)
        sr.reject_reason = reason.strip()
        sr.save(update_fields=["reject_reason"])
        sr.transition(Status.REJECTED, by=by, text=reason.strip(), public=True)
        log_action("service_requests.request.rejected", actor=by, target=sr, request=request)
        queue_notifications(sr, Notification.Event.CLOSED)
    return sr


def merge_duplicate(
    *,
    sr: ServiceRequest,
    into: ServiceRequest,
    by: Any,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """Close `sr` as a duplicate of `into`; its citizen hears the answer of `into`."""
    if sr.pk == into.pk or into.duplicate_of_id:
        raise ValidationError(_("Merge into the original request, not into itself."))
    with transaction.atomic():
        sr = _locked(sr, None)
        sr.duplicate_of = into
        sr.save(update_fields=["duplicate_of"])
        sr.transition(
            Status.DUPLICATE,
            by=by,
            text=_("Handled together with request %(number)s.") % {"number": into},
            public=True,
        )
        log_action(
            "service_requests.request.merged",
            actor=by,
            target=sr,
            data={"into": into.tracking_number},
            request=request,
        )
    return sr


def extend_deadline(
    *, sr: ServiceRequest, by: Any, reason: str, request: HttpRequest | None = None
) -> ServiceRequest:
    """4982 art. 11: 30 working days when another body must be consulted, the applicant told
    in writing, with the reason, before the first 15 days end."""
    if sr.type != RequestType.INFORMATION or sr.extended:
        raise ValidationError(_("Only an information request can be extended, once."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if sr.due_date and timezone.localdate() > sr.due_date:
        raise ValidationError(_("The 15 working days have already passed."))
    with transaction.atomic():
        sr = _locked(sr, None)
        received = timezone.localtime(sr.created_at).date()
        sr.due_date = legal_due_date("bilgi-edinme-uzatma", received, get_calendar())
        sr.deadline_kind = "bilgi-edinme-uzatma"
        sr.extended = True
        _bump(sr, "due_date", "deadline_kind", "extended")
        _line(
            sr,
            Update.Kind.MESSAGE,
            _("The answer period is extended to %(date)s: %(reason)s")
            % {"date": sr.due_date.strftime("%d.%m.%Y"), "reason": reason.strip()},
            by,
            public=True,
        )
        log_action("service_requests.request.extended", actor=by, target=sr, request=request)
        queue_notifications(sr, Notification.Event.WAITING)
    return sr


# --- after closing -----------------------------------------------------------------------------


def survey_window_days() -> int:
    return int(getattr(settings, "SERVICE_REQUESTS_SURVEY_DAYS", 30))


def rate_request(
    *,
    sr: ServiceRequest,
    rating: int,
    comment: str = "",
    solved: bool = True,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """The citizen's satisfaction survey. An unhappy answer within the window reopens the
    request for the desk."""
    if sr.status not in (Status.ANSWERED, Status.CLOSED) or sr.rated_at is not None:
        raise ValidationError(_("This request cannot be rated now."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    with transaction.atomic():
        sr = _locked(sr, None)
        sr.rating = rating
        sr.rating_comment = comment.strip()[:2000]
        sr.rated_at = timezone.now()
        _bump(sr, "rating", "rating_comment", "rated_at")
        log_action(
            "service_requests.request.rated",
            target=sr,
            data={"rating": rating, "solved": solved},
            request=request,
        )
        answered = sr.answered_at or sr.created_at
        recent = timezone.now() - answered <= dt.timedelta(days=survey_window_days())
        if (rating <= 2 or not solved) and recent and sr.can_become(Status.REOPENED):
            sr.transition(
                Status.REOPENED,
                text=_("The citizen is not satisfied: %(comment)s")
                % {"comment": sr.rating_comment or "—"},
                public=False,
            )
    return sr


# --- router training ---------------------------------------------------------------------------


def retrain_router(*, min_samples: int = 50) -> RoutingModel | None:
    """Learn from where the desk actually sent requests (the last 20,000 routed)."""
    rows = list(
        ServiceRequest.objects.filter(unit__isnull=False, anonymised_at__isnull=True)
        .exclude(status=Status.RECEIVED)
        .order_by("-created_at")
        .values_list("description", "unit__code")[:20000]
    )
    if len(rows) < min_samples:
        return None
    with transaction.atomic():
        model = RoutingModel.objects.create(samples=len(rows), data=train(rows))
        RoutingModel.objects.exclude(pk=model.pk).filter(
            pk__in=RoutingModel.objects.values_list("pk", flat=True)[5:]
        ).delete()
        log_action("service_requests.router.trained", data={"samples": len(rows)})
    return model


def set_public_visibility(
    *, sr: ServiceRequest, hidden: bool, by: Any, request: HttpRequest | None = None
) -> ServiceRequest:
    """The desk hides a request from public output (Open311) or shows it again."""
    with transaction.atomic():
        sr = _locked(sr, None)
        if sr.hidden_from_public != hidden:
            sr.hidden_from_public = hidden
            _bump(sr, "hidden_from_public")
            log_action(
                "service_requests.request.visibility",
                actor=by,
                target=sr,
                data={"hidden": hidden},
                request=request,
            )
    return sr


def add_citizen_message(
    *,
    sr: ServiceRequest,
    text: str,
    files: Iterable[CleanFile] = (),
    channel: str = "",
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """A later message of the citizen on another channel (WhatsApp, e-mail) joins the open
    request: a line on the timeline and its attachments. If the desk was waiting for the
    citizen, this is their reply and the clock runs again."""
    files = list(files)
    if sr.status == Status.WAITING_CITIZEN and text.strip():
        sr = citizen_reply(sr=sr, text=text, request=request)
        text = ""
    with transaction.atomic():
        sr = _locked(sr, None)
        for clean in files:
            attachment = Attachment(
                request=sr,
                original_name=clean.name,
                content_type=clean.content_type,
                size=len(clean.content),
            )
            attachment.file.save(clean.name, ContentFile(clean.content), save=False)
            attachment.save()
        if text.strip() or files:
            _line(sr, Update.Kind.CITIZEN, text.strip(), None, public=True)
        _bump(sr)
        log_action(
            "service_requests.request.citizen_message",
            target=sr,
            data={"channel": channel, "files": len(files)},
            request=request,
        )
    return sr
