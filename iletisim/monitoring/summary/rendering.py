"""The summary as the mayor reads it: a mobile-friendly HTML e-mail, a plain-text part and a
PDF (WeasyPrint, `lang="tr"`, DejaVu fonts embedded, a cover, a tone summary, page numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from iletisim.monitoring.summary.builder import tone_counts
from iletisim.monitoring.summary.models import (
    EntryKind,
    PressSummary,
    Section,
    SummaryEntry,
)


def subject(summary: PressSummary) -> str:
    with translation.override("tr"):
        return ngettext(
            "%(summary)s — %(count)s story", "%(summary)s — %(count)s stories", summary.story_count
        ) % {"summary": summary, "count": summary.story_count}


def pdf_filename(summary: PressSummary) -> str:
    return f"basin-ozeti-{summary.date:%Y-%m-%d}-v{summary.version}.pdf"


def context(
    summary: PressSummary, entries: list[SummaryEntry] | None = None, *, top_apart: bool = True
) -> dict[str, Any]:
    """What the templates show. With `top_apart` (the e-mail and the PDF) the top stories are
    shown once, at the top, and left out of their sections; the editing page keeps them in
    place so that they can be moved."""
    if entries is None:
        entries = list(summary.entries.order_by("position", "id"))
    by_section: dict[str, list[SummaryEntry]] = {}
    for entry in entries:
        if not (top_apart and entry.is_top):
            by_section.setdefault(entry.section, []).append(entry)
    sections = [
        {"key": key, "label": label, "entries": by_section[key]}
        for key, label in Section.choices
        if key in by_section
    ]
    stories = [e for e in entries if e.kind == EntryKind.STORY]
    tones = tone_counts(stories)
    return {
        "summary": summary,
        "summary_sections": sections,
        "top": [e for e in entries if e.is_top][:3],
        "tones": tones,
        "story_count": len(stories),
        "outlet_count": len({e.outlet_name for e in stories}),
        "copies": sum(1 + e.other_outlets for e in stories),
        "municipality": settings.MUNICIPALITY_NAME,
        "font_dir": Path(settings.SUMMARY_FONT_DIR).as_uri(),
    }


def _render(template: str, summary: PressSummary, **extra: Any) -> str:
    with translation.override("tr"):
        return render_to_string(template, {**context(summary), **extra})


def render_email(summary: PressSummary) -> str:
    return _render("monitoring/summary/email.html", summary)


def render_text(summary: PressSummary) -> str:
    return _render("monitoring/summary/email.txt", summary)


def render_pdf_html(summary: PressSummary, entries: list[SummaryEntry] | None = None) -> str:
    with translation.override("tr"):
        return render_to_string("monitoring/summary/pdf.html", context(summary, entries))


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported late: it loads pango, which only rendering needs

    pdf = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_pdf(summary: PressSummary, entries: list[SummaryEntry] | None = None) -> bytes:
    return html_to_pdf(render_pdf_html(summary, entries))
