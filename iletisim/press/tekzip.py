"""Rebuttals (tekzip): the legal clocks, the length check, the formal letter, reminders.

Tekzip is the right of reply to a published article. Press law 5187 art. 14: the request is
sent within two months of publication; a daily publishes it within three days, others in
the first issue after that; if it is not published, the requester has 15 days to apply to
the criminal judgeship of peace (sulh ceza hâkimliği). Broadcasting law 6112 art. 18: the
request within 60 days of the broadcast; aired within seven days.
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

LINE_WIDTH = 60  # characters per line when an article's length is given in characters


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


@dataclass(frozen=True)
class Clock:
    key: str
    label: str | Promise
    due: dt.date
    done: bool


def clocks(rebuttal: Rebuttal, calendar: WorkingCalendar | None = None) -> list[Clock]:
    """Every deadline of one rebuttal, in order."""
    cal = calendar or get_calendar()
    published = rebuttal.article_published_on
    press = rebuttal.medium == Rebuttal.Medium.PRESS
    send_by = due_date("tekzip-basin" if press else "tekzip-yayin", published, cal)
    found = [Clock("send", _("Send the rebuttal to the outlet"), send_by, bool(rebuttal.sent_on))]
    if rebuttal.sent_on:
        if press:
            days = 3 if rebuttal.outlet.is_daily else 7
            publish_by = cal.add_calendar_days_rolled(rebuttal.sent_on, days)
        else:
            publish_by = cal.add_calendar_days_rolled(rebuttal.sent_on, 7)
        resolved = rebuttal.outcome != Rebuttal.Outcome.PENDING
        found.append(Clock("publish", _("The outlet publishes the rebuttal"), publish_by, resolved))
        court_by = cal.add_calendar_days_rolled(publish_by, 15)
        found.append(
            Clock(
                "court",
                _("Apply to the criminal judgeship of peace if not published"),
                court_by,
                rebuttal.outcome in (Rebuttal.Outcome.PUBLISHED, Rebuttal.Outcome.COURT),
            )
        )
    return found


def length_problem(rebuttal: Rebuttal) -> str | None:
    """The rebuttal may not be longer than the article; an article under 20 lines still
    allows 30 lines. Lines are counted at LINE_WIDTH characters."""
    text = html_to_text(rebuttal.communication.body)
    lines = sum(max(1, -(-len(line) // LINE_WIDTH)) for line in text.splitlines() if line)
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
def mark_sent(*, by: Any, rebuttal: Rebuttal, on: dt.date) -> None:
    rebuttal.sent_on = on
    rebuttal.save(update_fields=["sent_on"])
    log_action(
        "press.rebuttal.sent", actor=by, target=rebuttal.communication, data={"on": on.isoformat()}
    )


def due_reminders(today: dt.date, days_before: int = 3) -> list[tuple[Rebuttal, Clock]]:
    """Open clocks due within `days_before` days that were not reminded yet."""
    found = []
    for rebuttal in Rebuttal.objects.select_related("outlet", "communication").filter(
        outcome__in=[Rebuttal.Outcome.PENDING, Rebuttal.Outcome.REFUSED]
    ):
        for clock in clocks(rebuttal):
            if clock.done or clock.key in rebuttal.reminded_for:
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
