"""Intake: a new request from any channel, and a citizen writing again."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iletisim.accounts.models import Unit
from iletisim.core.audit import audit_entry, log_action
from iletisim.core.models import AuditEntry
from iletisim.lib.turkish import fold
from iletisim.service_requests.actions.common import (
    _bump,
    _line,
    _locked,
    queue_notifications,
)
from iletisim.service_requests.actions.desk import citizen_reply
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
from iletisim.service_requests.tasks import schedule_proposals
from iletisim.service_requests.uploads import CleanFile

# Re-exported: the intake helpers and duplicate suggestions live in their own modules.
__all__ = ["compute_due_date", "next_tracking_number", "suggest_duplicates"]
PROPOSAL_BATCH = 200
PROPOSAL_FIELDS = (
    "proposed_unit_id",
    "routing_confidence",
    "routing_reason",
    "category_id",
    "competent_body",
    "due_date",
    "deadline_kind",
)

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
    audit: dict[str, Any] | None = None,
) -> ServiceRequest:
    """Record a new request and tell the citizen its number; the router's proposal follows
    from the worker (`propose_pending`) a moment later.

    A repeated submission with the same key (a double click, a browser resend) returns the
    request the first one created, so one form makes one request. `audit` adds to the data
    of the audit entry (e.g. the Open311 client).
    """
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
    now = timezone.now()
    due, kind = compute_due_date(type=type, category=category, received=timezone.localdate())
    number = next_tracking_number(now.year)
    try:
        with transaction.atomic():
            sr = ServiceRequest.objects.create(
                tracking_number=number,
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
                data={"channel": channel, "type": type, **(audit or {})},
                request=request,
            )
            queue_notifications(sr, Notification.Event.RECEIVED)
            # Routing reads the whole catalogue: it runs in the worker, in batches, so the
            # citizen's answer (the tracking number) never waits for it.
            schedule_proposals()
    except IntegrityError:
        # A repeated submission (or two racing): the first one holds the key. Checked here
        # rather than up front, so a fresh submission costs no extra query; a repeat costs
        # a gap in the year's tracking numbers.
        existing = (
            ServiceRequest.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        return existing
    return sr


def propose_pending(*, limit: int = PROPOSAL_BATCH) -> int:
    """Store the router's proposal for every new request still without one, `limit` at a
    time, each batch in one transaction with its rows locked (a second worker skips them).
    Returns how many proposals were stored."""
    stored = 0
    while True:
        with transaction.atomic():
            batch = list(
                _awaiting_proposal()
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:limit]
            )
            stored += _store_proposals(batch)
        if len(batch) < limit:
            return stored


def propose_unit(*, request_id: int) -> bool:
    """The router's proposal for one request (the unit, its confidence and reason; the
    category too when the citizen chose none, with the due date it brings). Safe to run
    twice: a request that already has a proposal, or that the desk has already routed, is
    left alone. Returns whether a proposal was stored."""
    with transaction.atomic():
        batch = list(_awaiting_proposal().select_for_update(of=("self",)).filter(pk=request_id))
        return _store_proposals(batch) > 0


def _awaiting_proposal() -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.select_related("category", "category__default_unit").filter(
        status=Status.RECEIVED, proposed_unit__isnull=True, routing_reason=""
    )


def _store_proposals(batch: list[ServiceRequest]) -> int:
    """Route the locked requests of `batch` and write their proposals: three queries and
    one update whatever the size of the batch."""
    if not batch:
        return 0
    router = get_router()
    with translation.override(settings.LANGUAGE_CODE):  # the reason is read by staff
        proposals = [
            router.route(sr.description, category=sr.category, neighbourhood_id=sr.neighbourhood_id)
            for sr in batch
        ]
    units = Unit.objects.in_bulk({proposal.unit for proposal in proposals}, field_name="code")
    categories = Category.objects.in_bulk(
        {
            proposal.category_id
            for sr, proposal in zip(batch, proposals, strict=True)
            if sr.category is None and proposal.category_id
        }
    )
    entries = []
    for sr, proposal in zip(batch, proposals, strict=True):
        sr.proposed_unit = units.get(proposal.unit)
        sr.routing_confidence = proposal.confidence
        sr.routing_reason = proposal.reason[:300] or "—"
        category = categories.get(proposal.category_id) if sr.category is None else None
        if category is not None:
            received = timezone.localdate(sr.created_at)
            sr.due_date, sr.deadline_kind = compute_due_date(
                type=sr.type, category=category, received=received
            )
            sr.category = category
            sr.competent_body = category.competent_body
        entries.append(
            audit_entry(
                "service_requests.request.proposed",
                target=sr,
                data={"proposed": proposal.unit, "confidence": proposal.confidence},
            )
        )
    # One UPDATE per distinct proposal: under load most of a batch shares one (bulk_update's
    # CASE per row and field cost ~2 ms of Python a request).
    same: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for sr in batch:
        same[tuple(getattr(sr, name) for name in PROPOSAL_FIELDS)].append(sr.pk)
    for values, pks in same.items():
        ServiceRequest.objects.filter(pk__in=pks).update(
            **dict(zip(PROPOSAL_FIELDS, values, strict=True))
        )
    AuditEntry.objects.bulk_create(entries)
    return len(batch)


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
