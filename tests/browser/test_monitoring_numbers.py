"""The desk's numbers in a real browser: the press officer chooses the peers, the charts are
drawn by the vendored Chart.js under the site's real CSP and answer the pointer, every chart
has its table, the CSV downloads, and axe finds nothing serious."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from iletisim.monitoring.models import QueryHit, WatchQuery
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def _news() -> None:
    outlet = OutletFactory(name="Kent Gazetesi", reach=50_000)
    us = WatchQuery.objects.create(name="Örnek Belediyesi", text='"Örnek Belediyesi"')
    peer = WatchQuery.objects.create(name="Komşu Belediyesi", text='"Komşu Belediyesi"')
    now = timezone.now()
    for n, (query, tone) in enumerate(
        [(us, "positive"), (us, "negative"), (us, "positive"), (peer, "neutral")]
    ):
        item = ItemFactory(outlet=outlet, fetched_at=now - dt.timedelta(days=n), tone=tone)
        QueryHit.objects.create(query=query, item=item, spans=[])


def test_the_numbers_page_draws_interactive_charts_with_tables_and_exports_csv(
    page, login, browser, live_server
):
    _news()
    login("press_officer")
    page.goto("/staff/monitoring/numbers/")
    expect(page.get_by_role("heading", name="Medya rakamları")).to_be_visible()

    # Choose us and the peer for share of voice.
    page.get_by_label("Belediyenin sorgusu").select_option(label="Örnek Belediyesi")
    page.locator("fieldset, div.field").filter(has_text="Karşılaştırılanlar").get_by_label(
        "Komşu Belediyesi"
    ).check()
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_text("Rakamların dayandığı sorgular kaydedildi.")).to_be_visible()

    for summary in page.locator("details > summary").all():  # the tables behind the charts
        summary.click()
    voice = page.get_by_role("table", name="Görünürlük payı")
    assert "75,0" in voice.get_by_role("row", name="Örnek Belediyesi").inner_text()
    assert "25,0" in voice.get_by_role("row", name="Komşu Belediyesi").inner_text()
    for title in ("Zaman içinde ton", "En çok haber yapan yayın organları", "Konuya göre"):
        expect(page.get_by_role("table", name=title)).to_be_visible()
    assert axe_violations(page) == []

    # The same page without the test's CSP bypass: Chart.js must draw under the real policy.
    strict = browser.new_context(base_url=live_server.url, locale="tr-TR")
    strict.add_cookies(page.context.cookies())
    shown = strict.new_page()
    refused: list[str] = []
    shown.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    shown.goto("/staff/monitoring/numbers/")
    shown.wait_for_function("() => window.Chart && Chart.getChart('chart-outlets')")
    for key in ("voice", "tone", "outlets", "topics"):
        assert shown.evaluate(f"() => !!Chart.getChart('chart-{key}')")
    # Pointing at the first bar of top outlets shows its tooltip.
    shown.locator("#chart-outlets").scroll_into_view_if_needed()
    x, y = shown.evaluate(
        """() => { const c = Chart.getChart('chart-outlets');
                   const bar = c.getDatasetMeta(0).data[0];
                   const box = c.canvas.getBoundingClientRect();
                   return [box.left + (bar.x + bar.base) / 2, box.top + bar.y]; }"""
    )
    shown.mouse.move(x, y)
    shown.wait_for_function(
        "() => Chart.getChart('chart-outlets').tooltip.getActiveElements().length > 0"
    )
    assert refused == []
    strict.close()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV indir").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        content = saved.read()
    assert "Örnek Belediyesi,3,75.0" in content
