"""Writes of monitoring: the desk's verbs, clippings, source health, outlets.

Each function owns its transaction and writes an audit entry. Other apps (press) read
outlets and items through `monitoring.selectors`, never the models.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.core.audit import audit_entry, log_action, register_actions
from iletisim.core.models import AuditEntry
from iletisim.monitoring import dedup
from iletisim.monitoring.canonical import canonical_url
from iletisim.monitoring.models import (
    Clipping,
    Correction,
    CorrectionField,
    FetchState,
    Item,
    ItemStatus,
    Medium,
    OcrState,
    Outlet,
    QueryHit,
    Source,
    WatchQuery,
    search_text_for,
    url_hash,
)

register_actions(
    {
        "monitoring.item.status_changed": gettext_lazy("Clipping marked"),
        "monitoring.item.updated": gettext_lazy("Clipping tags, note or importance changed"),
        "monitoring.item.assigned": gettext_lazy("Clipping assigned"),
        "monitoring.item.added_by_url": gettext_lazy("Online clipping added by address"),
        "monitoring.clipping.added": gettext_lazy("Print or broadcast clipping added"),
        "monitoring.source.paused": gettext_lazy("Monitoring source paused"),
        "monitoring.source.created": gettext_lazy("Monitoring source added"),
        "monitoring.source.updated": gettext_lazy("Monitoring source changed"),
        "monitoring.outlet.created": gettext_lazy("Outlet added"),
        "monitoring.outlet.updated": gettext_lazy("Outlet changed"),
        "monitoring.source.resumed": gettext_lazy("Monitoring source resumed"),
        "monitoring.outlets.imported": gettext_lazy("Outlets imported"),
        "monitoring.outlets.exported": gettext_lazy("Outlets exported"),
        "monitoring.query.created": gettext_lazy("Watch query created"),
        "monitoring.query.updated": gettext_lazy("Watch query changed"),
        "monitoring.item.corrected": gettext_lazy("Clipping topic or tone corrected"),
        "monitoring.query_hit.corrected": gettext_lazy("Watch query hit marked wrong or right"),
    }
)


class TransitionError(Exception):
    pass


@transaction.atomic
def set_item_status(
    *, item: Item, status: str, by: Any, request: HttpRequest | None = None
) -> Item:
    if status == item.status:
        return item
    if not item.can_move_to(status):
        raise TransitionError(f"{item.status} -> {status}")
    previous = item.status
    item.status = status
    item.save(update_fields=["status"])
    log_action(
        "monitoring.item.status_changed",
        actor=by,
        target=item,
        data={"from": previous, "to": status},
        request=request,
    )
    return item


@transaction.atomic
def set_story_status(
    *, item: Item, status: str, by: Any, request: HttpRequest | None = None
) -> int:
    """Mark a clipping and the other copies of its story that are still new, as the desk does
    when it shows the story as one row; copies an analyst already judged keep their mark.
    Returns how many copies changed; each gets its audit entry."""
    set_item_status(item=item, status=status, by=by, request=request)
    if item.story_id is None or status == ItemStatus.NEW:
        return 1
    copies = list(
        Item.objects.filter(story_id=item.story_id, status=ItemStatus.NEW)
        .exclude(pk=item.pk)
        .only("pk", "title", "status")
    )
    Item.objects.filter(pk__in=[copy.pk for copy in copies]).update(status=status)
    data = {"from": ItemStatus.NEW, "to": status, "with_story_of": item.pk}
    AuditEntry.objects.bulk_create(
        audit_entry(
            "monitoring.item.status_changed", actor=by, target=copy, data=data, request=request
        )
        for copy in copies
    )
    return 1 + len(copies)


def clean_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = " ".join(tag.split())[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return seen[:20]


@transaction.atomic
def update_item(
    *,
    item: Item,
    by: Any,
    tags: list[str] | None = None,
    note: str | None = None,
    importance: int | None = None,
    request: HttpRequest | None = None,
) -> Item:
    fields = []
    if tags is not None:
        item.tags = clean_tags(tags)
        fields.append("tags")
    if note is not None:
        item.note = note
        fields.append("note")
    if importance is not None:
        item.importance = importance
        fields.append("importance")
    if fields:
        item.save(update_fields=fields)
        log_action(
            "monitoring.item.updated",
            actor=by,
            target=item,
            data={"fields": fields, "importance": item.importance, "tags": item.tags},
            request=request,
        )
    return item


@transaction.atomic
def assign_item(
    *, item: Item, assignee: User | None, by: Any, request: HttpRequest | None = None
) -> Item:
    item.assignee = assignee
    item.save(update_fields=["assignee"])
    log_action(
        "monitoring.item.assigned",
        actor=by,
        target=item,
        data={"assignee": assignee.pk if assignee else None},
        request=request,
    )
    return item


def manual_source(outlet: Outlet) -> Source:
    source, _created = Source.objects.get_or_create(outlet=outlet, kind="manual")
    return source


@transaction.atomic
def add_item_by_url(
    *, outlet: Outlet, url: str, by: Any, request: HttpRequest | None = None
) -> Item:
    """An online article someone saw: queued to be fetched and extracted like a feed's."""
    url = canonical_url(url)
    item, created = Item.objects.get_or_create(
        url_hash=url_hash(url),
        defaults={
            "url": url,
            "medium": Medium.ONLINE,
            "outlet": outlet,
            "source": manual_source(outlet),
            "fetched_at": timezone.now(),
        },
    )
    if created:
        log_action("monitoring.item.added_by_url", actor=by, target=item, request=request)
        from iletisim.monitoring.tasks import fetch_pending_items

        transaction.on_commit(lambda: fetch_pending_items.enqueue())
    return item


@transaction.atomic
def add_clipping(
    *,
    outlet: Outlet,
    medium: str,
    title: str,
    by: Any,
    published_at: dt.datetime | None = None,
    text: str = "",
    page: str = "",
    scan: UploadedFile | None = None,
    programme: str = "",
    air_time: dt.datetime | None = None,
    duration: dt.timedelta | None = None,
    transcript: str = "",
    media_file: UploadedFile | None = None,
    media_url: str = "",
    request: HttpRequest | None = None,
) -> Clipping:
    """A print page or a broadcast, filed as an item (so the desk and stories see it)."""
    now = timezone.now()
    body = text or transcript
    item = Item.objects.create(
        url=media_url,
        url_hash=url_hash(f"clipping:{uuid.uuid4()}"),
        medium=medium,
        outlet=outlet,
        source=manual_source(outlet),
        title=title[:500],
        text=body,
        published_at=published_at or air_time,
        published_at_trusted=bool(published_at or air_time),
        fetched_at=now,
        fetch_state=FetchState.DONE,
        content_hash=dedup.content_hash(f"{title}\n{body}"),
        search_text=search_text_for(title, body),
    )
    clipping = Clipping.objects.create(
        item=item,
        page=page,
        programme=programme,
        air_time=air_time,
        duration=duration,
        transcript=transcript,
        media_url=media_url,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        ocr_state=OcrState.PENDING if scan else OcrState.NONE,
    )
    if scan:
        clipping.scan.save(scan.name or "scan", scan, save=False)
    if media_file:
        clipping.media_file.save(media_file.name or "media", media_file, save=False)
    if scan or media_file:
        clipping.save(update_fields=["scan", "media_file"])
    log_action(
        "monitoring.clipping.added",
        actor=by,
        target=item,
        data={"medium": medium, "outlet": outlet.pk},
        request=request,
    )
    from iletisim.monitoring.tasks import file_clipping, ocr_clipping

    transaction.on_commit(lambda: file_clipping.enqueue(item.pk))
    if scan:
        transaction.on_commit(lambda: ocr_clipping.enqueue(clipping.pk))
    return clipping


def press_officers() -> list[User]:
    return list(
        User.objects.filter(memberships__role=Role.PRESS_OFFICER, is_active=True)
        .exclude(email="")
        .distinct()
    )


@transaction.atomic
def pause_source(
    *, source: Source, reason: str, by: Any, request: HttpRequest | None = None
) -> None:
    """Stop polling a source. Paused by the workers after too many failures (`by` None),
    the press officers are told by e-mail; paused by someone on the outlet page, not."""
    source.paused = True
    source.save(update_fields=["paused"])
    log_action(
        "monitoring.source.paused",
        actor=by,
        target=source,
        data={"reason": reason[:500]},
        request=request,
    )
    recipients = [user.email for user in press_officers()] if by is None else []
    if recipients:
        subject = _("Monitoring source paused: %(source)s") % {"source": source}
        body = _(
            "The source %(source)s (%(url)s) failed %(count)d times in a row and is paused.\n"
            "Last error: %(error)s\nResume it from the sources page once it works again."
        ) % {
            "source": source,
            "url": source.url,
            "count": source.consecutive_failures,
            "error": reason[:500],
        }
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


@transaction.atomic
def resume_source(*, source: Source, by: Any, request: HttpRequest | None = None) -> None:
    source.paused = False
    source.consecutive_failures = 0
    source.next_poll_at = timezone.now()
    source.save(update_fields=["paused", "consecutive_failures", "next_poll_at"])
    log_action("monitoring.source.resumed", actor=by, target=source, request=request)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _plain(value: Any) -> Any:
    """A value as the audit entry's JSON can hold it."""
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def save_outlet(
    *, outlet: Outlet, data: dict[str, Any], by: Any, request: HttpRequest | None = None
) -> Outlet:
    """Create or change an outlet (fields already checked by `OutletForm`)."""
    created = outlet.pk is None
    # The stored row, not the instance: a ModelForm has already copied the new values onto it.
    stored = Outlet.objects.filter(pk=outlet.pk).values(*data).first() if not created else {}
    for name, value in data.items():
        setattr(outlet, name, value)
    outlet.save()
    after = {name: _plain(value) for name, value in data.items()}
    log_action(
        "monitoring.outlet.created" if created else "monitoring.outlet.updated",
        actor=by,
        target=outlet,
        data=after
        if created
        else _changes({k: _plain(v) for k, v in (stored or {}).items()}, after),
        request=request,
    )
    return outlet


@transaction.atomic
def save_source(
    *,
    source: Source,
    outlet: Outlet,
    kind: str,
    url: str,
    settings: dict[str, str],
    by: Any,
    request: HttpRequest | None = None,
) -> Source:
    """Add a source to an outlet or change one. A new address or kind starts afresh: the
    polling state (ETag, hash, failures) of the old address says nothing about the new."""
    created = source.pk is None
    before = {"kind": source.kind, "url": source.url, "settings": source.settings}
    after = {"kind": kind, "url": url, "settings": settings}
    source.outlet, source.kind, source.url, source.settings = outlet, kind, url, settings
    if created or before["url"] != url or before["kind"] != kind:
        source.etag = source.last_modified = source.content_hash = source.last_error = ""
        source.consecutive_failures = 0
        source.next_poll_at = timezone.now()
    source.save()
    log_action(
        "monitoring.source.created" if created else "monitoring.source.updated",
        actor=by,
        target=source,
        data={"outlet": outlet.pk, **(after if created else _changes(before, after))},
        request=request,
    )
    return source


@transaction.atomic
def save_watch_query(
    *,
    query: WatchQuery,
    name: str,
    text: str,
    active: bool,
    by: Any,
    request: HttpRequest | None = None,
) -> WatchQuery:
    """Create or change a watch query (its text already parsed by the form). A new query, a
    changed text or a query switched on is run over the last 30 days in the background."""
    created = query.pk is None
    # The stored row, not the instance: a ModelForm has already copied the new values onto it.
    stored = WatchQuery.objects.filter(pk=query.pk).values("name", "text", "active").first()
    before: dict[str, Any] = dict(stored) if stored else {}
    query.name, query.text, query.active = name, text, active
    if created:
        query.owner = by
    query.save()
    after = {"name": name, "text": text, "active": active}
    log_action(
        "monitoring.query.created" if created else "monitoring.query.updated",
        actor=by,
        target=query,
        data=after
        if created
        else {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        request=request,
    )
    if active and (created or before.get("text") != text or not before.get("active")):
        from iletisim.monitoring.tasks import backfill_query

        query_id = query.pk
        transaction.on_commit(lambda: backfill_query.enqueue(query_id))
    return query


@transaction.atomic
def correct_item(
    *,
    item: Item,
    by: Any,
    topic: str | None = None,
    tone: str | None = None,
    request: HttpRequest | None = None,
) -> list[Correction]:
    """Set an item's topic and/or tone as an analyst says; each change is kept as a
    Correction (who, when, old, new) for `monitoring_retrain`."""
    changes = {
        name: value
        for name, value in (("topic", topic), ("tone", tone))
        if value and value != getattr(item, name)
    }
    if not changes:
        return []
    corrections = [
        Correction(
            item=item, field=name, old_value=getattr(item, name) or "", new_value=value, by=by
        )
        for name, value in changes.items()
    ]
    Correction.objects.bulk_create(corrections)
    for name, value in changes.items():
        setattr(item, name, value)
        setattr(item, f"{name}_confidence", None)  # an analyst's word, not a score
    item.save(update_fields=[*changes, *(f"{name}_confidence" for name in changes)])
    log_action(
        "monitoring.item.corrected",
        actor=by,
        target=item,
        data={c.field: [c.old_value, c.new_value] for c in corrections},
        request=request,
    )
    return corrections


@transaction.atomic
def mark_query_hit(
    *, hit: QueryHit, wrong: bool, by: Any, request: HttpRequest | None = None
) -> bool:
    """An analyst says one query should not have matched this item (or, undoing it, that it
    should): kept as a Correction and counted in the query's precision. False if no change."""
    if not QueryHit.objects.filter(pk=hit.pk, marked_wrong=not wrong).update(marked_wrong=wrong):
        return False
    hit.marked_wrong = wrong
    old, new = ("right", "wrong") if wrong else ("wrong", "right")
    Correction.objects.create(
        item_id=hit.item_id,
        field=CorrectionField.QUERY_HIT,
        query_id=hit.query_id,
        old_value=old,
        new_value=new,
        by=by,
    )
    log_action(
        "monitoring.query_hit.corrected",
        actor=by,
        target=hit.item,
        data={"query": hit.query_id, "wrong": wrong},
        request=request,
    )
    return True
