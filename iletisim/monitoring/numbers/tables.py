"""The figures as tables: what the page shows behind each chart, what the chart draws, and
what CSV and XLSX exports contain, so the three never disagree."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from iletisim.monitoring.models import Topic
from iletisim.monitoring.numbers.aggregate import Numbers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    chart: str  # how numbers.js draws it: "tone" (stacked by tone), "bar", "voice"


def _tone_header() -> list[str]:
    return [_("Positive"), _("Neutral"), _("Negative"), _("No tone yet")]


def _tones(row: dict[str, Any]) -> list[int]:
    return [row["positive"], row["neutral"], row["negative"], row["untoned"]]


def _period_label(numbers: Numbers, period: Any) -> str:
    if numbers.filters.bucket == "month":
        return f"{period:%m.%Y}"
    return f"{period:%d.%m.%Y}"


def tables(numbers: Numbers) -> list[Table]:
    topic_labels = dict(Topic.choices)
    bucket = {"day": _("Day"), "week": _("Week starting"), "month": _("Month")}
    return [
        Table(
            "voice",
            _("Share of voice"),
            [_("Query"), _("Items"), _("Share (%)"), _("Reach"), *_tone_header()],
            [
                [r["name"], r["items"], r["share"], r["reach_sum"] or 0, *_tones(r)]
                for r in numbers.share_of_voice
            ],
            "voice",
        ),
        Table(
            "tone",
            _("Tone over time"),
            [bucket[numbers.filters.bucket], *_tone_header()],
            [[_period_label(numbers, r["period"]), *_tones(r)] for r in numbers.tone_over_time],
            "tone",
        ),
        Table(
            "outlets",
            _("Top outlets"),
            [_("Outlet"), _("Items"), _("Reach"), *_tone_header()],
            [
                [r["name"], r["items"], r["outlet_reach"] or 0, *_tones(r)]
                for r in numbers.top_outlets
            ],
            "bar",
        ),
        Table(
            "stories",
            _("Top stories by total reach"),
            [_("Story"), _("Total reach"), _("Outlets"), _("Items")],
            [
                [r["title"], r["total_reach"], r["outlet_count"], r["item_count"]]
                for r in numbers.top_stories
            ],
            "bar",
        ),
        Table(
            "topics",
            _("Per topic"),
            [_("Topic"), _("Items"), _("Reach"), *_tone_header()],
            [
                [
                    str(topic_labels.get(r["topic"], _("No topic yet"))),
                    r["items"],
                    r["reach_sum"] or 0,
                    *_tones(r),
                ]
                for r in numbers.topics
            ],
            "tone-bars",
        ),
        Table(
            "neighbourhoods",
            _("Per neighbourhood"),
            [_("Neighbourhood"), _("Items"), _("Reach"), *_tone_header()],
            [
                [r["name"], r["items"], r["reach_sum"] or 0, *_tones(r)]
                for r in numbers.neighbourhoods
            ],
            "tone-bars",
        ),
    ]


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula (= + - @, or a tab or line break
    first) gets a leading apostrophe, so it is shown as text and never run."""
    if isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def to_csv(numbers: Numbers) -> bytes:
    """Every table one after the other: its title, its header, its rows, a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables(numbers):
        writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(cell) for cell in table.header])
        for row in table.rows:
            writer.writerow([safe_cell(cell) for cell in row])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Turkish letters


def to_xlsx(numbers: Numbers) -> bytes:
    """One sheet per table; the first sheet says the period and the filters."""
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _("Filters")[:31]
    for name, value in numbers.filters.as_dict().items():
        about.append([name, safe_cell("" if value is None else str(value))])
    for table in tables(numbers):
        sheet = book.create_sheet(table.title[:31])
        sheet.append([safe_cell(cell) for cell in table.header])
        for row in table.rows:
            sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
