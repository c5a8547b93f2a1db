"""Writes of the press summary: draft, edit, approve, correct, deliver, alert.

Each function owns its transaction and writes an audit entry. Drafting is claimed by the
unique (date, version) constraint and sending by a conditional UPDATE, so two schedulers
or two workers make one summary and send it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action, register_actions
from iletisim.core.calendar import get_calendar
from iletisim.monitoring.models import Item, search_text_for
from iletisim.monitoring.summary import builder, summarise
from iletisim.monitoring.summary.models import (
    EntryKind,
    PressSummary,
    SuggestedAction,
    SummaryEntry,
    SummaryStatus,
)

logger = logging.getLogger(__name__)

MAX_TOP_STORIES = 3

register_actions(
    {
        "monitoring.summary.drafted": gettext_lazy("Press summary drafted"),
        "monitoring.summary.edited": gettext_lazy("Press summary edited"),
        "monitoring.summary.approved": gettext_lazy("Press summary approved"),
        "monitoring.summary.director_approved": gettext_lazy(
            "Press summary approved by the director"
        ),
        "monitoring.summary.corrected": gettext_lazy("Press summary correction started"),
        "monitoring.summary.sent": gettext_lazy("Press summary sent"),
        "monitoring.summary.send_failed": gettext_lazy("Press summary could not be sent"),
        "monitoring.summary.deadline_missed": gettext_lazy(
            "Press summary not approved by the deadline"
        ),
        "monitoring.report.exported": gettext_lazy("Media report downloaded"),
    }
)


class SummaryError(Exception):
    """An edit the summary's state does not allow (frozen, too many top stories, ...)."""


def _local(now: dt.datetime | None) -> dt.datetime:
    return timezone.localtime(now or timezone.now())


def _clock(value: str) -> dt.time:
    hours, _sep, minutes = value.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def is_summary_day(day: dt.date) -> bool:
    if day.weekday() >= 5 and not settings.SUMMARY_ON_WEEKENDS:
        return False
    return not (not settings.SUMMARY_ON_HOLIDAYS and get_calendar().holiday_name(day))


def deadline_for(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, _clock(settings.SUMMARY_SEND_BY)))


def _since(until: dt.datetime) -> dt.datetime:
    last = PressSummary.objects.filter(until__lt=until).order_by("-until").first()
    return last.until if last else until - dt.timedelta(hours=24)


def draft_summary(
    *, now: dt.datetime | None = None, by: Any = None, force: bool = False
) -> PressSummary | None:
    """Today's draft, unless one exists, the hour has not come, or today has no summary.

    Returns None when nothing was drafted. `force` (a press officer's button) skips the
    hour and the day rules, never the one-per-date rule.
    """
    local = _local(now)
    day = local.date()
    if not force and (local.time() < _clock(settings.SUMMARY_DRAFT_AT) or not is_summary_day(day)):
        return None
    if PressSummary.objects.filter(date=day).exists():
        return None
    until = local.astimezone(dt.UTC)
    try:
        with transaction.atomic():
            summary = PressSummary.objects.create(
                date=day, version=1, since=_since(until), until=until, created_by=by
            )
            _fill(summary)
            log_action(
                "monitoring.summary.drafted",
                actor=by,
                target=summary,
                data={"items": summary.item_count, "stories": summary.story_count},
            )
    except IntegrityError:
        return None  # another scheduler drafted it a moment ago
    return summary


def _fill(summary: PressSummary) -> None:
    items = builder.window_items(summary.since, summary.until)
    entries = builder.build_entries(items)
    for entry in entries:
        entry.summary = summary
    SummaryEntry.objects.bulk_create(entries)
    summary.item_count = len(items)
    summary.story_count = len(entries)
    summary.search_text = _search_text(summary, entries)
    summary.save(update_fields=["item_count", "story_count", "search_text"])


def _search_text(summary: PressSummary, entries: list[SummaryEntry]) -> str:
    parts = [summary.note]
    for entry in entries:
        parts += [entry.headline, entry.outlet_name, entry.summary_text, entry.note]
    return search_text_for(*parts)


def _refresh_counts(summary: PressSummary) -> None:
    entries = list(summary.entries.all())
    summary.story_count = sum(1 for e in entries if e.kind == EntryKind.STORY)
    summary.search_text = _search_text(summary, entries)
    summary.save(update_fields=["story_count", "search_text", "note"])


def _editable(summary: PressSummary) -> PressSummary:
    locked = PressSummary.objects.select_for_update().get(pk=summary.pk)
    if locked.status != SummaryStatus.DRAFT:
        raise SummaryError(_("This summary is no longer a draft and cannot be changed."))
    return locked


def _edited(summary: PressSummary, by: Any, request: HttpRequest | None, **data: Any) -> None:
    _refresh_counts(summary)
    log_action("monitoring.summary.edited", actor=by, target=summary, data=data, request=request)


@transaction.atomic
def move_entry(
    *, entry: SummaryEntry, up: bool, by: Any, request: HttpRequest | None = None
) -> None:
    """Swap the entry with its neighbour in the same section."""
    summary = _editable(entry.summary)
    siblings = list(summary.entries.filter(section=entry.section).order_by("position", "id"))
    index = next(i for i, e in enumerate(siblings) if e.pk == entry.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = (position + 1) * 10
    SummaryEntry.objects.bulk_update(siblings, ["position"])
    _edited(summary, by, request, moved=entry.pk, up=up)


@transaction.atomic
def remove_entry(*, entry: SummaryEntry, by: Any, request: HttpRequest | None = None) -> None:
    summary = _editable(entry.summary)
    headline = entry.headline
    entry.delete()
    _edited(summary, by, request, removed=headline[:200])


@transaction.atomic
def add_item(
    *, summary: PressSummary, item: Item, section: str, by: Any, request: HttpRequest | None = None
) -> SummaryEntry:
    summary = _editable(summary)
    last = summary.entries.filter(section=section).aggregate(models.Max("position"))
    entry = builder.entry_for(item, section=section)
    entry.summary = summary
    entry.position = (last["position__max"] or 0) + 10
    entry.save()
    _edited(summary, by, request, added_item=item.pk)
    return entry


@transaction.atomic
def add_note(
    *, summary: PressSummary, section: str, text: str, by: Any, request: HttpRequest | None = None
) -> SummaryEntry:
    summary = _editable(summary)
    last = summary.entries.filter(section=section).aggregate(models.Max("position"))
    entry = SummaryEntry.objects.create(
        summary=summary,
        kind=EntryKind.NOTE,
        section=section,
        note=summarise.clean(text)[:2000],
        position=(last["position__max"] or 0) + 10,
    )
    _edited(summary, by, request, added_note=entry.pk)
    return entry


@transaction.atomic
def set_summary_note(
    *, summary: PressSummary, text: str, by: Any, request: HttpRequest | None = None
) -> None:
    summary = _editable(summary)
    summary.note = summarise.clean(text)[:2000]
    _edited(summary, by, request, note=True)


@transaction.atomic
def mark_top(
    *,
    entry: SummaryEntry,
    top: bool,
    action: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> None:
    """Mark (or unmark) one of at most three top stories, with a suggested action."""
    summary = _editable(entry.summary)
    if action and action not in SuggestedAction.values:
        raise SummaryError(_("Unknown suggested action."))
    if top and not entry.is_top and summary.entries.filter(is_top=True).count() >= MAX_TOP_STORIES:
        raise SummaryError(_("At most three top stories can be marked."))
    entry.is_top = top
    entry.suggested_action = action if top else ""
    entry.save(update_fields=["is_top", "suggested_action"])
    _edited(summary, by, request, top=entry.pk, on=top, action=entry.suggested_action)


def _transition(summary: PressSummary, status: str) -> None:
    if not summary.can_move_to(status):
        raise SummaryError(_("This summary cannot be approved in its present state."))
    summary.status = status


@transaction.atomic
def approve_summary(
    *, summary: PressSummary, by: Any, request: HttpRequest | None = None
) -> PressSummary:
    """The press officer's approval; the director's is still needed when the setting says so."""
    summary = PressSummary.objects.select_for_update().get(pk=summary.pk)
    needs_director = settings.SUMMARY_DIRECTOR_APPROVAL
    _transition(
        summary, SummaryStatus.AWAITING_DIRECTOR if needs_director else SummaryStatus.APPROVED
    )
    summary.approved_by = by
    summary.approved_at = timezone.now()
    summary.save(update_fields=["status", "approved_by", "approved_at"])
    log_action("monitoring.summary.approved", actor=by, target=summary, request=request)
    if summary.status == SummaryStatus.APPROVED:
        _schedule_delivery(summary)
    return summary


@transaction.atomic
def director_approve_summary(
    *, summary: PressSummary, by: Any, request: HttpRequest | None = None
) -> PressSummary:
    summary = PressSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.status != SummaryStatus.AWAITING_DIRECTOR:
        raise SummaryError(_("This summary is not waiting for the director."))
    _transition(summary, SummaryStatus.APPROVED)
    summary.director_approved_by = by
    summary.director_approved_at = timezone.now()
    summary.save(update_fields=["status", "director_approved_by", "director_approved_at"])
    log_action("monitoring.summary.director_approved", actor=by, target=summary, request=request)
    _schedule_delivery(summary)
    return summary


@transaction.atomic
def correct_summary(
    *, summary: PressSummary, by: Any, request: HttpRequest | None = None
) -> PressSummary:
    """A new draft version copying an approved summary; the approved one is kept, superseded."""
    old = PressSummary.objects.select_for_update().get(pk=summary.pk)
    if old.status != SummaryStatus.APPROVED:
        raise SummaryError(_("Only an approved summary can be corrected."))
    _transition(old, SummaryStatus.SUPERSEDED)
    old.save(update_fields=["status"])
    new = PressSummary.objects.create(
        date=old.date,
        version=old.version + 1,
        since=old.since,
        until=old.until,
        note=old.note,
        previous=old,
        item_count=old.item_count,
        story_count=old.story_count,
        search_text=old.search_text,
        created_by=by,
    )
    copies = list(old.entries.all())
    for entry in copies:
        entry.pk = None
        entry.summary = new
    SummaryEntry.objects.bulk_create(copies)
    log_action(
        "monitoring.summary.corrected",
        actor=by,
        target=new,
        data={"previous": old.pk},
        request=request,
    )
    return new


def _schedule_delivery(summary: PressSummary) -> None:
    from iletisim.monitoring.summary.tasks import deliver

    summary_id = summary.pk
    transaction.on_commit(lambda: deliver.enqueue(summary_id))


# --- Delivery ----------------------------------------------------------------------------------


def _press_officer_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, memberships__role=Role.PRESS_OFFICER)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _tell_press_officers(subject: str, body: str) -> None:
    """Best effort: when the mail server is down this fails too, and the page shows it."""
    recipients = _press_officer_emails()
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("could not alert the press officers")


def _claim_for_sending(summary_id: int, now: dt.datetime) -> bool:
    claimed = (
        PressSummary.objects.filter(
            pk=summary_id, status=SummaryStatus.APPROVED, sent_at__isnull=True
        )
        .filter(models.Q(sending_until__isnull=True) | models.Q(sending_until__lt=now))
        .update(sending_until=now + dt.timedelta(minutes=5))
    )
    return claimed == 1


def deliver_summary(*, summary_id: int, now: dt.datetime | None = None) -> str:
    """Send an approved summary once: claim, send, stamp. Returns what happened.

    On an SMTP failure the claim is released, the error kept, the press officers told, and
    "failed" returned so the caller may retry; a summary that is not approved is never sent.
    """
    from iletisim.monitoring.summary import rendering

    now = now or timezone.now()
    if not _claim_for_sending(summary_id, now):
        return "skipped"
    summary = PressSummary.objects.get(pk=summary_id)
    recipients = list(settings.SUMMARY_RECIPIENTS)
    if not recipients:
        PressSummary.objects.filter(pk=summary_id).update(
            sending_until=None,
            send_attempts=models.F("send_attempts") + 1,
            last_send_error="no recipients: set SUMMARY_RECIPIENTS",
        )
        if summary.send_attempts == 0:
            _tell_press_officers(
                _("The press summary could not be sent"),
                _("%(summary)s has no recipients: SUMMARY_RECIPIENTS is empty.")
                % {"summary": summary},
            )
        return "no-recipients"
    message = EmailMultiAlternatives(
        subject=rendering.subject(summary),
        body=rendering.render_text(summary),
        to=recipients,
    )
    message.attach_alternative(rendering.render_email(summary), "text/html")
    if not summary.pdf:
        # Rendered once and kept: a retry sends the same file, the archive serves it.
        summary.pdf.save(
            rendering.pdf_filename(summary), ContentFile(rendering.render_pdf(summary)), save=False
        )
        PressSummary.objects.filter(pk=summary_id).update(pdf=summary.pdf.name)
    with summary.pdf.open("rb") as handle:
        pdf = handle.read()
    message.attach(rendering.pdf_filename(summary), pdf, "application/pdf")
    try:
        message.send()
    except Exception as exc:
        error = f"{exc.__class__.__name__}: {exc}"[:2000]
        with transaction.atomic():
            PressSummary.objects.filter(pk=summary_id).update(
                sending_until=None,
                send_attempts=models.F("send_attempts") + 1,
                last_send_error=error,
            )
            log_action("monitoring.summary.send_failed", target=summary, data={"error": error})
        _tell_press_officers(
            _("The press summary could not be sent"),
            _("%(summary)s could not be sent: %(error)s. It will be tried again.")
            % {"summary": summary, "error": error},
        )
        return "failed"
    with transaction.atomic():
        PressSummary.objects.filter(pk=summary_id).update(
            sent_at=timezone.now(),
            sent_to=recipients,
            sending_until=None,
            last_send_error="",
            send_attempts=models.F("send_attempts") + 1,
        )
        log_action("monitoring.summary.sent", target=summary, data={"to": len(recipients)})
    return "sent"


def due_for_delivery(now: dt.datetime | None = None) -> list[int]:
    """Approved, unsent summaries not being sent and with retries left (the safety net)."""
    now = now or timezone.now()
    return list(
        PressSummary.objects.filter(
            status=SummaryStatus.APPROVED,
            sent_at__isnull=True,
            send_attempts__lte=settings.SUMMARY_SEND_RETRIES,
        )
        .filter(models.Q(sending_until__isnull=True) | models.Q(sending_until__lt=now))
        .values_list("pk", flat=True)
    )


def alert_missed_deadline(*, now: dt.datetime | None = None) -> PressSummary | None:
    """At the deadline, tell the press officers once if today's summary is not approved."""
    local = _local(now)
    if local < deadline_for(local.date()):
        return None
    today = PressSummary.objects.filter(date=local.date())
    summary = today.current().first()
    if summary is None or summary.status == SummaryStatus.APPROVED:
        return None
    if today.filter(sent_at__isnull=False).exists():
        return None  # the mayor has this morning's summary; a correction is under way
    if not PressSummary.objects.filter(pk=summary.pk, deadline_alerted_at__isnull=True).update(
        deadline_alerted_at=timezone.now()
    ):
        return None
    log_action("monitoring.summary.deadline_missed", target=summary)
    _tell_press_officers(
        _("The press summary is not approved yet"),
        _("%(summary)s was due at %(time)s and has not been approved; it has not been sent.")
        % {"summary": summary, "time": settings.SUMMARY_SEND_BY},
    )
    return summary
