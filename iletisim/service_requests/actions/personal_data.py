"""A data subject's correction of personal data (KVKK art. 11(1)(d)): the citizen asks from
the tracking page, the desk corrects or refuses with a reason within 30 days (art. 13). Each
step is audited (field names only, never the values), written on the public timeline, and
the decision is sent to the citizen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

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


def _labels(fields: list[str]) -> str:
    return ", ".join(str(CORRECTABLE_FIELDS[name]) for name in fields)


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
        if DataCorrection.objects.filter(request=sr, state=DataCorrection.State.PENDING).exists():
            raise ValidationError(
                _("A correction of this request's personal data is already being examined.")
            )
        fields = [name for name in CORRECTABLE_FIELDS if name in wanted]
        correction_due = legal_due_date("kvkk-basvuru", timezone.localdate(), get_calendar())
        try:
            with transaction.atomic():
                correction = DataCorrection.objects.create(
                    request=sr,
                    fields=fields,
                    changes=wanted,
                    note=note.strip()[:2000],
                    due_date=correction_due,
                )
        except IntegrityError:  # a double submit racing this one
            raise ValidationError(
                _("A correction of this request's personal data is already being examined.")
            ) from None
        _line(
            sr,
            Update.Kind.CITIZEN,
            _(
                "Correction of personal data asked (%(fields)s). "
                "The answer is due by %(date)s (KVKK art. 13)."
            )
            % {"fields": _labels(fields), "date": correction_due.strftime("%d.%m.%Y")},
            by,
            public=True,
        )
        log_action(
            "service_requests.request.correction_asked",
            actor=by,
            target=sr,
            data={"correction": correction.pk, "fields": fields},
            request=request,
        )
    return correction


def _pending(sr: ServiceRequest, correction_id: int) -> DataCorrection:
    correction = (
        DataCorrection.objects.select_for_update()
        .filter(pk=correction_id, request=sr, state=DataCorrection.State.PENDING)
        .first()
    )
    if correction is None:
        raise ValidationError(_("This correction has already been decided."))
    return correction


def _decide(
    *,
    sr: ServiceRequest,
    correction_id: int,
    state: str,
    by: Any,
    request: HttpRequest | None,
    reason: str = "",
) -> DataCorrection:
    """Apply or refuse in one transaction: the request's fields (when applied), the decision,
    the public timeline line, the audit entry and the citizen's notification."""
    applied = state == DataCorrection.State.APPLIED
    with transaction.atomic():
        sr = _locked(sr, None)
        correction = _pending(sr, correction_id)
        if applied:
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
        fields = _labels(correction.fields)
        if applied:
            text = _("Your personal data has been corrected as you asked (%(fields)s).") % {
                "fields": fields
            }
        else:
            text = _(
                "Your request to correct your personal data (%(fields)s) was refused: %(reason)s"
            ) % {"fields": fields, "reason": reason}
        _line(sr, Update.Kind.MESSAGE, text, by, public=True)
        log_action(
            "service_requests.request.corrected"
            if applied
            else "service_requests.request.correction_refused",
            actor=by,
            target=sr,
            data={"correction": correction.pk, "fields": correction.fields},
            request=request,
        )
        queue_notifications(
            sr,
            Notification.Event.CORRECTED if applied else Notification.Event.CORRECTION_REFUSED,
            ref=f"correction-{correction.pk}",
        )
    return correction


def apply_correction(
    *,
    sr: ServiceRequest,
    correction_id: int,
    by: Any,
    request: HttpRequest | None = None,
) -> DataCorrection:
    """The desk corrects the data as asked; the citizen is told through the corrected
    contact details."""
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
    """The desk refuses, giving the reason (KVKK art. 13: a reasoned answer)."""
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
