"""The press summary's pages: who sees and does what, the archive search, the reports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iletisim.accounts.tests.factories import log_in
from iletisim.core.models import AuditEntry
from iletisim.monitoring.summary import actions
from iletisim.monitoring.summary.models import PressSummary, SummaryStatus
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory
from iletisim.monitoring.tests.test_summary_actions import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(db):
    ItemFactory(
        title="Belediye meclisi toplandı", fetched_at=timezone.now() - dt.timedelta(hours=1)
    )
    drafted = actions.draft_summary(force=True)
    assert drafted is not None
    return drafted


def test_unit_staff_cannot_open_the_summary_or_the_reports(client, make_user, summary):
    log_in(client, make_user("unit_staff", "fen-isleri"))
    assert client.get(reverse("monitoring:summary-list")).status_code == 403
    assert client.get(reverse("monitoring:summary-detail", args=[summary.pk])).status_code == 403
    assert client.get(reverse("monitoring:report")).status_code == 403


def test_the_mayors_office_reads_the_summary_but_cannot_approve_it(client, make_user, summary):
    log_in(client, make_user("mayors_office"))
    page = client.get(reverse("monitoring:summary-detail", args=[summary.pk]))
    assert page.status_code == 200
    assert "Belediye meclisi toplandı" in page.content.decode()
    assert "Onayla ve gönder" not in page.content.decode()
    response = client.post(reverse("monitoring:summary-approve", args=[summary.pk]))
    assert response.status_code == 403
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.DRAFT


def test_the_press_officer_approves_and_the_summary_is_frozen(client, make_user, summary):
    log_in(client, make_user("press_officer"))
    response = client.post(reverse("monitoring:summary-approve", args=[summary.pk]), follow=True)
    assert "Özet onaylandı." in response.content.decode()
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.APPROVED
    entry = summary.entries.get()
    client.post(reverse("monitoring:summary-entry", args=[summary.pk, entry.pk]), {"op": "remove"})
    assert summary.entries.count() == 1
    assert AuditEntry.objects.filter(action="monitoring.summary.approved").exists()


def test_the_director_cannot_edit_but_approves_when_required(client, make_user, summary, settings):
    settings.SUMMARY_DIRECTOR_APPROVAL = True
    entry = summary.entries.get()
    log_in(client, make_user("director"))
    url = reverse("monitoring:summary-entry", args=[summary.pk, entry.pk])
    assert client.post(url, {"op": "remove"}).status_code == 403
    actions.approve_summary(summary=summary, by=make_user("press_officer"))
    client.post(reverse("monitoring:summary-approve", args=[summary.pk]))
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.APPROVED


def test_the_archive_finds_a_summary_by_word_and_date(client, make_user, summary):
    log_in(client, make_user("press_officer"))
    url = reverse("monitoring:summary-list")
    assert str(summary) in client.get(url, {"q": "MECLİSİ"}).content.decode()
    assert "Özet bulunamadı." in client.get(url, {"q": "futbol"}).content.decode()
    tomorrow = (summary.date + dt.timedelta(days=1)).isoformat()
    assert "Özet bulunamadı." in client.get(url, {"since": tomorrow}).content.decode()


def test_the_press_officer_drafts_from_the_archive_and_adds_a_note(client, make_user):
    log_in(client, make_user("press_officer"))
    response = client.post(reverse("monitoring:summary-draft"), follow=True)
    summary = PressSummary.objects.get()
    assert "Son özetten bu yana belediyeyle ilgili haber yok." in response.content.decode()
    client.post(
        reverse("monitoring:summary-add", args=[summary.pk]),
        {"section": "municipality", "note": "Başkan bugün <b>Ankara</b>'da."},
    )
    page = client.get(reverse("monitoring:summary-detail", args=[summary.pk])).content.decode()
    assert "Başkan bugün Ankara&#x27;da." in page


def test_the_dashboard_shows_where_todays_summary_stands(client, make_user, summary):
    log_in(client, make_user("mayors_office"))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f"{summary}: Taslak" in page


def test_the_summary_pdf_opens_for_readers(client, make_user, summary):
    log_in(client, make_user("mayors_office"))
    response = client.get(reverse("monitoring:summary-pdf", args=[summary.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_weekly_report_shows_its_numbers_and_downloads_as_pdf_and_xlsx(
    client, make_user, settings, tmp_path
):
    settings.SUMMARY_PEERS = ["Komşu Belediyesi"]
    settings.SUMMARY_NEIGHBOURHOODS = ["Moda"]
    monday = dt.date(2026, 11, 16)
    at = timezone.make_aware(dt.datetime(2026, 11, 17, 10, 0))
    outlet = OutletFactory(name="Ege Telgraf", reach=30_000)
    for n in range(3):
        ItemFactory(outlet=outlet, title=f"Moda'da etkinlik {n}", tone="positive", fetched_at=at)
    ItemFactory(title="Komşu Belediyesi açıklama yaptı", tone="negative", fetched_at=at)
    log_in(client, make_user("press_officer"))
    query = {"period": "week", "date": monday.isoformat()}

    page = client.get(reverse("monitoring:report"), query).content.decode()
    assert '<dd id="report-total">4</dd>' in page
    chosen = client.get(reverse("monitoring:report"), {**query, "peers": "Başka Belediye"})
    assert "Başka Belediye" in chosen.content.decode()
    assert "<svg" in page and "Ege Telgraf" in page
    assert "<td>Ege Telgraf</td><td>3</td><td>30.000</td>" in page  # reach, in Turkish

    pdf = client.get(reverse("monitoring:report-download", args=["pdf"]), query)
    path = tmp_path / "rapor.pdf"
    path.write_bytes(pdf.content)
    text = pdf_text(path)
    assert "Haftalık medya raporu" in text
    assert "Görünürlük payı" in text  # the share-of-voice chart's title, drawn as SVG
    xlsx = client.get(reverse("monitoring:report-download", args=["xlsx"]), query)
    book = load_workbook(io.BytesIO(xlsx.content))
    volume = book["Hacim"]
    assert volume.cell(row=3, column=1).value.date() == dt.date(2026, 11, 17)
    assert sum(r[-1] for r in volume.iter_rows(min_row=2, values_only=True)) == 4
    neighbourhoods = book["Mahalleler"]
    assert list(neighbourhoods.iter_rows(min_row=2, values_only=True)) == [("Moda", 3)]
    assert AuditEntry.objects.filter(action="monitoring.report.exported").count() == 2


def test_without_configured_names_the_report_counts_the_numbers_pages_queries():
    from iletisim.monitoring.models import QueryHit, WatchQuery
    from iletisim.monitoring.numbers.actions import choose_numbers_queries
    from iletisim.monitoring.summary import reports

    us = WatchQuery.objects.create(name="Örnek Belediyesi", text='"Örnek Belediyesi"')
    peer = WatchQuery.objects.create(name="Komşu Belediyesi", text='"Komşu Belediyesi"')
    moda = WatchQuery.objects.create(name="Moda Mahallesi", text="Moda")
    choose_numbers_queries(own=us, peers=[peer], neighbourhoods=[moda], by=None)
    at = timezone.make_aware(dt.datetime(2026, 11, 17, 10, 0))
    for query, wrong in ((us, False), (us, False), (us, True), (peer, False), (moda, False)):
        # the query's name is not in the text: only its hits count
        item = ItemFactory(title="Haber", text="Başkanlıktan açıklama", fetched_at=at)
        QueryHit.objects.create(query=query, item=item, spans=[], marked_wrong=wrong)

    data = reports.build(reports.period_from("week", "2026-11-17"))

    assert data["share_of_voice"] == [("Örnek Belediyesi", 2), ("Komşu Belediyesi", 1)]
    assert data["neighbourhoods"] == [("Moda Mahallesi", 1)]
    typed = reports.build(reports.period_from("week", "2026-11-17"), peers=["Komşu"])
    assert dict(typed["share_of_voice"]) == {"Örnek Belediyesi": 0, "Komşu": 0}  # by name


def test_the_archive_pages_back_through_older_summaries(client, make_user, monkeypatch):
    from iletisim.monitoring.summary import views

    monkeypatch.setattr(views, "ARCHIVE_SIZE", 2)
    start = dt.date(2026, 1, 1)
    for n in range(3):
        PressSummary.objects.create(
            date=start + dt.timedelta(days=n), since=timezone.now(), until=timezone.now()
        )
    log_in(client, make_user("press_officer"))
    url = reverse("monitoring:summary-list")
    first = client.get(url).content.decode()
    assert "Basın Özeti 03.01.2026" in first and "Basın Özeti 01.01.2026" not in first
    assert "after=2026-01-02_1" in first  # the "older summaries" link
    second = client.get(url, {"after": "2026-01-02_1"}).content.decode()
    assert "Basın Özeti 01.01.2026" in second and "Basın Özeti 03.01.2026" not in second


def test_a_runaway_script_is_slowed_down_after_twenty_pdfs_a_minute(
    client, make_user, summary, monkeypatch
):
    from iletisim.monitoring.summary import views

    monkeypatch.setattr(views, "RENDERS_PER_MINUTE", 2)
    log_in(client, make_user("press_officer"))
    url = reverse("monitoring:summary-pdf", args=[summary.pk])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_a_removed_clipping_is_offered_again_and_can_be_added_back(client, make_user, summary):
    log_in(client, make_user("press_officer"))
    entry = summary.entries.get()
    client.post(reverse("monitoring:summary-entry", args=[summary.pk, entry.pk]), {"op": "remove"})
    detail = reverse("monitoring:summary-detail", args=[summary.pk])
    assert f'<option value="{entry.item_id}">' in client.get(detail).content.decode()

    client.post(
        reverse("monitoring:summary-add", args=[summary.pk]),
        {"section": "local", "item": entry.item_id},
    )

    (added,) = summary.entries.all()
    assert added.item_id == entry.item_id and added.section == "local"
    assert f'<option value="{entry.item_id}">' not in client.get(detail).content.decode()
