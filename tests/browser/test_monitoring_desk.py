"""The clipping desk in a real browser: search, mark by click and by keyboard, open a story."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_items():
    from iletisim.monitoring.models import Story
    from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory

    story = Story.objects.create(title="Kadıköy sahili yenileniyor", item_count=2)
    agency = OutletFactory(name="Anadolu Ajansı", type="agency", scope="national")
    local = OutletFactory(name="Ege Telgraf")
    first = ItemFactory(title="Kadıköy sahili yenileniyor", outlet=agency, story=story)
    ItemFactory(title="KADIKÖY'DE SAHİL ÇALIŞMASI", outlet=local, story=story)
    ItemFactory(title="Otobüs seferlerinde aksama", outlet=local)
    return first


def test_a_press_officer_searches_marks_and_opens_a_story(page, login, desk_items):
    login("press_officer")
    page.get_by_role("link", name="Kupür masası").first.click()
    page.wait_for_url("**/staff/monitoring/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kupür masası"
    assert page.locator(".desk-item").count() == 2  # the story's two copies on one row
    assert axe_violations(page) == []

    page.get_by_label("Ara").fill("kadikoy")
    page.get_by_label("Haberin kopyaları").select_option(label="Her kopya ayrı satırda")
    page.get_by_role("button", name="Filtrele").click()
    page.wait_for_url("**q=kadikoy**")
    assert page.locator(".desk-item").count() == 2

    first = page.locator(".desk-item").first
    first.get_by_role("button", name="İlgili").click()
    page.locator(".desk-item").first.locator('[data-status="relevant"]').wait_for()
    assert page.locator(".desk-item").first.locator(".desk-status").inner_text() == "İlgili"

    # Keyboard: j moves to the next clipping, i marks it irrelevant.
    page.locator("h1").click()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("i")
    page.locator(".desk-item").nth(1).locator('[data-status="irrelevant"]').wait_for()

    page.locator(".desk-item").first.get_by_role("link", name="2 kopya").click()
    page.wait_for_url("**/stories/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Kadıköy sahili yenileniyor"
    expect(page.get_by_role("cell", name="Ege Telgraf")).to_be_visible()
    assert axe_violations(page) == []


def test_unit_staff_do_not_see_the_desk_in_their_menu(page, login):
    login("unit_staff", "fen-isleri")
    assert page.locator('nav.staff-nav a[data-nav="monitoring-desk"]').count() == 0
    response = page.goto("/staff/monitoring/")
    assert response.status == 403


def test_a_press_officer_adds_an_outlet_and_its_feed_then_pauses_it(page, login):
    from iletisim.monitoring.models import Outlet, Source

    login("press_officer")
    page.get_by_role("link", name="Yayın organları ve kaynaklar").first.click()
    page.get_by_role("link", name="Yeni yayın organı").click()
    page.locator("#id_name").fill("Ege'nin Sesi")  # labels carry a "*" for required
    page.locator("#id_type").select_option("local_newspaper")
    page.locator("#id_scope").select_option("local")
    page.get_by_role("button", name="Kaydet").click()
    assert "Yerel bir yayın organının ili gerekir." in page.content()  # refused, told why
    page.get_by_label("İl", exact=True).fill("İzmir")
    page.get_by_role("button", name="Kaydet").click()
    page.get_by_text("Yayın organı kaydedildi.").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Kaynak ekle").click()
    page.locator("#id_kind").select_option("rss")
    page.get_by_label("Adres").fill("https://egeninsesi.example/rss")
    page.get_by_role("button", name="Kaydet").click()
    page.get_by_text("Kaynak kaydedildi.").wait_for()
    row = page.locator("tr", has_text="https://egeninsesi.example/rss")
    assert "Etkin" in row.inner_text()
    row.get_by_role("button", name="Durdur").click()
    page.locator("tr", has_text="https://egeninsesi.example/rss").get_by_role(
        "button", name="Devam ettir"
    ).wait_for()
    assert Source.objects.get(outlet=Outlet.objects.get(name="Ege'nin Sesi")).paused
