"""A rebuttal (tekzip) in a real browser: the weekly outlet is set up on the staff outlet
form, the article is found among monitoring's clippings and shown next to the draft, and
the publication deadline follows the weekly's issue day and the date the letter arrived."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rebuttal_to_a_weekly_is_started_from_a_clipping_and_its_deadline_follows_the_issues(
    page, login
):
    from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory
    from iletisim.press.models import MediaOutlet

    followed = OutletFactory(name="Haftalık Kent")
    ItemFactory(
        outlet=followed,
        title="Sahildeki park satıldı mı?",
        text="Belediyenin sahildeki parkı sattığı iddia edildi.\nİhale belgeleri incelendi.",
        published_at=timezone.make_aware(dt.datetime(2026, 5, 4, 9, 0)),
        search_text="sahildeki park satildi mi belediyenin parki",
    )

    login("press_officer", "basin-yayin")
    page.goto("/staff/press/contacts/outlets/new/")
    page.locator("#id_name").fill("Haftalık Kent")
    page.locator("#id_kind").select_option(label="Gazete")
    page.locator("#id_scope").select_option(label="Yerel")
    page.locator("#id_periodicity").select_option(label="Haftalık")
    page.locator("#id_issue_anchor").fill("2026-05-06")  # a Wednesday
    assert axe_violations(page) == []
    page.get_by_role("button", name="Kaydet").click()
    row = page.get_by_role("row", name="Haftalık Kent")
    expect(row).to_contain_text("Haftalık")
    expect(row.get_by_role("cell").nth(4)).to_have_text("Haftalık Kent")  # linked by name

    page.goto("/staff/press/new/")
    page.locator("#id_kind").select_option(label="Tekzip")
    page.locator("#id_title").fill("Park satılmadı")
    page.locator("#id_body").fill("<p>Park satılmamıştır; ihale yapılmamıştır.</p>")
    page.get_by_role("button", name="Taslağı kaydet").click()

    page.get_by_label("Haberi izlemede bul").fill("SAHİLDEKİ park")
    page.get_by_role("button", name="Ara").click()
    page.get_by_role("link", name="Buna cevap ver").click()
    expect(page.get_by_test_id("clipping-text")).to_contain_text("İhale belgeleri incelendi.")
    expect(page.get_by_role("heading", name="Tekzip taslağı")).to_be_visible()
    expect(page.locator("#id_article_published_on")).to_have_value("2026-05-04")
    expect(page.locator("#id_outlet")).to_have_value(str(MediaOutlet.objects.get().pk))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Cevap verilen haberi kaydet").click()

    page.get_by_label("Gönderim tarihi").fill("2026-05-08")
    page.get_by_label("Yayın organının teslim aldığı tarih").fill("2026-05-11")
    page.get_by_role("button", name="Gönderildi olarak kaydet").click()
    # Received Monday 11 May: the three days end on the 14th; the weekly's next issue is
    # Wednesday 20 May (13 May is too early).
    expect(page.get_by_test_id("due-publish")).to_contain_text("20 Mayıs 2026")
    assert axe_violations(page) == []
    expect(page.get_by_test_id("clipping-text")).to_contain_text("İhale belgeleri incelendi.")
