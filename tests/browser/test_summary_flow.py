"""The morning press summary in a real browser: drafted from the demo data, approved by the
press officer, e-mailed through a real SMTP server on loopback with the PDF, archived."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from iletisim.monitoring.summary.models import PressSummary
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_summary_is_drafted_approved_in_the_browser_sent_with_its_pdf_and_archived(
    page, login, smtp_sink, settings, tmp_path
):
    settings.SUMMARY_RECIPIENTS = ["baskan@belediye.example"]
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    call_command("summary_draft", "--force")
    summary = PressSummary.objects.get()
    login("press_officer")

    page.goto("/staff/monitoring/summary/")
    page.get_by_role("link", name=str(summary)).click()
    expect(page.get_by_role("heading", name="Belediye ve Belediye Başkanı")).to_be_visible()
    expect(page.get_by_text("Ana isale hattında arıza: ilçede su kesintisi").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Önerilen eylem").first.select_option(label="Basın açıklaması önerilir")
    page.get_by_role("button", name="Öne çıkar").first.click()
    page.get_by_role("button", name="Onayla ve gönder").click()
    expect(page.get_by_text("Özet onaylandı.")).to_be_visible()
    assert page.locator("#summary-status").inner_text() == "Onaylandı"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # (Drafted after 07:30 on a test run, the press officers are also told it is late.)
    (mail,) = [m for m in smtp_sink.messages if "baskan@belediye.example" in m.rcpt_tos]
    assert "Basın Özeti" in mail.subject
    assert "Basın açıklaması önerilir" in mail.text()
    (attachment,) = list(mail.message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")

    summary.refresh_from_db()
    assert summary.pdf.read() == attachment.get_content()  # the archive keeps what was sent

    page.goto("/staff/monitoring/summary/?q=isale")
    row = page.get_by_role("row", name=str(summary))
    expect(row).to_be_visible()
    assert "Onaylandı" in row.inner_text()
    assert "—" not in row.inner_text()  # the sent column shows when it went out


def test_the_weekly_report_page_shows_its_charts_and_passes_accessibility_checks(page, login):
    call_command("seed_demo", verbosity=0)
    login("mayors_office", "ozel-kalem")

    page.goto("/staff/monitoring/reports/?period=week&date=" + _newest_item_day())

    expect(page.get_by_role("heading", name="Medya raporları")).to_be_visible()
    assert page.locator("figure.chart svg").count() >= 5
    assert page.locator("#report-total").inner_text() != "0"
    assert axe_violations(page) == []


def _newest_item_day() -> str:
    from django.utils import timezone

    from iletisim.monitoring.models import Item

    return timezone.localdate(Item.objects.latest("fetched_at").fetched_at).isoformat()
