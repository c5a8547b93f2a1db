"""Alert rules in a real browser: a press officer makes a rule, is refused half quiet hours,
saves it; the page passes axe; unit staff do not see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_press_officer_sets_up_an_alert_rule(page, login):
    from iletisim.monitoring.alerts.models import AlertRule
    from iletisim.monitoring.models import WatchQuery

    WatchQuery.objects.create(name="Belediye", text='"Kadıköy Belediyesi"')
    login("press_officer")
    page.get_by_role("link", name="Uyarı kuralları").first.click()
    page.wait_for_url("**/staff/monitoring/alerts/")
    expect(page.get_by_text("Henüz uyarı kuralı yok.")).to_be_visible()
    page.get_by_role("link", name="Yeni uyarı kuralı").click()

    page.locator("#id_name").fill("Olumsuz ulusal haberler")
    page.get_by_label("İzleme sorgusu").select_option(label="Belediye")
    page.get_by_label("Yayın organının en az erişimi").fill("100000")
    page.get_by_label("Sessiz saatler başlangıcı").fill("22:00")
    page.locator("input[name=recipients]").first.check()
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_text("başlangıcını ve bitişini birlikte girin")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Sessiz saatler bitişi").fill("07:00")
    page.get_by_role("button", name="Kaydet").click()
    page.wait_for_url("**/staff/monitoring/alerts/*/")
    rule = AlertRule.objects.get()
    assert rule.min_reach == 100000 and rule.quiet_end.hour == 7
    page.get_by_role("link", name="Uyarı kuralları").first.click()
    expect(page.get_by_role("cell", name="22:00–07:00")).to_be_visible()
    assert axe_violations(page) == []


def test_unit_staff_do_not_see_the_alert_rules(page, login):
    login("unit_staff", "fen-isleri")
    assert page.locator('nav.staff-nav a[data-nav="monitoring-alerts"]').count() == 0
    assert page.goto("/staff/monitoring/alerts/").status == 403
