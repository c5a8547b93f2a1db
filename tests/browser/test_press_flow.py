"""A press release in a real browser: written, reviewed, approved by the director, published,
seen in the press room and sent to the contacts' inboxes (a real SMTP sink on loopback)
while the distribution page's progress bar follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(page) -> None:
    page.get_by_role("button", name="Çıkış yap").click()
    page.wait_for_url("**/accounts/login/**")


def take_step(page, url: str, button: str, status: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("status")).to_have_text(status)


def test_a_release_goes_from_draft_through_approvals_to_the_press_room_and_the_inboxes(
    page, login, smtp_sink
):
    from iletisim.press import distribution
    from iletisim.press.models import Distribution
    from iletisim.press.tests.factories import make_journalists, make_list

    make_list(make_journalists(3))

    login("press_officer", "basin-yayin")
    page.goto("/staff/press/new/")
    page.locator("#id_kind").select_option(label="Basın bülteni")
    page.locator("#id_title").fill("Sahil parkı hizmete açıldı")
    page.locator("#id_lead").fill("Yeni sahil parkı bugün açıldı.")
    page.locator("#id_body").fill("<p>Parkta yürüyüş yolları var.</p>")
    page.get_by_role("button", name="Taslağı kaydet").click()
    expect(page.get_by_test_id("status")).to_have_text("Taslak")
    detail = page.url
    page.get_by_role("button", name="İncelemeye gönder").click()
    expect(page.get_by_test_id("status")).to_have_text("Basın birimi incelemesi")
    # The author may not approve their own text: no button offered.
    expect(page.get_by_role("button", name="Onayla")).to_have_count(0)
    log_out(page)

    login("press_officer", "basin-yayin")
    take_step(page, detail, "Onayla", "Müdür onayı")
    log_out(page)

    login("director", "basin-halkla-iliskiler")
    take_step(page, detail, "Onayla", "Onaylandı")
    log_out(page)

    login("press_officer", "basin-yayin")
    take_step(page, detail, "Yayımla", "Yayımlandı")
    assert axe_violations(page) == []

    page.goto("/basin-odasi/")
    page.get_by_role("link", name="Sahil parkı hizmete açıldı").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sahil parkı hizmete açıldı")
    assert axe_violations(page) == []

    page.goto(detail)
    page.get_by_label("Yerel basın").check()
    page.get_by_role("button", name="Gönder", exact=True).click()
    page.wait_for_url(re.compile(r".*/staff/press/distributions/\d+/"))
    progress = page.get_by_test_id("progress-text")
    expect(progress).to_contain_text("3 alıcıdan 0 gönderildi")
    assert axe_violations(page) == []

    # What the task worker does; the page polls and the bar moves on its own.
    sent = Distribution.objects.get()
    distribution.send_pending(sent.pk)
    expect(progress).to_contain_text("3 alıcıdan 3 gönderildi", timeout=10_000)
    expect(page.locator("progress#bar")).to_have_attribute("value", "3")
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.messages) == [
        "muhabir0@gazete.example",
        "muhabir1@gazete.example",
        "muhabir2@gazete.example",
    ]
    assert smtp_sink.messages[0].subject == "Sahil parkı hizmete açıldı"


def test_the_accreditation_form_and_the_contact_book_pass_the_accessibility_check(page, login):
    page.goto("/basin-odasi/akreditasyon/")
    assert axe_violations(page) == []
    login("press_officer", "basin-yayin")
    for url in ("/staff/press/contacts/", "/staff/press/new/", "/staff/press/requests/"):
        page.goto(url)
        assert axe_violations(page) == [], url
