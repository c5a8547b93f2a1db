"""Watch queries: who may edit them, refused queries with their position or reason, the
30-day preview with highlights, and items matched as they arrive with topic and tone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring import ingest, watch
from iletisim.monitoring.models import Item, QueryHit, WatchQuery
from iletisim.monitoring.stories import StoryIndex
from iletisim.monitoring.tests.factories import ItemFactory, SourceFactory
from iletisim.monitoring.tests.pages import article, html_response, rss

pytestmark = pytest.mark.django_db
QUERIES = "/staff/monitoring/queries/"
ECONOMY = [
    "Borsa İstanbul'da BIST 100 endeksi güne yüzde 0,8 yükselişle başladı. Bankacılık endeksi "
    "yüzde 1,2 değer kazanırken sanayi endeksi yatay seyretti.",
    "Piyasalarda gözler bu hafta açıklanacak enflasyon verilerine ve merkez bankasının faiz "
    "kararına çevrildi. Analistler dalgalı bir seyir bekliyor.",
    "Dolar ve avro kurları güne sınırlı düşüşle başladı; ons altın ise rekor seviyelerine yakın "
    "işlem gördü.",
]


@pytest.fixture(autouse=True)
def _fresh_matcher():
    watch.forget_matcher()
    yield
    watch.forget_matcher()


@pytest.mark.parametrize("role", [Role.PRESS_OFFICER, Role.DIRECTOR, Role.ADMIN])
def test_press_officers_the_director_and_admins_see_the_watch_queries(client, as_role, role):
    as_role(role)
    WatchQuery.objects.create(name="Başkan", text='"Belediye Başkanı"')
    response = client.get(QUERIES)
    assert response.status_code == 200
    assert "Başkan" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "unit"), [(Role.UNIT_STAFF, "fen-isleri"), (Role.UNIT_MANAGER, "fen-isleri")]
)
def test_unit_staff_cannot_open_the_watch_queries(client, as_role, role, unit):
    as_role(role, unit)
    assert client.get(QUERIES).status_code == 403
    assert client.post(QUERIES + "new/", {"name": "x", "text": "Kadıköy"}).status_code == 403
    assert not WatchQuery.objects.exists()


def test_a_saved_query_is_owned_by_its_author_and_audited(client, as_role):
    user = as_role(Role.PRESS_OFFICER)
    response = client.post(
        QUERIES + "new/", {"name": "İlçe", "text": "Kadıköy NOT Belediyespor", "active": "on"}
    )
    query = WatchQuery.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{QUERIES}{query.pk}/"
    assert query.owner == user and query.active
    entry = AuditEntry.objects.get(action="monitoring.query.created")
    assert entry.data["text"] == "Kadıköy NOT Belediyespor"
    client.post(f"{QUERIES}{query.pk}/", {"name": "İlçe", "text": "Kadıköy"})
    query.refresh_from_db()
    assert query.text == "Kadıköy" and not query.active
    changed = AuditEntry.objects.get(action="monitoring.query.updated")
    assert changed.data["active"] == [True, False]


def test_a_malformed_query_is_refused_with_the_position_of_the_error(client, as_role):
    as_role(Role.PRESS_OFFICER)
    response = client.post(QUERIES + "new/", {"name": "Bozuk", "text": '(Kadıköy OR "sahil'})
    page = response.content.decode()
    assert response.status_code == 200
    assert "karakter 13" in page  # the unclosed quote, counted from 1
    assert not WatchQuery.objects.exists()


def test_a_query_matching_almost_everything_is_refused_with_the_reason(client, as_role):
    as_role(Role.PRESS_OFFICER)
    response = client.post(QUERIES + "new/", {"name": "Her şey", "text": "ve"})
    page = response.content.decode()
    assert "neredeyse her haberle eşleşir" in page
    assert not WatchQuery.objects.exists()


def test_the_preview_shows_last_months_matches_highlighted_without_saving(client, as_role):
    as_role(Role.PRESS_OFFICER)
    ItemFactory(title="Kadıköy'de sahil yenileniyor", text="Çalışmalar yaz sonunda bitecek.")
    ItemFactory(title="Kadıköy'de eski haber", fetched_at=timezone.now() - dt.timedelta(days=40))
    ItemFactory(title="Belediyespor kazandı", text="Maç çok çekişmeli geçti.")
    response = client.post(QUERIES + "new/", {"name": "İlçe", "text": "kadikoy", "preview": "1"})
    page = response.content.decode()
    assert "<mark>Kadıköy&#x27;de</mark>" in page or "<mark>Kadıköy</mark>" in page
    assert "sahil yenileniyor" in page
    assert "eski haber" not in page and "Belediyespor" not in page
    assert not WatchQuery.objects.exists()


def test_an_item_is_matched_with_highlights_topic_and_tone_through_the_action():
    kadikoy = WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    WatchQuery.objects.create(name="Spor", text="Belediyespor")
    WatchQuery.objects.create(name="Pasif", text="sahil", active=False)
    item = ItemFactory(
        title="Kadıköy Belediyesi'nden yeni park",
        text="Kadıköy Belediyesi sahilde yeni bir parkı hizmete açtı; vatandaşlar çok memnun.",
    )
    assert watch.match_item(item) == [kadikoy.pk]
    item.refresh_from_db()
    hit = QueryHit.objects.get()
    assert hit.query == kadikoy and hit.spans[0] == [0, 7]
    assert item.matched_by_query
    assert item.topic in {"siyaset", "ekonomi", "kultur-sanat", "saglik", "spor", "teknoloji"}
    assert item.tone == "positive"
    assert 0 < item.topic_confidence <= 1 and 0.5 <= item.tone_confidence <= 0.95  # shown


def test_a_changed_query_is_used_for_the_next_item_without_a_restart():
    query = WatchQuery.objects.create(name="İlçe", text="Üsküdar")
    first = ItemFactory(title="Kadıköy'de konser", text="Konser akşam başlıyor.")
    assert watch.match_item(first) == []
    query.text = "Kadıköy"
    query.save()
    second = ItemFactory(title="Kadıköy'de tiyatro", text="Oyun akşam başlıyor.")
    assert watch.match_item(second) == [query.pk]


def test_items_from_a_feed_arrive_on_the_desk_already_matched(http_server, fetcher):
    query = WatchQuery.objects.create(name="Başkan", text='"Belediye Başkanı"')
    entries = [("/haber/1", "Kadıköy sahili yenileniyor"), ("/haber/2", "Borsa güne yükselişle")]
    pages = {
        "/haber/1": article("Kadıköy sahili yenileniyor"),
        "/haber/2": article("Borsa güne yükselişle", ECONOMY),
    }
    for path, page in pages.items():
        http_server.route("GET", path, handler=lambda r, page=page: html_response(page))
    http_server.route("GET", "/feed.xml", body=rss(http_server, entries))
    SourceFactory(url=http_server.url("/feed.xml"))
    index = StoryIndex()
    for source_id in ingest.claim_due_sources():
        ingest.poll_source(source_id, fetcher)
    while batch := ingest.claim_pending_items():
        for item_id in batch:
            ingest.fetch_item(item_id, fetcher, index)
    matched = Item.objects.get(matched_by_query=True)
    assert matched.title == "Kadıköy sahili yenileniyor"
    assert matched.topic and matched.tone
    assert QueryHit.objects.get().query == query
    other = Item.objects.get(title="Borsa güne yükselişle")
    assert not other.matched_by_query and other.topic is None


def test_a_typed_in_print_clipping_is_matched_when_filed(make_user):
    from iletisim.monitoring import actions
    from iletisim.monitoring.tasks import file_clipping
    from iletisim.monitoring.tests.factories import OutletFactory

    query = WatchQuery.objects.create(name="İlçe", text='"Kadıköy Belediyesi"')
    clipping = actions.add_clipping(
        outlet=OutletFactory(),
        medium="print",
        title="Sahil yenileniyor",
        text="Kadıköy Belediyesi'nin sahil projesi yaz sonunda tamamlanacak.",
        by=make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler"),
    )
    file_clipping.call(clipping.item_id)
    assert QueryHit.objects.get().query == query
    clipping.item.refresh_from_db()
    assert clipping.item.matched_by_query and clipping.item.tone
