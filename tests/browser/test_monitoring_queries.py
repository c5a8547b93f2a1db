"""Watch queries in a real browser: a refused query with its position, the 30-day preview
with highlights, saving, and the precision column."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recent_items():
    from iletisim.monitoring.tests.factories import ItemFactory

    ItemFactory(title="Kadıköy'de sahil yenileniyor", text="Çalışmalar yaz sonunda bitecek.")
    ItemFactory(title="Borsa güne yükselişle başladı", text="Endeks yüzde bir değer kazandı.")


def test_a_press_officer_writes_a_query_sees_its_error_then_its_preview(page, login, recent_items):
    login("press_officer")
    page.get_by_role("link", name="İzleme sorguları").first.click()
    page.wait_for_url("**/staff/monitoring/queries/")
    page.get_by_role("link", name="Yeni izleme sorgusu").click()

    page.get_by_label("Ad").fill("İlçe")
    page.get_by_label("Sorgu").fill('(kadikoy OR "sahil')
    page.get_by_role("button", name="Önizleme").click()
    expect(page.get_by_text("karakter 13")).to_be_visible()

    page.get_by_label("Sorgu").fill("kadikoy")
    page.get_by_role("button", name="Önizleme").click()
    page.get_by_role("heading", name="Son 30 günde 1 eşleşme").wait_for()
    assert page.locator(".query-preview mark").first.inner_text().startswith("Kadıköy")
    assert "Borsa" not in page.locator(".query-preview").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Kaydet").click()
    page.wait_for_url("**/staff/monitoring/queries/*/")
    page.get_by_role("link", name="İzleme sorguları").first.click()
    expect(page.get_by_role("cell", name="İlçe")).to_be_visible()
    assert axe_violations(page) == []


def test_unit_staff_do_not_see_the_watch_queries(page, login):
    login("unit_staff", "fen-isleri")
    assert page.locator('nav.staff-nav a[data-nav="monitoring-queries"]').count() == 0
    assert page.goto("/staff/monitoring/queries/").status == 403
