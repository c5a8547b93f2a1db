"""The desk and the directorates: route, forward, assign, ask, answer, close, merge."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from iletisim.accounts.models import Unit
from iletisim.core.audit import log_action
from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import due_date as legal_due_date
from iletisim.service_requests.actions.common import (
    OUTSIDE_UNIT,
    _bump,
    _line,
    _locked,
    _move,
    queue_notifications,
    verb,
)
from iletisim.service_requests.models import (
    Notification,
    RequestType,
    ServiceRequest,
    Status,
    Update,
)

# --- the desk and the directorates ------------------------------------------------------------
# Each verb gives `verb` its specifics: the checks and the change on the locked row (returning
# the audit data), the audit action and the citizen's notification. Called as
# `route_request(sr=..., unit=..., by=..., version=None, request=None)`.


@verb("service_requests.request.routed")
def route_request(sr: ServiceRequest, *, unit: Unit, by: Any, note: str = "") -> dict[str, Any]:
    """The desk confirms the router's proposal or picks another directorate."""
    if unit.code == OUTSIDE_UNIT:
        raise ValidationError(_("Use forwarding for bodies outside the municipality."))
    previous = sr.unit
    if sr.status != Status.ROUTED or previous != unit:
        if sr.status != Status.ROUTED and not sr.can_become(Status.ROUTED):
            raise ValidationError(_("This request cannot be routed in its current status."))
        sr.unit = unit
        if previous != unit:
            sr.assignee = None
        sr.save(update_fields=["unit", "assignee"])
        _move(sr, Status.ROUTED, by=by, public=True)
    line = _line(
        sr,
        Update.Kind.ROUTE,
        _("Sent to %(unit)s.") % {"unit": unit.name} + (f" {note}" if note else ""),
        by,
        public=True,
    )
    if previous != unit:  # confirming the same directorate again tells nobody anew
        from iletisim.service_requests.tasks import notify_unit_of_new_work

        queue_notifications(sr, Notification.Event.ROUTED, ref=f"line-{line.pk}")
        transaction.on_commit(partial(notify_unit_of_new_work.enqueue, sr.pk, unit.pk))
    return {
        "unit": unit.code,
        "from": previous.code if previous else None,
        "proposed": sr.proposed_unit.code if sr.proposed_unit else None,
    }


@verb("service_requests.request.forwarded", notify=Notification.Event.FORWARDED)
def forward_request(sr: ServiceRequest, *, competent_body: str, by: Any) -> dict[str, Any]:
    """A subject outside the municipality: sent to the competent body, the citizen told
    (3071 art. 5)."""
    if not competent_body.strip():
        raise ValidationError(_("Name the body the request is forwarded to."))
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
    return {"body": sr.competent_body}


@verb("service_requests.request.assigned")
def assign_request(sr: ServiceRequest, *, assignee: Any, by: Any) -> dict[str, Any]:
    if sr.unit_id is None or sr.unit_id not in assignee.unit_ids:
        raise ValidationError(_("The assignee must belong to the request's unit."))
    sr.assignee = assignee
    sr.save(update_fields=["assignee"])
    if sr.status in (Status.ROUTED, Status.REOPENED):
        sr.transition(Status.IN_PROGRESS, by=by, public=True)
    else:
        _bump(sr)
    _line(sr, Update.Kind.ASSIGN, str(assignee), by, public=False)
    return {"assignee": assignee.pk}


def add_note(
    *, sr: ServiceRequest, text: str, by: Any, request: HttpRequest | None = None
) -> Update:
    """An internal line: no lock and no new version, so it never conflicts with an edit."""
    if not text.strip():
        raise ValidationError(_("The note is empty."))
    with transaction.atomic():
        line = _line(sr, Update.Kind.NOTE, text.strip(), by, public=False)
        log_action("service_requests.request.noted", actor=by, target=sr, request=request)
    return line


@verb("service_requests.request.asked_citizen", notify=Notification.Event.WAITING)
def ask_citizen(sr: ServiceRequest, *, question: str, by: Any) -> None:
    """Ask the citizen for what is missing; the clock stops until they answer."""
    if not question.strip():
        raise ValidationError(_("Write the question to the citizen."))
    if sr.is_anonymous:
        raise ValidationError(_("The request is anonymous: there is nobody to ask."))
    sr.transition(Status.WAITING_CITIZEN, by=by, public=True)
    sr.paused_at = timezone.now()
    sr.save(update_fields=["paused_at"])
    _line(sr, Update.Kind.MESSAGE, question.strip(), by, public=True)


@verb("service_requests.request.citizen_replied")
def citizen_reply(sr: ServiceRequest, *, text: str, by: Any = None) -> None:
    """The citizen answers from their tracking page; the clock runs again, the pause added."""
    if not text.strip():
        raise ValidationError(_("Your message is empty."))
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
    if sr.category is not None and not sr.category.desk_publishes:
        return publish_answer(sr=sr, by=by, text=text, version=version, request=request)
    return _save_draft(sr=sr, text=text, by=by, version=version, request=request)


@verb("service_requests.request.answer_drafted")
def _save_draft(sr: ServiceRequest, *, text: str, by: Any) -> None:
    sr.answer_draft = text.strip()
    sr.save(update_fields=["answer_draft"])
    _move(sr, Status.ANSWER_REVIEW, by=by, public=False)


@verb("service_requests.request.draft_returned")
def return_draft(sr: ServiceRequest, *, reason: str, by: Any) -> None:
    """The desk sends a draft answer back to the directorate with what to change."""
    if not reason.strip():
        raise ValidationError(_("Write what should change in the draft."))
    if sr.status != Status.ANSWER_REVIEW:
        raise ValidationError(_("There is no draft answer waiting for approval."))
    sr.transition(Status.IN_PROGRESS, by=by, text=reason.strip(), public=False)


@verb("service_requests.request.answered", notify=Notification.Event.ANSWERED)
def publish_answer(sr: ServiceRequest, *, by: Any, text: str = "") -> None:
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


@verb("service_requests.request.closed", notify=Notification.Event.CLOSED)
def close_request(sr: ServiceRequest, *, by: Any) -> None:
    sr.transition(Status.CLOSED, by=by, public=True)


@verb("service_requests.request.reopened")
def reopen_request(sr: ServiceRequest, *, reason: str, by: Any) -> dict[str, Any]:
    sr.transition(Status.REOPENED, by=by, text=reason, public=False)
    return {"reason": reason[:500]}


@verb("service_requests.request.rejected", notify=Notification.Event.CLOSED)
def reject_request(sr: ServiceRequest, *, reason: str, by: Any) -> None:
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting."))
    sr.reject_reason = reason.strip()
    sr.save(update_fields=["reject_reason"])
    sr.transition(Status.REJECTED, by=by, text=reason.strip(), public=True)


@verb("service_requests.request.merged")
def merge_duplicate(sr: ServiceRequest, *, into: ServiceRequest, by: Any) -> dict[str, Any]:
    """Close `sr` as a duplicate of `into`; its citizen hears the answer of `into`."""
    if sr.pk == into.pk or into.duplicate_of_id:
        raise ValidationError(_("Merge into the original request, not into itself."))
    sr.duplicate_of = into
    sr.save(update_fields=["duplicate_of"])
    sr.transition(
        Status.DUPLICATE,
        by=by,
        text=_("Handled together with request %(number)s.") % {"number": into},
        public=True,
    )
    return {"into": into.tracking_number}


@verb("service_requests.request.extended", notify=Notification.Event.WAITING)
def extend_deadline(sr: ServiceRequest, *, reason: str, by: Any) -> None:
    """4982 art. 11: 30 working days when another body must be consulted, the applicant told
    in writing, with the reason, before the first 15 days end."""
    if sr.type != RequestType.INFORMATION or sr.extended:
        raise ValidationError(_("Only an information request can be extended, once."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if sr.due_date and timezone.localdate() > sr.due_date:
        raise ValidationError(_("The 15 working days have already passed."))
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


def set_public_visibility(
    *, sr: ServiceRequest, hidden: bool, by: Any, request: HttpRequest | None = None
) -> ServiceRequest:
    """The desk hides a request from public output (Open311) or shows it again; audited only
    when it changes, so it keeps its own small shape."""
    with transaction.atomic():
        sr = _locked(sr, None)
        if sr.hidden_from_public != hidden:
            sr.hidden_from_public = hidden
            _bump(sr, "hidden_from_public")
            _line(
                sr,
                Update.Kind.NOTE,
                _("Hidden from public output (Open311).")
                if hidden
                else _("Shown in public output again."),
                by,
                public=False,
            )
            log_action(
                "service_requests.request.visibility",
                actor=by,
                target=sr,
                data={"hidden": hidden},
                request=request,
            )
    return sr
