"""Intake: a new request from any channel, and a citizen writing again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iletisim.accounts.models import Unit
from iletisim.core.audit import log_action
from iletisim.lib.turkish import fold
from iletisim.service_requests.deadlines import compute_due_date, next_tracking_number
from iletisim.service_requests.duplicates import suggest_duplicates
from iletisim.service_requests.models import (
    Attachment,
    Category,
    Neighbourhood,
    Notification,
    RequestType,
    ServiceRequest,
    Status,
    Update,
)
from iletisim.service_requests.router import get_router
from iletisim.service_requests.uploads import CleanFile

# Re-exported: the intake helpers and duplicate suggestions live in their own modules.
__all__ = ["compute_due_date", "next_tracking_number", "suggest_duplicates"]
from iletisim.service_requests.actions.common import (
    _bump,
    _line,
    _locked,
    queue_notifications,
)
from iletisim.service_requests.actions.desk import citizen_reply

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
    if type == RequestType.PETITION and not (citizen_name and (citizen_email or address)):
        raise ValidationError(
            _(
                "A petition needs your name and an address to answer to (Law 3071, art. 6): "
                "an anonymous petition is not examined."
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
