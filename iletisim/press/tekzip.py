"""Rebuttals (tekzip): the legal clocks, the length check, the formal letter, reminders.

Tekzip is the right of reply to a published article. Press law 5187 art. 14: the request is
sent within two months of publication; from its receipt a daily publishes it within three
days, any other periodical in the first issue that comes out after those three days (the
outlet's schedule: `periodicity.py`); if it is not published, the requester has 15 days to
apply to the criminal judgeship of peace (sulh ceza hâkimliği). Broadcasting law 6112
art. 18: the request within 60 days of the broadcast; aired within seven days.

The publication clock runs from the day the outlet received the letter; until that day is
recorded, from the day it was sent (the earlier, safer reading).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iletisim.core.audit import log_action
from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import DeadlineKind, calendar_days_rolled, due_date, register_deadline
from iletisim.lib.calendar import WorkingCalendar
from iletisim.press.content import html_to_text
from iletisim.press.models import Rebuttal
from iletisim.press.periodicity import first_issue_after

LINE_WIDTH = 60  # characters per line when an article's length is given in characters
PUBLISH_DAYS = 3  # 5187 art. 14: a daily, from receipt; the others' first issue after it
BROADCAST_DAYS = 7  # 6112 art. 18
COURT_DAYS = 15  # 5187 art. 14: to the sulh ceza hâkimliği once publication was due


def _months_rolled(months: int) -> Any:
    def rule(event: dt.date, cal: WorkingCalendar) -> dt.date:
        month = event.month - 1 + months
        year = event.year + month // 12
        month = month % 12 + 1
        day = event.day
        while True:
            try:
                end = dt.date(year, month, day)
                break
            except ValueError:  # 31 March + 2 months: the month has no 31st
                day -= 1
        return cal.roll_forward(end)

    return rule


def register_kinds() -> None:
    register_deadline(
        DeadlineKind(
            "tekzip-basin",
            "5187 s. Basın Kanunu m. 14",
            gettext_lazy("Rebuttal to the press: sent within two months of publication"),
            _months_rolled(2),
        )
    )
    register_deadline(
        DeadlineKind(
            "tekzip-yayin",
            "6112 s. RTÜK Kanunu m. 18",
            gettext_lazy("Rebuttal to a broadcaster: requested within 60 days of the broadcast"),
            calendar_days_rolled(60),
        )
    )
    register_deadline(
        DeadlineKind(
            "tekzip-basin-gunluk",
            "5187 s. Basın Kanunu m. 14",
            gettext_lazy("Rebuttal received by a daily: published within 3 days of receipt"),
            calendar_days_rolled(PUBLISH_DAYS),
        )
    )
    register_deadline(
        DeadlineKind(
            "tekzip-basin-sureli",
            "5187 s. Basın Kanunu m. 14",
            gettext_lazy(
                "Rebuttal received by a non-daily periodical: published in the first issue "
                "that comes out after this date"
            ),
            lambda event, cal: event + dt.timedelta(days=PUBLISH_DAYS),
        )
    )
    register_deadline(
        DeadlineKind(
            "tekzip-yayin-yayim",
            "6112 s. RTÜK Kanunu m. 18",
            gettext_lazy("Rebuttal received by a broadcaster: aired within 7 days"),
            calendar_days_rolled(BROADCAST_DAYS),
        )
    )


@dataclass(frozen=True)
class Clock:
    key: str
    label: str | Promise
    due: dt.date
    done: bool
    note: str | Promise = ""

    @property
    def reminder_key(self) -> str:
        """One reminder per deadline and date: when the date moves (the receipt recorded,
        the outlet's schedule corrected) the new date is reminded too."""
        return f"{self.key}@{self.due.isoformat()}"


def publication_clock(rebuttal: Rebuttal, received: dt.date, cal: WorkingCalendar) -> Clock:
    """When the outlet must publish (or air) the rebuttal it received on `received`."""
    label = _("The outlet publishes the rebuttal")
    resolved = rebuttal.outcome != Rebuttal.Outcome.PENDING
    notes = [] if rebuttal.received_on else [_("counted from the day it was sent")]
    if rebuttal.medium == Rebuttal.Medium.BROADCAST:
        due = cal.add_calendar_days_rolled(received, BROADCAST_DAYS)
    elif rebuttal.outlet.is_daily:
        due = cal.add_calendar_days_rolled(received, PUBLISH_DAYS)
    else:
        issue = first_issue_after(rebuttal.outlet, received + dt.timedelta(days=PUBLISH_DAYS))
        due = issue.on
        if issue.estimated:
            notes.append(_("estimated: the outlet's issue dates are not known"))
        else:
            notes.append(
                _("the first issue after %(day)s")
                % {"day": f"{received + dt.timedelta(days=PUBLISH_DAYS):%d.%m.%Y}"}
            )
    return Clock("publish", label, due, resolved, "; ".join(str(n) for n in notes))


def clocks(rebuttal: Rebuttal, calendar: WorkingCalendar | None = None) -> list[Clock]:
    """Every deadline of one rebuttal, in order."""
    cal = calendar or get_calendar()
    published = rebuttal.article_published_on
    press = rebuttal.medium == Rebuttal.Medium.PRESS
    send_by = due_date("tekzip-basin" if press else "tekzip-yayin", published, cal)
    found = [Clock("send", _("Send the rebuttal to the outlet"), send_by, bool(rebuttal.sent_on))]
    if rebuttal.sent_on:
        publish = publication_clock(rebuttal, rebuttal.received_on or rebuttal.sent_on, cal)
        found.append(publish)
        outcome = rebuttal.outcome
        if outcome == Rebuttal.Outcome.IMPROPER and rebuttal.outcome_on:
            # Published, but not on the same page, in the same type or in full: the 15 days
            # run from that publication (art. 14/5), not from the end of the period.
            found.append(
                Clock(
                    "court_improper",
                    _(
                        "Apply to the criminal judgeship of peace: not published as the law requires"
                    ),
                    cal.add_calendar_days_rolled(rebuttal.outcome_on, COURT_DAYS),
                    False,
                )
            )
            return found
        found.append(
            Clock(
                "court",
                _("Apply to the criminal judgeship of peace if not published"),
                cal.add_calendar_days_rolled(publish.due, COURT_DAYS),
                outcome in (Rebuttal.Outcome.PUBLISHED, Rebuttal.Outcome.COURT),
            )
        )
    return found


def count_lines(text: str) -> int:
    """Lines of a plain text, each paragraph wrapped at LINE_WIDTH characters."""
    return sum(max(1, -(-len(line) // LINE_WIDTH)) for line in text.splitlines() if line.strip())


def length_problem(rebuttal: Rebuttal) -> str | None:
    """The rebuttal may not be longer than the article; an article under 20 lines still
    allows 30 lines. Lines are counted at LINE_WIDTH characters."""
    lines = count_lines(html_to_text(rebuttal.communication.body))
    allowed = 30 if rebuttal.article_lines < 20 else rebuttal.article_lines
    if lines > allowed:
        return _("The rebuttal has %(lines)d lines; at most %(allowed)d are allowed.") % {
            "lines": lines,
            "allowed": allowed,
        }
    return None


@transaction.atomic
def record_outcome(
    *, by: Any, rebuttal: Rebuttal, outcome: str, on: dt.date, page: str = "", note: str = ""
) -> None:
    rebuttal.outcome = outcome
    rebuttal.outcome_on = on
    rebuttal.outcome_page = page
    rebuttal.outcome_note = note
    rebuttal.save(update_fields=["outcome", "outcome_on", "outcome_page", "outcome_note"])
    log_action(
        "press.rebuttal.outcome_recorded",
        actor=by,
        target=rebuttal.communication,
        data={"outcome": outcome, "on": on.isoformat(), "page": page},
    )


@transaction.atomic
def create_rebuttal(
    *,
    by: Any,
    communication: Any,
    data: dict[str, Any],
    clipping_id: int | None = None,
    request: Any = None,
) -> Rebuttal:
    """Record the article a rebuttal answers (picked from monitoring or typed in)."""
    rebuttal = Rebuttal.objects.create(communication=communication, clipping_id=clipping_id, **data)
    log_action(
        "press.rebuttal.created",
        actor=by,
        target=communication,
        data={"outlet": rebuttal.outlet_id, "clipping": clipping_id},
        request=request,
    )
    return rebuttal


@transaction.atomic
def link_clipping(*, by: Any, rebuttal: Rebuttal, item_id: int, request: Any = None) -> None:
    rebuttal.clipping_id = item_id
    rebuttal.save(update_fields=["clipping"])
    log_action(
        "press.rebuttal.clipping_linked",
        actor=by,
        target=rebuttal.communication,
        data={"clipping": item_id},
        request=request,
    )


@transaction.atomic
def mark_sent(
    *, by: Any, rebuttal: Rebuttal, on: dt.date, received_on: dt.date | None = None
) -> None:
    """Record when the letter went out and, once known, when the outlet received it (the
    publication clock runs from receipt)."""
    rebuttal.sent_on = on
    rebuttal.received_on = received_on
    rebuttal.save(update_fields=["sent_on", "received_on"])
    log_action(
        "press.rebuttal.sent",
        actor=by,
        target=rebuttal.communication,
        data={"on": on.isoformat(), "received_on": received_on and received_on.isoformat()},
    )


def due_reminders(today: dt.date, days_before: int = 3) -> list[tuple[Rebuttal, Clock]]:
    """Open clocks due within `days_before` days that were not reminded yet."""
    found = []
    for rebuttal in Rebuttal.objects.select_related("outlet", "communication").filter(
        outcome__in=[Rebuttal.Outcome.PENDING, Rebuttal.Outcome.REFUSED, Rebuttal.Outcome.IMPROPER]
    ):
        for clock in clocks(rebuttal):
            # A bare key was written before reminders carried their date: reminded already.
            reminded = {clock.key, clock.reminder_key} & set(rebuttal.reminded_for)
            if clock.done or reminded:
                continue
            if clock.due - dt.timedelta(days=days_before) <= today:
                found.append((rebuttal, clock))
    return found


def letter_pdf(rebuttal: Rebuttal, *, municipality: str) -> bytes:
    """The formal letter to the outlet: DejaVu Sans (fonts-dejavu-core) has every Turkish
    letter; reportlab's built-in fonts do not."""
    from django.conf import settings
    from django.utils.html import escape
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", settings.PRESS_PDF_FONT))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=15)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=str(rebuttal.communication.title), lang="tr")
    c = rebuttal.communication
    law = (
        "5187 sayılı Basın Kanunu'nun 14. maddesi"
        if rebuttal.medium == Rebuttal.Medium.PRESS
        else "6112 sayılı Kanun'un 18. maddesi"
    )
    story: list[Any] = [
        Paragraph(escape(f"{rebuttal.outlet.name} Sorumlu Müdürlüğüne"), style),
        Spacer(1, 12),
        Paragraph(
            escape(
                f"{rebuttal.article_published_on:%d.%m.%Y} tarihli yayınınızda yer alan "
                f'"{rebuttal.article_title}" başlıklı habere ilişkin aşağıdaki cevap ve '
                f"düzeltme metninin {law} uyarınca yayımlanmasını talep ederiz."
            ),
            style,
        ),
        Spacer(1, 12),
        Paragraph(escape(c.title), style),
    ]
    for line in html_to_text(c.body).split("\n\n"):
        story.append(Paragraph(escape(line), style))
    story += [Spacer(1, 18), Paragraph(escape(municipality), style)]
    doc.build(story)
    return buffer.getvalue()
