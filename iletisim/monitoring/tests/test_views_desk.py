"""The clipping desk by role: who sees it, filters, search, marking, tagging, assigning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring import queries
from iletisim.monitoring.models import FetchState, ItemStatus, OutletType, Story
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db
DESK = "/staff/monitoring/"


@pytest.mark.parametrize(
    "role", [Role.PRESS_OFFICER, Role.DIRECTOR, Role.MAYORS_OFFICE, Role.ADMIN]
)
def test_the_desk_opens_for_the_press_director_mayors_office_and_admin(client, as_role, role):
    as_role(role)
    ItemFactory(title="Kadıköy'de yeni park")
    response = client.get(DESK)
    assert response.status_code == 200
    assert "Kadıköy&#x27;de yeni park" in response.text
    assert "monitoring-desk" in [i["key"] for i in response.context["staff_nav"]]


@pytest.mark.parametrize(
    ("role", "unit"), [(Role.UNIT_STAFF, "fen-isleri"), (Role.UNIT_MANAGER, "fen-isleri")]
)
def test_unit_staff_cannot_open_the_desk_nor_see_it_in_the_menu(client, as_role, role, unit):
    as_role(role, unit)
    assert client.get(DESK).status_code == 403
    assert client.get("/staff/").status_code == 200
    assert "monitoring-desk" not in [i["key"] for i in client.get("/staff/").context["staff_nav"]]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    assert "/accounts/login/" in client.get(DESK)["Location"]


def test_the_mayors_office_reads_the_desk_but_cannot_mark_items(client, as_role):
    as_role(Role.MAYORS_OFFICE, "ozel-kalem")
    item = ItemFactory()
    url = reverse("monitoring:item-status", args=[item.pk])
    assert client.post(url, {"status": "relevant"}).status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.NEW


def test_items_are_listed_newest_first_and_pending_ones_are_hidden(client, as_role):
    as_role(Role.PRESS_OFFICER)
    old = ItemFactory(title="Eski haber")
    new = ItemFactory(title="Yeni haber")
    ItemFactory(title="Henüz çekilmedi", fetch_state=FetchState.PENDING)
    items = client.get(DESK).context["items"]
    assert [i.pk for i in items] == [new.pk, old.pk]


def test_search_ignores_turkish_case_letters_and_apostrophes(client, as_role):
    as_role(Role.PRESS_OFFICER)
    ItemFactory(title="KADIKÖY'DE SAHİL DÜZENLEMESİ")
    ItemFactory(title="Otobüs seferleri")
    for query in ["kadıköy", "KADIKOY", "kadikoyde", "Kadıköy'de sahil"]:
        titles = [i.title for i in client.get(DESK, {"q": query}).context["items"]]
        assert titles == ["KADIKÖY'DE SAHİL DÜZENLEMESİ"], query


def test_filters_by_outlet_type_and_status(client, as_role):
    as_role(Role.PRESS_OFFICER)
    tv = OutletFactory(type=OutletType.TV)
    ItemFactory(title="Televizyon", outlet=tv, status=ItemStatus.RELEVANT)
    ItemFactory(title="Gazete")
    response = client.get(DESK, {"outlet_type": "tv", "status": "relevant"})
    assert [i.title for i in response.context["items"]] == ["Televizyon"]


def test_filters_by_source(client, as_role):
    as_role(Role.PRESS_OFFICER)
    feed = SourceFactory()
    ItemFactory(title="Beslemeden", source=feed, outlet=feed.outlet)
    ItemFactory(title="Başka")
    response = client.get(DESK, {"source": feed.pk})
    assert [i.title for i in response.context["items"]] == ["Beslemeden"]


def test_the_desk_pages_with_a_keyset_cursor(client, as_role):
    as_role(Role.PRESS_OFFICER)
    for n in range(queries.PAGE_SIZE + 3):
        ItemFactory(title=f"Haber {n}")
    first = client.get(DESK).context
    assert len(first["items"]) == queries.PAGE_SIZE and first["next_cursor"]
    second = client.get(DESK, {"after": first["next_cursor"]}).context
    assert len(second["items"]) == 3
    assert not {i.pk for i in first["items"]} & {i.pk for i in second["items"]}


def test_a_press_officer_marks_an_item_relevant_in_place_and_it_is_audited(client, as_role):
    as_role(Role.PRESS_OFFICER)
    item = ItemFactory()
    url = reverse("monitoring:item-status", args=[item.pk])
    response = client.post(url, {"status": "relevant"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-status="relevant"' in response.text
    assert "İlgili" in response.text
    assert AuditEntry.objects.filter(action="monitoring.item.status_changed").count() == 1


def test_tags_note_and_importance_are_saved(client, as_role):
    as_role(Role.PRESS_OFFICER)
    item = ItemFactory()
    url = reverse("monitoring:item-edit", args=[item.pk])
    client.post(url, {"tags": "ulaşım, park, park", "note": "Başkana iletilecek", "importance": 3})
    item.refresh_from_db()
    assert item.tags == ["ulaşım", "park"]
    assert item.note == "Başkana iletilecek"
    assert item.importance == 3


def test_an_item_is_assigned_only_to_a_press_colleague(client, as_role, make_user):
    as_role(Role.PRESS_OFFICER)
    colleague = make_user(Role.PRESS_OFFICER)
    outsider = make_user(Role.UNIT_STAFF, "fen-isleri")
    item = ItemFactory()
    url = reverse("monitoring:item-assign", args=[item.pk])
    assert client.post(url, {"assignee": outsider.pk}).status_code == 400
    client.post(url, {"assignee": colleague.pk})
    item.refresh_from_db()
    assert item.assignee == colleague


def test_the_story_page_lists_every_copy(client, as_role):
    as_role(Role.PRESS_OFFICER)
    story = Story.objects.create(title="Sahil düzenlemesi", item_count=2)
    ItemFactory(title="AA: Sahil", story=story)
    ItemFactory(title="Yerel: Sahil", story=story)
    response = client.get(reverse("monitoring:story-detail", args=[story.pk]))
    assert "AA: Sahil" in response.text and "Yerel: Sahil" in response.text


def test_item_text_is_escaped(client, as_role):
    as_role(Role.PRESS_OFFICER)
    item = ItemFactory(title="<script>alert(1)</script>")
    response = client.get(reverse("monitoring:item-detail", args=[item.pk]))
    assert "<script>alert(1)</script>" not in response.text


def test_the_dashboard_shows_how_many_clippings_wait(client, as_role):
    as_role(Role.PRESS_OFFICER)
    ItemFactory()
    response = client.get("/staff/")
    assert "1 yeni kupür bekliyor." in response.text


def test_the_dashboard_lists_a_waiting_story_once_with_a_link(client, as_role):
    as_role(Role.PRESS_OFFICER)
    story = Story.objects.create(title="Sahil", item_count=2)
    older = ItemFactory(title="Ajans: sahil yenileniyor", story=story)
    newer = ItemFactory(title="Yerel: sahil yenileniyor", story=story)

    page = client.get("/staff/").text

    assert "2 yeni kupür bekliyor." in page
    assert f'href="/staff/monitoring/items/{newer.pk}/"' in page
    assert older.title not in page


def test_older_clippings_load_in_place_without_the_page_around_them(client, as_role):
    as_role(Role.PRESS_OFFICER)
    for n in range(queries.PAGE_SIZE + 1):
        ItemFactory(title=f"Haber {n}")
    cursor = client.get(DESK).context["next_cursor"]
    response = client.get(DESK, {"after": cursor}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Haber 0" in response.text


def test_the_item_page_highlights_what_its_queries_matched_and_escapes_the_rest(client, as_role):
    as_role(Role.PRESS_OFFICER)
    from iletisim.monitoring import watch
    from iletisim.monitoring.models import QueryHit, WatchQuery

    item = ItemFactory(
        title="KADIKÖY BELEDİYESİ'NDEN açıklama",
        text="Başkan <b>dün</b> konuştu.\nKadıköy Belediyesi'nin parkı açıldı; Yılmazer geldi.",
    )
    kadikoy = WatchQuery.objects.create(name="Kadıköy", text='"Kadıköy Belediyesi"')
    wrong = WatchQuery.objects.create(name="Başkan", text="başkan")
    watch.match_item(item, alert=False)
    QueryHit.objects.filter(query=wrong).update(marked_wrong=True)

    page = client.get(reverse("monitoring:item-detail", args=[item.pk])).text

    assert "<mark>KADIKÖY BELEDİYESİ&#x27;NDEN</mark> açıklama" in page
    assert "<mark>Kadıköy Belediyesi&#x27;nin</mark> parkı" in page
    assert "&lt;b&gt;dün&lt;/b&gt;" in page  # the text stays text
    assert "<mark>Başkan</mark>" not in page  # a hit marked wrong is not highlighted
    assert "Yılmazer" in page and "<mark>Yılmazer" not in page
    assert kadikoy.hits.count() == 1


def test_a_clippings_ocr_text_is_highlighted_too(client, as_role):
    as_role(Role.PRESS_OFFICER)
    from iletisim.monitoring import watch
    from iletisim.monitoring.models import Clipping, Medium, WatchQuery

    item = ItemFactory(title="Gazete sayfası", text="", medium=Medium.PRINT)
    Clipping.objects.create(item=item, ocr_text="Sahilde Moda’daki çalışmalar sürüyor.")
    WatchQuery.objects.create(name="Moda", text="Moda")
    watch.match_item(item, alert=False)

    page = client.get(reverse("monitoring:item-detail", args=[item.pk])).text

    assert "<mark>Moda’daki</mark> çalışmalar" in page


def test_the_desk_shows_a_story_once_at_its_newest_copy_unless_asked_for_every_copy(
    client, as_role
):
    import datetime as dt

    from django.utils import timezone

    as_role(Role.PRESS_OFFICER)
    now = timezone.now()
    story = Story.objects.create(title="Sahil yenileniyor", item_count=3)
    agency, local = OutletFactory(name="Ajans"), OutletFactory(name="Yerel")
    ItemFactory(
        title="Ajans: sahil", outlet=agency, story=story, fetched_at=now - dt.timedelta(hours=3)
    )
    ItemFactory(
        title="Yerel: sahil", outlet=local, story=story, fetched_at=now - dt.timedelta(hours=2)
    )
    ItemFactory(
        title="Yerel: sahil 2", outlet=local, story=story, fetched_at=now - dt.timedelta(hours=1)
    )
    ItemFactory(title="Otobüs arızası", outlet=local, fetched_at=now)

    def titles(query: str = "") -> list[str]:
        response = client.get(DESK + query)
        return [item.title for item in response.context["items"]]

    assert titles() == ["Otobüs arızası", "Yerel: sahil 2"]
    assert "3 kopya" in client.get(DESK).text
    assert titles("?copies=all") == [
        "Otobüs arızası",
        "Yerel: sahil 2",
        "Yerel: sahil",
        "Ajans: sahil",
    ]
    # a filter that excludes the newest copies shows the newest copy it keeps
    assert titles(f"?outlet={agency.pk}") == ["Ajans: sahil"]
    assert titles("?q=sahil") == ["Yerel: sahil 2"]


def test_one_row_per_story_pages_through_stories_with_the_keyset_cursor(client, as_role):
    import datetime as dt

    from django.utils import timezone

    as_role(Role.PRESS_OFFICER)
    now = timezone.now()
    for n in range(queries.PAGE_SIZE + 2):
        story = Story.objects.create(title=f"Haber {n}", item_count=2)
        for copy in range(2):
            ItemFactory(
                title=f"Haber {n}/{copy}",
                story=story,
                fetched_at=now - dt.timedelta(minutes=2 * n + copy),
            )

    first = client.get(DESK)
    rest = client.get(DESK + "?after=" + first.context["next_cursor"])

    shown = [item.title for item in [*first.context["items"], *rest.context["items"]]]
    assert shown == [f"Haber {n}/0" for n in range(queries.PAGE_SIZE + 2)]


def test_a_desk_row_shows_how_sure_the_topic_and_tone_are(client, as_role):
    as_role(Role.PRESS_OFFICER)
    ItemFactory(topic="teknoloji", topic_confidence=0.31, tone="negative", tone_confidence=0.87)

    page = client.get(DESK).text

    assert 'Konu: Teknoloji <span class="confidence">(güven %31)</span>' in page
    assert "(güven %87)" in page


def test_marking_a_story_row_marks_its_new_copies_and_leaves_judged_ones(client, as_role):
    from iletisim.core.models import AuditEntry

    as_role(Role.PRESS_OFFICER)
    story = Story.objects.create(title="Sahil", item_count=3)
    judged = ItemFactory(title="Ajans: sahil", story=story, status=ItemStatus.IRRELEVANT)
    waiting = ItemFactory(title="Yerel: sahil", story=story)
    shown = ItemFactory(title="Yerel: sahil 2", story=story)
    other = ItemFactory(title="Başka haber")

    page = client.get(DESK).text
    assert 'name="story" value="1"' in page  # the row stands for the story
    assert 'name="story"' not in client.get(DESK + "?copies=all").text

    response = client.post(
        f"/staff/monitoring/items/{shown.pk}/status/", {"status": "relevant", "story": "1"}
    )
    assert response.status_code in (200, 302)
    for item in (judged, waiting, shown, other):
        item.refresh_from_db()
    assert (shown.status, waiting.status) == (ItemStatus.RELEVANT, ItemStatus.RELEVANT)
    assert judged.status == ItemStatus.IRRELEVANT  # an analyst's earlier mark stays
    assert other.status == ItemStatus.NEW
    assert AuditEntry.objects.filter(action="monitoring.item.status_changed").count() == 2


def test_on_the_every_copy_view_marking_a_row_marks_that_copy_only(client, as_role):
    as_role(Role.PRESS_OFFICER)
    story = Story.objects.create(title="Sahil", item_count=2)
    first = ItemFactory(title="Ajans: sahil", story=story)
    second = ItemFactory(title="Yerel: sahil", story=story)

    response = client.post(
        f"/staff/monitoring/items/{second.pk}/status/",
        {"status": "irrelevant"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/staff/monitoring/?copies=all",
    )

    first.refresh_from_db()
    assert first.status == ItemStatus.NEW
    assert 'name="story"' not in response.text  # the swapped row keeps the view's meaning


def test_a_story_row_swapped_in_after_an_edit_still_stands_for_the_story(client, as_role):
    as_role(Role.PRESS_OFFICER)
    story = Story.objects.create(title="Sahil", item_count=2)
    ItemFactory(title="Ajans: sahil", story=story)
    shown = ItemFactory(title="Yerel: sahil", story=story)

    response = client.post(
        f"/staff/monitoring/items/{shown.pk}/edit/",
        {"tags": "sahil", "importance": "0", "note": ""},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/staff/monitoring/?status=new",
    )

    assert response.status_code == 200
    assert 'name="story" value="1"' in response.text
