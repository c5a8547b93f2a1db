"""A data subject's requests about their personal data (KVKK art. 11): a copy (show), a
correction or an erasure. The citizen asks from the tracking page; the desk answers within
30 days (art. 13): sends the copy to the e-mail address on file, applies the correction,
erases through `erase_personal_data`, or refuses giving the (legal) reason. Each step is
audited (field names only, never the values), written on the public timeline, and the
answer is sent to the citizen."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iletisim.core.audit import log_action
from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import due_date as legal_due_date
from iletisim.lib.turkish import fold
from iletisim.service_requests.actions.common import _bump, _line, _locked, queue_notifications
from iletisim.service_requests.models import (
    CORRECTABLE_FIELDS,
    DataCorrection,
    Notification,
    ServiceRequest,
    Update,
    WhatsAppMessage,
)

logger = logging.getLogger(__name__)

Kind = DataCorrection.Kind

# What a copy holds and what an erasure blanks: the request's personal fields.
PERSONAL_FIELDS = ["citizen_name", "citizen_phone", "citizen_email", "national_id", "address"]

_ALREADY: dict[str, Any] = {
    Kind.SHOW: gettext_lazy("A copy of this request's personal data has already been asked for."),
    Kind.CORRECT: gettext_lazy(
        "A correction of this request's personal data is already being examined."
    ),
    Kind.ERASE: gettext_lazy(
        "The erasure of this request's personal data has already been asked for."
    ),
}


_FIELD_LABELS = {**CORRECTABLE_FIELDS, "national_id": gettext_lazy("TC kimlik no")}


def _labels(fields: list[str]) -> str:
    return ", ".join(str(_FIELD_LABELS[name]) for name in fields)


def request_correction(
    *,
    sr: ServiceRequest,
    changes: dict[str, str],
    note: str = "",
    by: Any = None,
    request: HttpRequest | None = None,
) -> DataCorrection:
    """Record the citizen's correction request; only fields whose value really changes count.

    `by` is the staff member who took a request made by letter or in person (None: the
    citizen on their tracking page)."""
    with transaction.atomic():
        sr = _locked(sr, None)
        if sr.anonymised_at:
            raise ValidationError(_("The personal data of this request has been erased."))
        wanted = {
            name: str(value).strip()
            for name, value in changes.items()
            if name in CORRECTABLE_FIELDS
            and str(value).strip()
            and str(value).strip() != getattr(sr, name)
        }
        if not wanted:
            raise ValidationError(
                _("Nothing to correct: fill in the details that should change, as they should be.")
            )
        fields = [name for name in CORRECTABLE_FIELDS if name in wanted]
        correction = _record(sr, Kind.CORRECT, fields, wanted, note, by, request)
    return correction


def _record(
    sr: ServiceRequest,
    kind: str,
    fields: list[str],
    changes: dict[str, str],
    note: str,
    by: Any,
    request: HttpRequest | None,
) -> DataCorrection:
    """Write the data subject's request with its due date, the public timeline line and
    the audit entry (inside the caller's transaction, the request row locked)."""
    if DataCorrection.objects.filter(
        request=sr, kind=kind, state=DataCorrection.State.PENDING
    ).exists():
        raise ValidationError(str(_ALREADY[kind]))
    answer_due = legal_due_date("kvkk-basvuru", timezone.localdate(), get_calendar())
    try:
        with transaction.atomic():
            correction = DataCorrection.objects.create(
                request=sr,
                kind=kind,
                fields=fields,
                changes=changes,
                note=note.strip()[:2000],
                due_date=answer_due,
            )
    except IntegrityError:  # a double submit racing this one
        raise ValidationError(str(_ALREADY[kind])) from None
    date = answer_due.strftime("%d.%m.%Y")
    if kind == Kind.CORRECT:
        text = _(
            "Correction of personal data asked (%(fields)s). "
            "The answer is due by %(date)s (KVKK art. 13)."
        ) % {"fields": _labels(fields), "date": date}
    elif kind == Kind.SHOW:
        text = _(
            "A copy of the personal data asked. The answer is due by %(date)s (KVKK art. 13)."
        ) % {"date": date}
    else:
        text = _(
            "Erasure of the personal data asked. The answer is due by %(date)s (KVKK art. 13)."
        ) % {"date": date}
    _line(sr, Update.Kind.CITIZEN, text, by, public=True)
    log_action(
        "service_requests.request.correction_asked"
        if kind == Kind.CORRECT
        else "service_requests.request.data_request_asked",
        actor=by,
        target=sr,
        data={"correction": correction.pk, "kind": kind, "fields": fields},
        request=request,
    )
    return correction


def request_data_subject(
    *,
    sr: ServiceRequest,
    kind: str,
    note: str = "",
    by: Any = None,
    request: HttpRequest | None = None,
) -> DataCorrection:
    """Record a citizen's request for a copy (`show`) or the erasure (`erase`) of the
    personal data of a request. A copy goes by e-mail only, so it needs an address on file;
    an erasure needs contact data to erase."""
    if kind not in (Kind.SHOW, Kind.ERASE):
        raise ValidationError(_("Choose what you are asking for."))
    with transaction.atomic():
        sr = _locked(sr, None)
        if sr.anonymised_at:
            raise ValidationError(_("The personal data of this request has been erased."))
        if kind == Kind.SHOW and not sr.citizen_email:
            raise ValidationError(
                _(
                    "A copy is sent by e-mail and this request has no e-mail address: "
                    "correct it first, or apply in person."
                )
            )
        fields = [name for name in PERSONAL_FIELDS if getattr(sr, name)]
        if not fields:
            raise ValidationError(_("This request holds no personal data about you."))
        return _record(sr, kind, fields, {}, note, by, request)


def _pending(sr: ServiceRequest, correction_id: int) -> DataCorrection:
    correction = (
        DataCorrection.objects.select_for_update()
        .filter(pk=correction_id, request=sr, state=DataCorrection.State.PENDING)
        .first()
    )
    if correction is None:
        raise ValidationError(_("This correction has already been decided."))
    return correction


def _answer_text(correction: DataCorrection, applied: bool, reason: str) -> str:
    """The public timeline line of the desk's answer."""
    if not applied:
        if correction.kind == Kind.CORRECT:
            return _(
                "Your request to correct your personal data (%(fields)s) was refused: %(reason)s"
            ) % {"fields": _labels(correction.fields), "reason": reason}
        return _("Your request (%(what)s) was refused: %(reason)s") % {
            "what": correction.get_kind_display(),
            "reason": reason,
        }
    if correction.kind == Kind.SHOW:
        return _("A copy of your personal data has been sent to your e-mail address.")
    if correction.kind == Kind.ERASE:
        return _("Your personal data on this request has been erased as you asked.")
    return _("Your personal data has been corrected as you asked (%(fields)s).") % {
        "fields": _labels(correction.fields)
    }


_AUDIT: dict[tuple[str, bool], str] = {
    (Kind.CORRECT, True): "service_requests.request.corrected",
    (Kind.CORRECT, False): "service_requests.request.correction_refused",
    (Kind.SHOW, True): "service_requests.request.exported",
    (Kind.SHOW, False): "service_requests.request.data_request_refused",
    (Kind.ERASE, True): "service_requests.request.anonymised",
    (Kind.ERASE, False): "service_requests.request.data_request_refused",
}


def _decide(
    *,
    sr: ServiceRequest,
    correction_id: int,
    state: str,
    by: Any,
    request: HttpRequest | None,
    reason: str = "",
) -> DataCorrection:
    """Answer in one transaction: what the request asks (correct the fields, queue the copy,
    erase), the decision, the public timeline line, the audit entry and the citizen's
    notification. An erasure's notice is sent right before the commit, to the contact details
    it erased (no notification row may keep them)."""
    applied = state == DataCorrection.State.APPLIED
    with transaction.atomic():
        sr = _locked(sr, None)
        correction = _pending(sr, correction_id)
        kind = correction.kind
        if sr.anonymised_at:  # erased since it was asked: nothing left to show or correct
            raise ValidationError(_("The personal data of this request has been erased."))
        if applied and kind == Kind.CORRECT:
            for name, value in correction.changes.items():
                setattr(sr, name, value)
            sr.search_text = fold(f"{sr.description} {sr.address}")
            _bump(sr, *correction.changes, "search_text")
        correction.state = state
        correction.decided_at = timezone.now()
        correction.decided_by = by
        correction.refuse_reason = reason
        correction.changes = {}  # the values now live on the request, or nowhere
        correction.save(
            update_fields=["state", "decided_at", "decided_by", "refuse_reason", "changes"]
        )
        _line(sr, Update.Kind.MESSAGE, _answer_text(correction, applied, reason), by, public=True)
        ref = f"correction-{correction.pk}"
        if applied and kind == Kind.ERASE:
            contact = (sr.citizen_email, sr.citizen_phone, sr.notify_by, _language(sr))
            erase_personal_data(sr=sr, by=by, request=request, correction=correction)
            _send_erasure_notice(sr, *contact)
            return correction
        log_action(
            _AUDIT[(kind, applied)],
            actor=by,
            target=sr,
            data={"correction": correction.pk, "kind": kind, "fields": correction.fields},
            request=request,
        )
        if applied and kind == Kind.SHOW:
            _queue_copy(sr, ref)
        elif kind == Kind.CORRECT:
            queue_notifications(
                sr,
                Notification.Event.CORRECTED if applied else Notification.Event.CORRECTION_REFUSED,
                ref=ref,
            )
        else:
            queue_notifications(sr, Notification.Event.DATA_REQUEST_REFUSED, ref=ref)
    return correction


def _language(sr: ServiceRequest) -> str:
    return "en" if sr.answers.get("_language") == "en" else "tr"


def _queue_copy(sr: ServiceRequest, ref: str) -> None:
    """The copy goes by e-mail only, to the address on file (never on the tracking page)."""
    from iletisim.service_requests.tasks import send_notification

    note, created = Notification.objects.get_or_create(
        request=sr,
        event=Notification.Event.DATA_COPY,
        channel=Notification.Channel.EMAIL,
        recipient=sr.citizen_email,
        ref=ref,
        defaults={"language": _language(sr)},
    )
    if created:
        send_notification.enqueue(note.pk)


def _send_erasure_notice(
    sr: ServiceRequest, email: str, phone: str, notify_by: str, language: str
) -> None:
    """Tell the citizen their data is erased, the last thing before the commit: the
    addresses live only in this call (no notification row may keep them), and the tracking
    link of an erased request is a 404. If the notice cannot be sent, nothing is erased and
    the desk tries again."""
    from iletisim.service_requests.notify import send_erasure_notice

    try:
        send_erasure_notice(sr, email=email, phone=phone, notify_by=notify_by, language=language)
    except Exception as exc:
        logger.exception("erasure notice for %s not sent", sr.tracking_number)
        raise ValidationError(
            _("The citizen could not be told, so nothing was erased. Try again later.")
        ) from exc


def erase_personal_data(
    *,
    sr: ServiceRequest,
    by: Any = None,
    request: HttpRequest | None = None,
    correction: DataCorrection | None = None,
) -> None:
    """Erase a request's personal data (KVKK art. 7 and 11(1)(e)): name, contacts, TC
    kimlik no, address and the traces of its notifications; type, category, unit,
    neighbourhood, dates, status and rating stay for the statistics. Call inside the
    caller's transaction; audited with the names of the erased fields."""
    fields = [name for name in PERSONAL_FIELDS if getattr(sr, name)]
    ServiceRequest.objects.filter(pk=sr.pk).update(
        citizen_name="",
        citizen_phone="",
        citizen_email="",
        national_id="",
        address="",
        search_text=fold(sr.description),
        anonymised_at=timezone.now(),
    )
    forget_contact_traces(sr)
    # Other data requests still waiting on this request have nothing left to act on.
    others = DataCorrection.objects.filter(request=sr, state=DataCorrection.State.PENDING)
    if correction is not None:
        others = others.exclude(pk=correction.pk)
    others.update(
        state=DataCorrection.State.REFUSED,
        decided_at=timezone.now(),
        decided_by=by if getattr(by, "is_authenticated", False) else None,
        refuse_reason=str(_("The personal data of this request has been erased.")),
    )
    data: dict[str, Any] = {"reason": "data subject request", "fields": fields}
    if correction is not None:
        data["correction"] = correction.pk
    log_action(
        "service_requests.request.anonymised", actor=by, target=sr, data=data, request=request
    )


def apply_correction(
    *,
    sr: ServiceRequest,
    correction_id: int,
    by: Any,
    request: HttpRequest | None = None,
) -> DataCorrection:
    """The desk answers as asked: corrects the data (the citizen is told through the
    corrected contact details), sends the copy, or erases the data."""
    return _decide(
        sr=sr,
        correction_id=correction_id,
        state=DataCorrection.State.APPLIED,
        by=by,
        request=request,
    )


def refuse_correction(
    *,
    sr: ServiceRequest,
    correction_id: int,
    reason: str,
    by: Any,
    request: HttpRequest | None = None,
) -> DataCorrection:
    """The desk refuses, giving the reason (KVKK art. 13: a reasoned answer; for an
    erasure, the legal reason to keep the data)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for refusing the correction."))
    return _decide(
        sr=sr,
        correction_id=correction_id,
        state=DataCorrection.State.REFUSED,
        by=by,
        request=request,
        reason=reason.strip()[:2000],
    )


def forget_contact_traces(sr: ServiceRequest) -> None:
    """What erasing and anonymising must clear besides the request's own fields: the
    addresses and numbers its notifications went to, its WhatsApp number, and the values of
    its correction requests. Call inside the caller's transaction."""
    # Recipients become "-<id>": still unique per row, no longer personal.
    Notification.objects.filter(request=sr).update(
        recipient=Concat(Value("-"), Cast("pk", output_field=CharField()))
    )
    WhatsAppMessage.objects.filter(request=sr).update(wa_id="")
    DataCorrection.objects.filter(request=sr).update(changes={}, note="", refuse_reason="")
