"""Verbs on communications: write a draft, attach photos and documents, move through the
approval workflow, publish, lift embargoes. Each owns its transaction and audit entry."""

from __future__ import annotations

import difflib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.lib.turkish import slug as turkish_slug
from iletisim.press.content import (
    check_document,
    check_photo,
    html_to_text,
    sanitise_html,
    search_text,
)
from iletisim.press.models import (
    Communication,
    Decision,
    Document,
    Photo,
    PressRequest,
    Revision,
    Status,
)
from iletisim.press.workflow import TransitionRefused, refusal, target_status

TEXT_FIELDS = ("title", "lead", "body")


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = turkish_slug(title, max_length=90) or "bulten"
    candidate, n = base, 1
    taken = Communication.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _record_revision(communication: Communication, by: Any) -> Revision:
    last = communication.revisions.aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        communication=communication,
        number=last + 1,
        title=communication.title,
        lead=communication.lead,
        body=communication.body,
        by=by,
    )


@transaction.atomic
def save_communication(
    *,
    by: Any,
    data: dict[str, Any],
    units: Any = (),
    communication: Communication | None = None,
    request: HttpRequest | None = None,
) -> Communication:
    """Create a draft or change one. The text is locked once it leaves the draft state."""
    data = dict(data)
    data["body"] = sanitise_html(data.get("body", ""))
    data["search_text"] = search_text(
        data.get("title", ""),
        data.get("lead", ""),
        data.get("tags", ""),
        html_to_text(data["body"]),
    )
    if communication is None:
        communication = Communication(author=by, slug=_unique_slug(data["title"]), **data)
        communication.save()
        communication.units.set(units)
        _record_revision(communication, by)
        log_action("press.communication.created", actor=by, target=communication, request=request)
        return communication
    communication = Communication.objects.select_for_update().get(pk=communication.pk)
    if communication.is_locked:
        raise ValidationError(_("The text is locked while it is in review or published."))
    text_changed = any(getattr(communication, f) != data.get(f, "") for f in TEXT_FIELDS)
    for field, value in data.items():
        setattr(communication, field, value)
    communication.save(update_fields=[*data.keys(), "updated_at"])
    communication.units.set(units)
    if text_changed:
        _record_revision(communication, by)
    log_action(
        "press.communication.edited",
        actor=by,
        target=communication,
        data={"text_changed": text_changed},
        request=request,
    )
    return communication


@transaction.atomic
def add_photo(
    *,
    by: Any,
    communication: Communication,
    upload: UploadedFile,
    caption: str,
    credit: str = "",
    usage_rights: str = "",
) -> Photo:
    check_photo(upload)
    photo = Photo(communication=communication, caption=caption, credit=credit)
    if usage_rights:
        photo.usage_rights = usage_rights
    photo.position = communication.photos.count()
    photo.file.save(upload.name or "photo", upload, save=False)
    photo.save()
    log_action("press.photo.added", actor=by, target=communication, data={"file": photo.file.name})
    return photo


@transaction.atomic
def add_document(
    *, by: Any, communication: Communication, upload: UploadedFile, title: str
) -> Document:
    check_document(upload)
    document = Document(communication=communication, title=title)
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    log_action(
        "press.document.added", actor=by, target=communication, data={"file": document.file.name}
    )
    return document


AUDIT_BY_ACTION = {
    "submit": "press.communication.submitted",
    "send_back": "press.communication.sent_back",
    "publish": "press.communication.published",
}


def transition_communication(
    *,
    communication: Communication,
    action: str,
    by: Any,
    comment: str = "",
    request: HttpRequest | None = None,
) -> bool:
    """Take one workflow step. Returns False when the step had already been taken (a double
    click, two reviewers at once): the conditional UPDATE lets only the first one through."""
    why = refusal(by, communication, action)
    if why is not None:
        raise PermissionDenied(why)
    if action == "send_back" and not comment.strip():
        raise ValidationError(_("Say what must change before sending it back."))
    with transaction.atomic():
        source = communication.status
        try:
            target = target_status(communication, action)
        except TransitionRefused as exc:
            raise ValidationError(str(exc)) from None
        now = timezone.now()
        updates: dict[str, Any] = {"status": target, "updated_at": now}
        if action == "publish":
            updates["published_at"] = now
            if communication.embargo_until and communication.embargo_until > now:
                target = updates["status"] = Status.SCHEDULED
        moved = Communication.objects.filter(pk=communication.pk, status=source).update(**updates)
        if moved == 0:
            return False
        for field, value in updates.items():
            setattr(communication, field, value)
        if action in ("approve", "send_back"):
            verdict = (
                Decision.Verdict.SENT_BACK
                if action == "send_back"
                else Decision.Verdict.APPROVED_WITH_COMMENT
                if comment.strip()
                else Decision.Verdict.APPROVED
            )
            Decision.objects.create(
                communication=communication, step=source, verdict=verdict, comment=comment, by=by
            )
            name = f"press.communication.{verdict}"
        else:
            name = AUDIT_BY_ACTION[action]
            if target == Status.SCHEDULED:
                name = "press.communication.scheduled"
        log_action(
            name,
            actor=by,
            target=communication,
            data={"from": source, "to": target, "comment": comment},
            request=request,
        )
    return True


def lift_due_embargoes() -> int:
    """Scheduled items whose embargo is over become published (the press room already shows
    them from that moment; this makes the state say so and writes the audit entry)."""
    lifted = 0
    for communication in Communication.objects.embargo_due():
        with transaction.atomic():
            moved = Communication.objects.filter(
                pk=communication.pk, status=Status.SCHEDULED
            ).update(status=Status.PUBLISHED)
            if moved:
                log_action("press.communication.embargo_lifted", target=communication)
                lifted += 1
    return lifted


def revision_diff(older: Revision, newer: Revision) -> list[str]:
    """A readable line diff between two revisions, on their plain text."""

    def lines(rev: Revision) -> list[str]:
        return [rev.title, "", rev.lead, "", *html_to_text(rev.body).splitlines()]

    return list(
        difflib.unified_diff(
            lines(older),
            lines(newer),
            fromfile=_("Revision %(n)d") % {"n": older.number},
            tofile=_("Revision %(n)d") % {"n": newer.number},
            lineterm="",
        )
    )


@transaction.atomic
def receive_press_request(
    *, data: dict[str, Any], kind: str, channel: str, by: Any = None
) -> PressRequest:
    """A journalist's request, from the press room form (no `by`), or typed in by the press
    office or an integration (`by` is who recorded it)."""
    press_request = PressRequest.objects.create(kind=kind, channel=channel, **data)
    log_action("press.request.received", actor=by, target=press_request, data={"channel": channel})
    return press_request
