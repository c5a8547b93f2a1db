"""Weekly and monthly media reports: the figures, their SVG charts, a PDF and an XLSX.

Reach is reported as reach (the outlets' declared circulation, visitors or audience); no
advertising-value-equivalent figure is computed, as the Barcelona Principles advise.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iletisim.lib import turkish
from iletisim.monitoring.models import (
    FetchState,
    Item,
    ItemStatus,
    OutletType,
    Story,
    WatchQuery,
)
from iletisim.monitoring.numbers.actions import chosen_queries
from iletisim.monitoring.numbers.models import NumbersRole
from iletisim.monitoring.summary import charts
from iletisim.monitoring.summary.models import Tone, Topic


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def filename(self) -> str:
        return f"medya-raporu-{self.kind}-{self.start:%Y-%m-%d}"


def period_from(kind: str, day: str) -> Period:
    """The week (Monday to Sunday) or the month holding `day`; the last full week by default."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        date = timezone.localdate() - dt.timedelta(days=7)
    if kind == "month":
        start = date.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return Period("month", start, following - dt.timedelta(days=1))
    start = date - dt.timedelta(days=date.weekday())
    return Period("week", start, start + dt.timedelta(days=6))


def _window(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=len(period.days))


def build(period: Period, *, peers: list[str] | None = None) -> dict[str, Any]:
    start, end = _window(period)
    found = Item.objects.filter(
        fetch_state=FetchState.DONE, fetched_at__gte=start, fetched_at__lt=end
    ).exclude(status=ItemStatus.IRRELEVANT)
    rows = list(
        found.values(
            "fetched_at", "outlet__name", "outlet__type", "outlet__reach", "tone", "topic",
            "story_id",
        )
    )  # fmt: skip
    by_day: dict[dt.date, Counter[str]] = {day: Counter() for day in period.days}
    tone_by_day: dict[dt.date, Counter[str]] = {day: Counter() for day in period.days}
    outlets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    topics: Counter[str] = Counter()
    types = dict(OutletType.choices)
    for row in rows:
        day = timezone.localtime(row["fetched_at"]).date()
        if day in by_day:
            by_day[day][str(types.get(row["outlet__type"], row["outlet__type"]))] += 1
            tone_by_day[day][row["tone"] or Tone.NEUTRAL] += 1
        outlets[row["outlet__name"]][0] += 1
        outlets[row["outlet__name"]][1] = row["outlet__reach"] or 0
        topics[row["topic"] or ""] += 1
    chosen = chosen_queries()
    if peers is None and not settings.SUMMARY_PEERS and chosen[NumbersRole.OWN]:
        # the municipality and its peers as chosen on the numbers page: their queries' hits
        voice = _hits(found, chosen[NumbersRole.OWN] + chosen[NumbersRole.PEER])
    else:
        names = [settings.MUNICIPALITY_NAME, *(settings.SUMMARY_PEERS if peers is None else peers)]
        voice = _mentions(found, names)
    if not settings.SUMMARY_NEIGHBOURHOODS and chosen[NumbersRole.NEIGHBOURHOOD]:
        places = _hits(found, chosen[NumbersRole.NEIGHBOURHOOD])
    else:
        places = _mentions(found, settings.SUMMARY_NEIGHBOURHOODS)
    story_ids = {r["story_id"] for r in rows if r["story_id"]}
    top_stories = list(
        Story.objects.filter(pk__in=story_ids)
        .order_by("-total_reach", "-outlet_count")
        .values("title", "outlet_count", "total_reach")[:10]
    )
    topic_labels = dict(Topic.choices)
    return {
        "total": len(rows),
        "reach": sum(reach for _count, reach in outlets.values()),
        "by_day": [(day, dict(counts)) for day, counts in by_day.items()],
        "by_type": Counter(
            t for counts in by_day.values() for t in counts.elements()
        ).most_common(),
        "tone_by_day": [(day, dict(counts)) for day, counts in tone_by_day.items()],
        "tones": sum(tone_by_day.values(), Counter()),
        "share_of_voice": sorted(voice, key=lambda v: -v[1]),
        "top_outlets": sorted(outlets.items(), key=lambda o: (-o[1][0], o[0]))[:10],
        "top_stories": top_stories,
        "topics": [
            (str(topic_labels.get(t, _("No topic yet"))), n) for t, n in topics.most_common()
        ],
        "neighbourhoods": sorted(places, key=lambda p: -p[1]),
    }


def _mentions(found: QuerySet[Item], names: list[str]) -> list[tuple[str, int]]:
    """Items whose folded text names each of `names`, counted by the database in one query
    (the texts never leave it)."""
    if not names:
        return []
    counts = found.aggregate(
        **{
            f"n{index}": Count("pk", filter=Q(search_text__contains=turkish.fold(name)))
            for index, name in enumerate(names)
        }
    )
    return [(name, counts[f"n{index}"]) for index, name in enumerate(names)]


def _hits(found: QuerySet[Item], query_ids: list[int]) -> list[tuple[str, int]]:
    """Items each watch query hit (hits marked wrong left out), by the query's name, in one
    query: what the numbers page counts for the same queries."""
    if not query_ids:
        return []
    counts = found.aggregate(
        **{
            f"q{query_id}": Count(
                "pk",
                filter=Q(query_hits__query_id=query_id, query_hits__marked_wrong=False),
                distinct=True,
            )
            for query_id in query_ids
        }
    )
    names = dict(WatchQuery.objects.filter(pk__in=query_ids).values_list("pk", "name"))
    return [(names[query_id], counts[f"q{query_id}"]) for query_id in query_ids]


def chart_svgs(data: dict[str, Any]) -> dict[str, str]:
    types = [label for label, _n in data["by_type"]]
    type_colours = {t: charts_colour(i) for i, t in enumerate(types)}
    tone_labels = {str(label): charts.TONE_COLOURS[value] for value, label in Tone.choices}
    tone_value_to_label = {value: str(label) for value, label in Tone.choices}
    return {
        "volume": charts.stacked_columns(
            _("Items by day and outlet type"),
            [(f"{day:%d.%m}", counts) for day, counts in data["by_day"]],
            type_colours,
        ),
        "tone": charts.stacked_columns(
            _("Tone by day"),
            [
                (f"{day:%d.%m}", {tone_value_to_label[k]: v for k, v in counts.items()})
                for day, counts in data["tone_by_day"]
            ],
            tone_labels,
        ),
        "voice": charts.bars(_("Share of voice"), data["share_of_voice"]),
        "outlets": charts.bars(
            _("Top outlets"), [(name, cr[0]) for name, cr in data["top_outlets"]]
        ),
        "topics": charts.bars(_("Topics"), data["topics"]),
        "neighbourhoods": charts.bars(_("Neighbourhoods mentioned"), data["neighbourhoods"]),
    }


def charts_colour(index: int) -> str:
    return charts.COLOURS[index % len(charts.COLOURS)]


def render_pdf(period: Period, data: dict[str, Any]) -> bytes:
    from iletisim.monitoring.summary.rendering import html_to_pdf

    with translation.override("tr"):
        html = render_to_string(
            "monitoring/summary/report_pdf.html",
            {
                "period": period,
                "data": data,
                "charts": chart_svgs(data),
                "municipality": settings.MUNICIPALITY_NAME,
                "font_dir": f"file://{settings.SUMMARY_FONT_DIR}",
            },
        )
    return html_to_pdf(html)


def render_xlsx(period: Period, data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    with translation.override("tr"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("Volume")[:31]
        types = [label for label, _n in data["by_type"]]
        sheet.append([_("Day"), *types, _("Total")])
        for day, counts in data["by_day"]:
            values = [counts.get(t, 0) for t in types]
            sheet.append([day, *values, sum(values)])
        if data["by_day"]:
            chart = BarChart()
            chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
            chart.title = _("Items by day and outlet type")
            refs = Reference(
                sheet, min_col=2, max_col=1 + len(types), min_row=1, max_row=1 + len(data["by_day"])
            )
            chart.add_data(refs, titles_from_data=True)
            chart.set_categories(
                Reference(sheet, min_col=1, min_row=2, max_row=1 + len(data["by_day"]))
            )
            sheet.add_chart(chart, "H2")
        tones = book.create_sheet(_("Tone")[:31])
        tones.append([_("Day"), *(str(label) for _v, label in Tone.choices)])
        for day, counts in data["tone_by_day"]:
            tones.append([day, *(counts.get(v, 0) for v in Tone.values)])
        for title, header, rows in (
            (_("Share of voice"), [_("Name"), _("Items")], data["share_of_voice"]),
            (
                _("Top outlets"),
                [_("Outlet"), _("Items"), _("Reach")],
                [(n, cr[0], cr[1]) for n, cr in data["top_outlets"]],
            ),
            (
                _("Top stories"),
                [_("Story"), _("Outlets"), _("Total reach")],
                [(s["title"], s["outlet_count"], s["total_reach"]) for s in data["top_stories"]],
            ),
            (_("Topics"), [_("Topic"), _("Items")], data["topics"]),
            (_("Neighbourhoods"), [_("Neighbourhood"), _("Mentions")], data["neighbourhoods"]),
        ):
            ws = book.create_sheet(title[:31])
            ws.append(header)
            for row in rows:
                ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
