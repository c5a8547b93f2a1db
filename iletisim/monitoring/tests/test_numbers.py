"""The desk's numbers: share of voice, tone over time, top outlets and stories, per topic and
per neighbourhood; who sees, exports and chooses what; safe exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iletisim.accounts.tests.factories import log_in as login
from iletisim.core.models import AuditEntry
from iletisim.monitoring.models import ItemStatus, QueryHit, Story, WatchQuery
from iletisim.monitoring.numbers import aggregate, tables
from iletisim.monitoring.numbers.actions import choose_numbers_queries
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def hit(query: WatchQuery, **item_fields):
    item = ItemFactory(**item_fields)
    QueryHit.objects.create(query=query, item=item, spans=[])
    return item


@pytest.fixture
def world():
    """Us (3 items), a peer (1), a neighbourhood (2), over two outlets, one story."""
    big = OutletFactory(name="Büyük Gazete", reach=100_000)
    small = OutletFactory(name="Küçük Site", reach=1_000)
    us = WatchQuery.objects.create(name="Örnek Belediyesi", text='"Örnek Belediyesi"')
    peer = WatchQuery.objects.create(name="Komşu Belediyesi", text='"Komşu Belediyesi"')
    moda = WatchQuery.objects.create(name="Moda", text="Moda")
    choose_numbers_queries(own=us, peers=[peer], neighbourhoods=[moda], by=None)
    story = Story.objects.create(
        title="Park açıldı", item_count=2, outlet_count=2, total_reach=101_000
    )
    today, yesterday = NOW, NOW - dt.timedelta(days=1)
    first = hit(us, outlet=big, fetched_at=yesterday, tone="positive", topic="siyaset", story=story)
    hit(us, outlet=small, fetched_at=today, tone="negative", topic="siyaset", story=story)
    hit(us, outlet=small, fetched_at=today, tone="negative", topic="spor")
    hit(peer, outlet=big, fetched_at=today, tone="neutral", topic="ekonomi")
    QueryHit.objects.create(query=moda, item=first, spans=[])
    hit(moda, outlet=small, fetched_at=today, tone=None, topic=None)
    ItemFactory(outlet=big, fetched_at=today, status=ItemStatus.IRRELEVANT, tone="negative")
    ItemFactory(outlet=big, fetched_at=NOW - dt.timedelta(days=90))  # outside the period
    return {"us": us, "peer": peer, "moda": moda, "story": story}


def test_the_figures_count_the_period_without_irrelevant_items(world):
    numbers = aggregate.build(aggregate.default_filters())
    assert numbers.totals["items"] == 5
    assert (numbers.totals["positive"], numbers.totals["negative"]) == (1, 2)
    assert numbers.totals["reach"] == 100_000 * 2 + 1_000 * 3


def test_share_of_voice_sets_the_municipality_against_its_peers(world):
    numbers = aggregate.build(aggregate.default_filters())
    voice = {row["name"]: (row["items"], row["share"]) for row in numbers.share_of_voice}
    assert voice == {"Örnek Belediyesi": (3, 75.0), "Komşu Belediyesi": (1, 25.0)}


def test_tone_over_time_has_every_day_even_without_news(world):
    numbers = aggregate.build(aggregate.default_filters())
    days = numbers.tone_over_time
    assert len(days) == 30
    today = {k: days[-1][k] for k in ("positive", "neutral", "negative", "untoned")}
    assert today == {"positive": 0, "neutral": 1, "negative": 2, "untoned": 1}
    assert days[-2]["positive"] == 1
    assert sum(day["positive"] + day["negative"] for day in days[:-2]) == 0


def test_a_long_period_is_counted_by_week_or_month():
    today = timezone.localdate()
    assert aggregate.Filters(today - dt.timedelta(days=100), today).bucket == "week"
    long = aggregate.Filters(today - dt.timedelta(days=400), today)
    assert long.bucket == "month"
    assert aggregate.build(long).tone_over_time[-1]["period"] == today.replace(day=1)


def test_top_outlets_stories_topics_and_neighbourhoods(world):
    numbers = aggregate.build(aggregate.default_filters())
    assert [(o["name"], o["items"]) for o in numbers.top_outlets] == [
        ("Küçük Site", 3),
        ("Büyük Gazete", 2),
    ]
    assert [(s["title"], s["total_reach"]) for s in numbers.top_stories] == [
        ("Park açıldı", 101_000)
    ]
    assert {t["topic"]: t["items"] for t in numbers.topics} == {
        "siyaset": 2,
        "spor": 1,
        "ekonomi": 1,
        None: 1,
    }
    assert [(n["name"], n["items"], n["positive"]) for n in numbers.neighbourhoods] == [
        ("Moda", 2, 1)
    ]


def test_filters_narrow_every_figure(world):
    today = timezone.localdate()
    by_tone = aggregate.build(
        aggregate.Filters(today - dt.timedelta(days=7), today, tone="negative")
    )
    assert by_tone.totals["items"] == 2
    assert [r["name"] for r in by_tone.share_of_voice] == ["Örnek Belediyesi"]
    by_query = aggregate.build(
        aggregate.Filters(today - dt.timedelta(days=7), today, query_id=world["peer"].pk)
    )
    assert by_query.totals["items"] == 1
    assert by_query.top_outlets[0]["name"] == "Büyük Gazete"


def test_the_figures_take_the_same_number_of_queries_however_much_data(
    world, django_assert_max_num_queries
):
    filters = aggregate.default_filters()
    with django_assert_max_num_queries(7):
        aggregate.build(filters)
    for n in range(15):
        query = WatchQuery.objects.create(name=f"Mahalle {n}", text=f"mahalle{n}")
        hit(query, outlet=OutletFactory(), fetched_at=NOW, tone="positive", topic="saglik")
    choose_numbers_queries(
        own=world["us"],
        peers=[world["peer"]],
        neighbourhoods=list(WatchQuery.objects.filter(name__startswith="Mahalle")),
        by=None,
    )
    with django_assert_max_num_queries(7):
        numbers = aggregate.build(filters)
    assert len(numbers.neighbourhoods) == 15


def test_the_page_shows_a_chart_and_a_table_for_every_figure(client, make_user, world):
    login(client, make_user("mayors_office", unit="ozel-kalem"))
    response = client.get(reverse("monitoring:numbers"))
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("voice", "tone", "outlets", "stories", "topics", "neighbourhoods"):
        assert f'id="chart-{key}"' in page
        assert f'data-table="{key}"' in page
    assert "Komşu Belediyesi" in page
    assert "Erişim: 203.000" in page  # Turkish thousands separators
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "numbers-export" not in page and "export.csv" not in page  # reads, does not export
    assert 'action="/staff/monitoring/numbers/queries/"' not in page


@pytest.mark.parametrize(
    ("role", "unit"), [("unit_staff", "fen-isleri"), ("unit_manager", "fen-isleri")]
)
def test_unit_people_do_not_see_the_numbers(client, make_user, role, unit):
    login(client, make_user(role, unit=unit))
    assert client.get(reverse("monitoring:numbers")).status_code == 403
    assert client.get(reverse("monitoring:numbers-export", args=["csv"])).status_code == 403


def test_the_mayors_office_cannot_export_or_choose_queries(client, make_user, world):
    login(client, make_user("mayors_office", unit="ozel-kalem"))
    assert client.get(reverse("monitoring:numbers-export", args=["xlsx"])).status_code == 403
    response = client.post(reverse("monitoring:numbers-queries"), {"peers": [world["us"].pk]})
    assert response.status_code == 403


def test_a_press_officer_chooses_the_peers_and_it_is_audited(client, make_user, world):
    officer = login(client, make_user("press_officer"))
    rival = WatchQuery.objects.create(name="Rakip Başkan", text="Rakip")
    response = client.post(
        reverse("monitoring:numbers-queries"),
        {"own": world["us"].pk, "peers": [world["peer"].pk, rival.pk]},
    )
    assert response.status_code == 302
    numbers = aggregate.build(aggregate.default_filters())
    assert {r["name"] for r in numbers.share_of_voice} == {"Örnek Belediyesi", "Komşu Belediyesi"}
    assert numbers.neighbourhoods == []  # Moda no longer chosen
    entry = AuditEntry.objects.get(action="monitoring.numbers.queries_chosen", actor=officer)
    assert entry.data["peers"] == sorted([world["peer"].pk, rival.pk])


def test_one_query_cannot_be_both_us_and_a_peer(client, make_user, world):
    login(client, make_user("press_officer"))
    client.post(
        reverse("monitoring:numbers-queries"), {"own": world["us"].pk, "peers": [world["us"].pk]}
    )
    voice = aggregate.build(aggregate.default_filters()).share_of_voice
    assert {r["name"] for r in voice} == {"Örnek Belediyesi", "Komşu Belediyesi"}  # unchanged


def test_the_csv_export_has_every_table_and_neutralises_formulas(client, make_user, world):
    officer = login(client, make_user("press_officer"))
    world["story"].title = '=HYPERLINK("http://kotu.example","tıkla")'
    world["story"].save()
    response = client.get(reverse("monitoring:numbers-export", args=["csv"]) + "?tone=negative")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="medya-rakamlari-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Görünürlük payı"] in rows  # the share-of-voice table, in Turkish
    assert ["Örnek Belediyesi", "2", "100.0", "2000", "0", "0", "2", "0"] in rows
    assert any(row and row[0] == '\'=HYPERLINK("http://kotu.example","tıkla")' for row in rows)
    entry = AuditEntry.objects.get(action="monitoring.numbers.exported", actor=officer)
    assert (entry.data["format"], entry.data["tone"]) == ("csv", "negative")


def test_the_xlsx_export_has_a_sheet_per_table_and_no_formula(client, make_user, world):
    login(client, make_user("director"))
    WatchQuery.objects.filter(pk=world["peer"].pk).update(name="@SUM(1+1)")
    response = client.get(reverse("monitoring:numbers-export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 7
    cells = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert "'@SUM(1+1)" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "@")) for v in cells)


def test_exports_are_rate_limited_per_person(client, make_user, world):
    login(client, make_user("press_officer"))
    url = reverse("monitoring:numbers-export", args=["csv"])
    codes = [client.get(url).status_code for _ in range(12)]
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]


def test_an_unknown_format_is_not_found(client, make_user):
    login(client, make_user("press_officer"))
    assert client.get(reverse("monitoring:numbers-export", args=["pdf"])).status_code == 404


def test_a_cell_that_looks_like_a_formula_gets_an_apostrophe():
    assert tables.safe_cell("=1+1") == "'=1+1"
    assert tables.safe_cell("  -2") == "'  -2"
    assert tables.safe_cell("\tcmd") == "'\tcmd"
    assert tables.safe_cell("Kadıköy") == "Kadıköy"
    assert tables.safe_cell(-2) == -2


def test_a_hit_the_desk_marked_wrong_is_not_a_mention(world):
    QueryHit.objects.filter(query=world["peer"]).update(marked_wrong=True)
    numbers = aggregate.build(aggregate.default_filters())
    assert [r["name"] for r in numbers.share_of_voice] == ["Örnek Belediyesi"]
    today = timezone.localdate()
    only_peer = aggregate.Filters(today - dt.timedelta(days=7), today, query_id=world["peer"].pk)
    assert aggregate.build(only_peer).totals["items"] == 0
