"""The press summary: drafting, bad input, editing, approval, delivery exactly once."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from iletisim.core.models import AuditEntry
from iletisim.core.scheduler import run_due_jobs
from iletisim.monitoring.models import Clipping, Medium, OutletType, Scope, Story
from iletisim.monitoring.summary import actions, rendering, summarise
from iletisim.monitoring.summary.models import (
    PressSummary,
    Section,
    SuggestedAction,
    SummaryStatus,
)
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory

pytestmark = pytest.mark.django_db

IST = zoneinfo.ZoneInfo("Europe/Istanbul")
MORNING = dt.datetime(2026, 11, 24, 6, 31, tzinfo=IST)  # a Tuesday


@pytest.fixture(autouse=True)
def _summary_settings(settings):
    settings.SUMMARY_RECIPIENTS = ["baskan@belediye.example", "ozel-kalem@belediye.example"]
    settings.SUMMARY_DIRECTOR_APPROVAL = False
    settings.MUNICIPALITY_NAME = "Örnek Belediyesi"


def pdf_text(path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (Debian's poppler-utils)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils")
    return subprocess.run([binary, str(path), "-"], capture_output=True, check=True).stdout.decode()


def night(hours: float = 3) -> dt.datetime:
    return MORNING - dt.timedelta(hours=hours)


def draft(**kwargs) -> PressSummary:
    summary = actions.draft_summary(now=MORNING, **kwargs)
    assert summary is not None
    return summary


def test_the_draft_folds_copies_into_one_story_with_its_reach_and_puts_the_municipality_first():
    story = Story.objects.create(title="Park")
    national = OutletFactory(
        name="Ulusal", type=OutletType.NATIONAL_NEWSPAPER, scope=Scope.NATIONAL, reach=500_000
    )
    for n, outlet in enumerate([national, OutletFactory(reach=20_000), OutletFactory(reach=5)]):
        ItemFactory(
            outlet=outlet,
            story=story,
            title="Belediye Kadıköy'de yeni park açtı",
            text="Belediye yeni park açtı. Park çok büyük. Çocuklar çok sevindi. Yağmur yağdı.",
            fetched_at=night(3 - n),
        )
    ItemFactory(outlet=national, title="Borsa güne yükselişle başladı", text="Borsa yükseldi.",
                topic="ekonomi", fetched_at=night(2))  # fmt: skip
    ItemFactory(
        outlet=OutletFactory(type=OutletType.TV, scope=Scope.NATIONAL, name="Kanal"),
        medium=Medium.TV,
        title="Hava durumu",
        text="Yarın yağmur bekleniyor.",
        fetched_at=night(1),
    )

    summary = draft()

    entries = list(summary.entries.order_by("position"))
    assert [e.section for e in entries] == [
        Section.MUNICIPALITY,
        Section.ECONOMIC,
        Section.BROADCAST,
    ]
    park = entries[0]
    assert park.other_outlets == 2
    assert park.total_reach == 520_005
    assert park.summary_text.startswith("Belediye yeni park açtı.")
    assert summary.story_count == 3 and summary.item_count == 5
    html = rendering.render_email(summary)
    assert "Basın Özeti" in html and "520.005" in html


def test_bad_clippings_still_make_a_clean_summary():
    outlet = OutletFactory(name="")  # an outlet nobody named
    ItemFactory(outlet=outlet, title="", text="", fetched_at=night(), published_at=None)
    # Item.title holds 500 characters; what a feed gave beyond that is cut at ingestion.
    ItemFactory(
        outlet=outlet, title=("kelime " * 2000)[:500], text="Kısa metin.", fetched_at=night()
    )
    ItemFactory(
        outlet=outlet,
        title="<b>Kalın</b> başlık &amp; devamı",
        text="<script>alert(1)</script><p>İlk cümle burada yazıyor.</p> <p>İkinci cümle de var.</p>",
        fetched_at=night(),
    )

    summary = draft()

    headlines = [e.headline for e in summary.entries.all()]
    assert all(len(h) <= 300 for h in headlines)
    assert len(summarise.headline("kelime " * 2000)) <= 300
    assert "Kalın başlık & devamı" in headlines
    texts = " ".join(e.summary_text for e in summary.entries.all())
    assert "<" not in texts and "İlk cümle burada yazıyor." in texts
    assert all(e.published_at is not None for e in summary.entries.all())
    rendered = rendering.render_email(summary)
    assert "<script>" not in rendered and "&lt;script&gt;" not in rendered
    assert "— · " in rendered  # the missing outlet name shows as a dash
    assert rendering.render_pdf(summary).startswith(b"%PDF")


def test_an_empty_day_gives_a_short_no_news_summary_that_is_still_sent(smtp_sink, press_officer):
    summary = draft()
    assert summary.story_count == 0

    actions.approve_summary(summary=summary, by=press_officer)
    assert actions.deliver_summary(summary_id=summary.pk) == "sent"

    (message,) = smtp_sink.messages
    assert "Basın Özeti" in message.subject
    assert "haber yok" in message.text().lower()


@pytest.fixture
def press_officer(make_user):
    return make_user("press_officer", email="basin@belediye.example")


def test_two_schedulers_make_one_summary_and_send_it_once(smtp_sink, press_officer):
    ItemFactory(fetched_at=night())
    with time_machine.travel(MORNING, tick=False):
        assert "summary-draft" in run_due_jobs()
        # A second scheduler whose job claim came through, and a second draft call.
        assert actions.draft_summary(now=MORNING) is None
    assert PressSummary.objects.count() == 1
    summary = PressSummary.objects.get()
    actions.approve_summary(summary=summary, by=press_officer)

    outcomes = [actions.deliver_summary(summary_id=summary.pk) for _ in range(2)]

    assert outcomes == ["sent", "skipped"]
    assert len(smtp_sink.messages) == 1
    assert sorted(smtp_sink.messages[0].rcpt_tos) == [
        "baskan@belediye.example",
        "ozel-kalem@belediye.example",
    ]


def test_nothing_is_drafted_before_the_hour_or_on_a_weekend_when_weekends_are_off(settings):
    assert actions.draft_summary(now=MORNING - dt.timedelta(minutes=5)) is None
    settings.SUMMARY_ON_WEEKENDS = False
    assert actions.draft_summary(now=dt.datetime(2026, 11, 22, 7, 0, tzinfo=IST)) is None
    assert PressSummary.objects.count() == 0


def test_an_unapproved_summary_is_never_sent(smtp_sink):
    summary = draft()
    assert actions.deliver_summary(summary_id=summary.pk) == "skipped"
    assert smtp_sink.messages == []


def test_an_smtp_failure_at_0729_is_retried_and_the_press_officer_is_told(smtp_sink, press_officer):
    ItemFactory(fetched_at=night())
    summary = draft()
    actions.approve_summary(summary=summary, by=press_officer)
    smtp_sink.handler.refuse = {"baskan@belediye.example", "ozel-kalem@belediye.example"}

    with time_machine.travel(dt.datetime(2026, 11, 24, 7, 29, tzinfo=IST), tick=False):
        assert actions.deliver_summary(summary_id=summary.pk) == "failed"
    summary.refresh_from_db()
    assert summary.sent_at is None and "550" in summary.last_send_error
    (alert,) = smtp_sink.messages
    assert alert.rcpt_tos == ["basin@belediye.example"]

    smtp_sink.handler.refuse = set()
    assert actions.due_for_delivery() == [summary.pk]
    assert actions.deliver_summary(summary_id=summary.pk) == "sent"
    assert actions.deliver_summary(summary_id=summary.pk) == "skipped"
    sent = [m for m in smtp_sink.messages if "baskan@belediye.example" in m.rcpt_tos]
    assert len(sent) == 1
    attachment = next(sent[0].message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    summary.refresh_from_db()
    assert summary.pdf.read() == attachment.get_content()
    assert AuditEntry.objects.filter(action="monitoring.summary.send_failed").count() == 1


def test_the_press_officer_is_alerted_once_when_approval_misses_the_deadline(
    smtp_sink, press_officer
):
    summary = draft()
    late = dt.datetime(2026, 11, 24, 7, 31, tzinfo=IST)
    assert actions.alert_missed_deadline(now=late) == summary
    assert actions.alert_missed_deadline(now=late) is None
    (alert,) = smtp_sink.messages
    assert alert.rcpt_tos == ["basin@belediye.example"]
    assert [m for m in smtp_sink.messages if "baskan@belediye.example" in m.rcpt_tos] == []


def test_editing_reorders_removes_adds_and_marks_at_most_three_top_stories(press_officer):
    for n in range(5):
        ItemFactory(title=f"Belediye haberi {n}", fetched_at=night(n + 1))
    summary = draft()
    entries = list(summary.entries.order_by("position"))

    actions.move_entry(entry=entries[1], up=True, by=press_officer)
    assert next(iter(summary.entries.order_by("position"))) == entries[1]
    actions.remove_entry(entry=entries[4], by=press_officer)
    note = actions.add_note(
        summary=summary, section=Section.MUNICIPALITY, text="<i>Not</i>", by=press_officer
    )
    assert note.note == "Not"
    for entry in entries[:3]:
        actions.mark_top(entry=entry, top=True, action=SuggestedAction.REBUTTAL, by=press_officer)
    with pytest.raises(actions.SummaryError):
        actions.mark_top(entry=entries[3], top=True, by=press_officer)
    summary.refresh_from_db()
    assert summary.story_count == 4
    # In the e-mail a top story is shown once, at the top, not again in its section.
    assert rendering.render_text(summary).count(entries[0].headline) == 1
    assert "Tekzip" in rendering.render_email(summary) or "tekzip" in rendering.render_email(
        summary
    )
    assert AuditEntry.objects.filter(action="monitoring.summary.edited").count() == 6


def test_an_approved_summary_is_frozen_and_a_correction_makes_a_new_version(press_officer):
    ItemFactory(fetched_at=night())
    summary = draft()
    actions.approve_summary(summary=summary, by=press_officer)
    entry = summary.entries.get()
    with pytest.raises(actions.SummaryError):
        actions.remove_entry(entry=entry, by=press_officer)

    correction = actions.correct_summary(summary=summary, by=press_officer)

    summary.refresh_from_db()
    assert summary.status == SummaryStatus.SUPERSEDED and summary.entries.count() == 1
    assert correction.version == 2 and correction.status == SummaryStatus.DRAFT
    assert correction.entries.count() == 1


def test_the_director_must_approve_too_when_the_setting_says_so(settings, press_officer, make_user):
    settings.SUMMARY_DIRECTOR_APPROVAL = True
    summary = draft()
    actions.approve_summary(summary=summary, by=press_officer)
    assert actions.deliver_summary(summary_id=summary.pk) == "skipped"
    summary = actions.director_approve_summary(summary=summary, by=make_user("director"))
    assert summary.status == SummaryStatus.APPROVED


def test_the_pdf_has_the_cover_page_numbers_and_intact_turkish_letters(tmp_path):
    outlet = OutletFactory(name="Yeni Asır")
    item = ItemFactory(
        outlet=outlet,
        medium=Medium.PRINT,
        title="Çöp toplama ışığında ĞÜŞİÖÇ ğüşıöç",
        text="Şehirde çöp toplama düzenlendi. İşçiler gece çalıştı.",
        fetched_at=night(),
    )
    Clipping.objects.create(item=item, page="5", scan="monitoring/clippings/sayfa5.jpg")
    summary = draft()
    path = tmp_path / "ozet.pdf"
    path.write_bytes(rendering.render_pdf(summary))

    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()

    assert "Basın Özeti" in text
    assert "Çöp toplama ışığında ĞÜŞİÖÇ ğüşıöç" in text
    assert "2 / 2" in text  # page numbers after the cover
    assert "sayfa5.jpg" in summary.entries.get().scan_url


def test_the_delivery_task_queues_a_retry_a_minute_later_after_an_smtp_failure(
    smtp_sink, press_officer, settings
):
    from django_tasks_db.models import DBTaskResult

    from iletisim.monitoring.summary.tasks import deliver

    settings.SUMMARY_RECIPIENTS = ["baskan@belediye.example"]
    summary = draft()
    actions.approve_summary(summary=summary, by=press_officer)
    smtp_sink.handler.refuse = {"baskan@belediye.example"}

    before = timezone.now()
    assert deliver.call(summary.pk) == "failed"

    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [summary.pk]
    assert retry.run_after >= before + dt.timedelta(seconds=59)
    smtp_sink.handler.refuse = set()
    assert deliver.call(summary.pk) == "sent"
    assert deliver.call(summary.pk) == "skipped"


def test_the_draft_and_delivery_commands_are_scheduled_every_minute():
    from iletisim.core.scheduler import JOBS

    assert JOBS["summary-draft"].command == "summary_draft"
    assert JOBS["summary-deliver"].command == "summary_deliver"


def test_without_recipients_nothing_is_sent_and_the_press_officer_is_told_once(
    smtp_sink, press_officer, settings
):
    settings.SUMMARY_RECIPIENTS = []
    summary = draft()
    actions.approve_summary(summary=summary, by=press_officer)

    assert actions.deliver_summary(summary_id=summary.pk) == "no-recipients"
    assert actions.deliver_summary(summary_id=summary.pk) == "no-recipients"

    (alert,) = smtp_sink.messages
    assert alert.rcpt_tos == ["basin@belediye.example"]
    summary.refresh_from_db()
    assert summary.sent_at is None and "SUMMARY_RECIPIENTS" in summary.last_send_error
