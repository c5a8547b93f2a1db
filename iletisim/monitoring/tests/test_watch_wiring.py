"""Watch queries wired through monitoring: the feed pipeline delivers matched items with
topic, tone and alerts; clippings are matched on their OCR text and transcripts; a saved
query is run over the last 30 days; a wrong hit is corrected and counted; the desk filters
by query."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring import actions, tasks, watch
from iletisim.monitoring.alerts import actions as alert_actions
from iletisim.monitoring.alerts.models import AlertRule
from iletisim.monitoring.models import Correction, Item, ItemStatus, QueryHit, WatchQuery
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory, SourceFactory
from iletisim.monitoring.tests.pages import article, html_response, rss

pytestmark = pytest.mark.django_db
QUERIES = "/staff/monitoring/queries/"
SCANDAL = [
    "Kadıköy Belediyesi'nin park ihalesinde yolsuzluk iddiası gündeme geldi; muhalefet "
    "meclis üyeleri skandal olarak nitelendirdi ve vatandaşlar şikayetçi.",
    "İddialara göre ihale şartnamesi tek bir firmaya göre hazırlandı; belediye henüz bir "
    "açıklama yapmadı.",
]


@pytest.fixture(autouse=True)
def _fresh_matcher():
    watch.forget_matcher()
    yield
    watch.forget_matcher()


def test_a_feed_item_reaches_the_desk_matched_with_topic_tone_and_an_alert_email(
    http_server, smtp_sink, make_user, django_capture_on_commit_callbacks
):
    officer = make_user(Role.PRESS_OFFICER, email="basin@belediye.example")
    query = WatchQuery.objects.create(name="Belediye", text='"Kadıköy Belediyesi"')
    rule = AlertRule.objects.create(query=query, name="Olumsuz", min_reach=10_000)
    rule.recipients.set([officer])
    http_server.route(
        "GET", "/haber/1", handler=lambda r: html_response(article("İhalede yolsuzluk", SCANDAL))
    )
    http_server.route("GET", "/feed.xml", body=rss(http_server, [("/haber/1", "İhale")]))
    SourceFactory(url=http_server.url("/feed.xml"), outlet=OutletFactory(reach=250_000))

    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_round()
    item = Item.objects.get()
    assert item.matched_by_query and item.topic and item.tone == "negative"
    assert QueryHit.objects.get().query == query

    # The worker picks up the deliver_alerts task the hit enqueued.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="deliver_alerts").exists()
    tasks.deliver_alerts.call()
    [mail] = smtp_sink.messages
    assert mail.rcpt_tos == ["basin@belediye.example"] and "İhalede yolsuzluk" in mail.subject


def test_a_print_clipping_is_matched_on_its_ocr_text(make_user):
    query = WatchQuery.objects.create(name="Sahil", text='"sahil projesi"')
    officer = make_user(Role.PRESS_OFFICER)
    clipping = actions.add_clipping(
        outlet=OutletFactory(),
        medium="print",
        title="Gazete, sayfa 3",
        text="Özet yok.",
        by=officer,
    )
    tasks.file_clipping.call(clipping.item_id)
    assert not QueryHit.objects.exists()
    clipping.ocr_text = "Belediyenin sahil projesi yaz sonunda tamamlanacak."
    clipping.save(update_fields=["ocr_text"])
    item = Item.objects.select_related("clipping", "outlet").get(pk=clipping.item_id)
    assert watch.match_item(item) == [query.pk]


def test_a_tv_clipping_is_matched_on_its_transcript(make_user):
    query = WatchQuery.objects.create(name="Başkan", text='"belediye başkanı"')
    clipping = actions.add_clipping(
        outlet=OutletFactory(type="tv"),
        medium="tv",
        title="Akşam haberleri",
        text="Haber bülteninden bir bölüm.",
        transcript="Sunucu: Belediye başkanının açıklamasına geçiyoruz.",
        by=make_user(Role.PRESS_OFFICER),
    )
    tasks.file_clipping.call(clipping.item_id)
    assert QueryHit.objects.get().query == query


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr")
def test_a_scanned_page_is_matched_once_tesseract_has_read_it(make_user, tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    query = WatchQuery.objects.create(name="Sahil", text="sahil")
    image = Image.new("RGB", (1400, 200), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 56)
    ImageDraw.Draw(image).text((30, 60), "Kadıköy sahili yenileniyor", fill="black", font=font)
    path = tmp_path / "sayfa.png"
    image.save(path)
    scan = SimpleUploadedFile("sayfa.png", path.read_bytes(), content_type="image/png")
    clipping = actions.add_clipping(
        outlet=OutletFactory(), medium="print", title="Gazete", by=make_user(Role.PRESS_OFFICER),
        scan=scan,
    )  # fmt: skip
    tasks.file_clipping.call(clipping.item_id)
    assert not QueryHit.objects.exists()
    assert tasks.ocr_clipping.call(clipping.pk) == "done"
    assert QueryHit.objects.get().query == query
    assert Item.objects.get().matched_by_query


def test_a_saved_query_is_run_over_the_last_30_days_in_the_background(
    client, as_role, django_capture_on_commit_callbacks
):
    as_role(Role.PRESS_OFFICER)
    recent = ItemFactory(title="Kadıköy'de sahil yenileniyor", text="Çalışmalar sürüyor.")
    ItemFactory(title="Kadıköy'de eski haber", fetched_at=timezone.now() - dt.timedelta(days=40))
    ItemFactory(title="Üsküdar'da konser", text="Konser akşam.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUERIES + "new/", {"name": "İlçe", "text": "Kadıköy", "active": "on"})
    query = WatchQuery.objects.get()
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get(task_path__endswith="backfill_query")
    assert queued.args_kwargs["args"] == [query.pk]
    assert tasks.backfill_query.call(query.pk) == 1
    assert tasks.backfill_query.call(query.pk) == 1  # safe twice
    hit = QueryHit.objects.get()
    assert hit.item == recent and hit.spans[0] == [0, 10]  # "Kadıköy'de"
    recent.refresh_from_db()
    assert recent.matched_by_query and recent.topic and recent.tone
    desk = client.get("/staff/monitoring/", {"watch_query": query.pk}).content.decode()
    assert "sahil yenileniyor" in desk and "Üsküdar" not in desk


def test_a_changed_query_drops_the_hits_it_no_longer_makes():
    query = WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    kadikoy = ItemFactory(title="Kadıköy'de sahil", text="Sahil yenileniyor.")
    uskudar = ItemFactory(title="Üsküdar'da sahil", text="Sahil yenileniyor.")
    watch.backfill(query.pk)
    query.text = "Üsküdar"
    query.save()
    watch.backfill(query.pk)
    assert list(QueryHit.objects.values_list("item", flat=True)) == [uskudar.pk]
    kadikoy.refresh_from_db()
    assert not kadikoy.matched_by_query


def test_a_backfill_raises_no_alert(make_user):
    query = WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    rule = AlertRule.objects.create(query=query, name="Hepsi", negative_only=False)
    rule.recipients.set([make_user(Role.PRESS_OFFICER)])
    ItemFactory(title="Kadıköy'de yolsuzluk skandalı", published_at=timezone.now())
    watch.backfill(query.pk)
    assert QueryHit.objects.count() == 1
    assert alert_actions.deliver_due_alerts() == 0


def test_an_analyst_marks_one_hit_wrong_and_the_query_precision_counts_it(client, as_role):
    analyst = as_role(Role.PRESS_OFFICER)
    spor = WatchQuery.objects.create(name="Spor", text="Kadıköy*")
    ilce = WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    item = ItemFactory(title="Kadıköy sahili", text="Kadıköy sahili yenileniyor.")
    item.status = ItemStatus.RELEVANT
    item.save(update_fields=["status"])
    watch.match_item(item)
    hit = QueryHit.objects.get(query=spor)

    page = client.get(f"/staff/monitoring/items/{item.pk}/").content.decode()
    assert "Spor" in page and f"/staff/monitoring/hits/{hit.pk}/mark/" in page
    response = client.post(f"/staff/monitoring/hits/{hit.pk}/mark/", {"wrong": "1"})
    assert response.status_code == 302
    hit.refresh_from_db()
    assert hit.marked_wrong
    correction = Correction.objects.get(field="query_hit")
    assert (correction.query, correction.by, correction.new_value) == (spor, analyst, "wrong")
    assert AuditEntry.objects.filter(action="monitoring.query_hit.corrected").exists()

    listing = client.get(QUERIES).context["watch_queries"]
    precision = {q.name: q.precision for q in listing}
    assert precision == {"Spor": 0, "İlçe": 100}
    desk = client.get("/staff/monitoring/", {"watch_query": spor.pk}).content.decode()
    assert "Kadıköy sahili" not in desk
    desk = client.get("/staff/monitoring/", {"watch_query": ilce.pk}).content.decode()
    assert "Kadıköy sahili" in desk

    client.post(f"/staff/monitoring/hits/{hit.pk}/mark/", {"wrong": "0"})
    hit.refresh_from_db()
    assert not hit.marked_wrong and Correction.objects.filter(field="query_hit").count() == 2


def test_readers_of_the_desk_cannot_mark_a_hit_wrong(client, as_role):
    as_role(Role.MAYORS_OFFICE, "ozel-kalem")
    query = WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    item = ItemFactory(title="Kadıköy sahili")
    hit = QueryHit.objects.create(query=query, item=item)
    assert client.post(f"/staff/monitoring/hits/{hit.pk}/mark/", {"wrong": "1"}).status_code == 403
    hit.refresh_from_db()
    assert not hit.marked_wrong


def test_a_reanalysed_item_keeps_the_analysts_corrected_tone(make_user):
    WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    item = ItemFactory(title="Kadıköy'de yolsuzluk skandalı", text="Vatandaşlar şikayetçi.")
    watch.match_item(item)
    actions.correct_item(item=item, by=make_user(Role.PRESS_OFFICER), tone="neutral")
    watch.match_item(item)
    item.refresh_from_db()
    assert item.tone == "neutral"


def test_the_desk_row_shows_topic_tone_and_the_queries_that_matched(client, as_role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_role(Role.PRESS_OFFICER)
    WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    WatchQuery.objects.create(name="Belediye", text='"Kadıköy Belediyesi"')
    for n in range(5):
        watch.match_item(ItemFactory(title=f"Kadıköy Belediyesi'nde yolsuzluk skandalı {n}"))
    page = client.get("/staff/monitoring/").content.decode()
    assert "Ton: Olumsuz" in page
    assert 'data-tone="negative"' in page
    assert page.count(">Belediye</a>, <a") == 5 and ">İlçe</a>" in page
    with CaptureQueriesContext(connection) as five:
        client.get("/staff/monitoring/")
    for n in range(5):
        watch.match_item(ItemFactory(title=f"Kadıköy'de yeni park {n}"))
    with CaptureQueriesContext(connection) as ten:
        client.get("/staff/monitoring/")
    assert len(ten) == len(five)  # not one query per row


def test_the_editors_preview_reads_a_clippings_ocr_text_too(make_user):
    from iletisim.monitoring.matching import parse_query

    clipping = actions.add_clipping(
        outlet=OutletFactory(), medium="print", title="Gazete, sayfa 5", text="Özet yok.",
        by=make_user(Role.PRESS_OFFICER),
    )  # fmt: skip
    clipping.ocr_text = "Moda sahilinde yeni düzenleme başladı."
    clipping.save(update_fields=["ocr_text"])
    [row] = watch.preview(parse_query("sahil"))
    assert row.item.pk == clipping.item_id
    assert ("sahilinde", True) in row.parts


def test_a_batch_is_matched_and_classified_together_keeping_each_analysts_correction(
    make_user,
):
    WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    corrected = ItemFactory(title="Kadıköy'de maç", text="Fenerbahçe stadında derbi oynandı.")
    watch.match_item(corrected)
    actions.correct_item(item=corrected, by=make_user(Role.PRESS_OFFICER), topic="ekonomi")
    sport = ItemFactory(title="Kadıköy'de derbi", text="Fenerbahçe stadında gol yağmuru.")
    other = ItemFactory(title="Borsa güne yükselişle başladı", text="Dolar düştü.")

    matched = watch.match_items([corrected, sport, other])

    assert set(matched) == {corrected.pk, sport.pk}
    corrected.refresh_from_db()
    sport.refresh_from_db()
    other.refresh_from_db()
    assert corrected.topic == "ekonomi"  # the analyst's, not the classifier's
    assert sport.topic == "spor" and sport.tone and sport.topic_confidence
    assert other.topic is None and not other.matched_by_query


def test_in_a_batch_an_item_that_fails_is_left_unmatched_and_the_others_go_on(monkeypatch):
    WatchQuery.objects.create(name="İlçe", text="Kadıköy")
    broken, fine = ItemFactory(title="Kadıköy sahili"), ItemFactory(title="Kadıköy çarşısı")
    real = alert_actions.alert_on_hits

    def fail_for_broken(item, hit_ids, **options):
        if item.pk == broken.pk:
            raise RuntimeError("alert rules unreadable")
        return real(item, hit_ids, **options)

    monkeypatch.setattr(alert_actions, "alert_on_hits", fail_for_broken)
    matched = watch.match_items([broken, fine], isolate_failures=True)

    assert set(matched) == {fine.pk}
    assert not QueryHit.objects.filter(item=broken).exists()  # its transaction rolled back
    assert QueryHit.objects.filter(item=fine).exists()
    with pytest.raises(RuntimeError):
        watch.match_item(broken)  # one item on its own: the caller (a task) sees the error
