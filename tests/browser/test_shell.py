"""The shell in a real browser: public pages, login per role, the menu each role sees, access."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/iletisim/",
    "/kvkk/",
    "/erisilebilirlik/",
    "/accounts/login/",
    "/basvuru/",
    "/basvuru/harita/",
    "/basin-odasi/",
]

ROLES = [
    "admin",
    "director",
    "press_officer",
    "pr_operator",
    "unit_manager",
    "unit_staff",
    "mayors_office",
    "auditor",
]
UNITS = {"unit_manager": "fen-isleri", "unit_staff": "fen-isleri", "mayors_office": "ozel-kalem"}


def menu(page) -> list[str]:
    return page.locator("nav.staff-nav a[data-nav]").evaluate_all(
        "links => links.map(a => a.dataset.nav)"
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violations(page, url):
    page.goto(url)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Ana içeriğe geç"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_visitor_switches_the_site_to_english_and_back(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Press, Publication and Public Relations Directorate"
    )
    page.get_by_role("button", name="Türkçe").click()
    assert page.locator("html").get_attribute("lang") == "tr"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_the_menu_it_may_open(page, login, role):
    """Every area of the registry is in the menu if and only if the browser may open it."""
    from django.urls import reverse

    from iletisim.core.navigation import all_items

    login(role, UNITS.get(role, "basin-halkla-iliskiler"))
    shown = menu(page)
    assert shown[:3] == ["dashboard", "units", "calendar"]
    assert ("audit" in shown) is (role in {"admin", "auditor"})
    assert ("people" in shown) is (role == "admin")
    for item in all_items():
        status = page.request.get(reverse(item.url_name)).status
        assert (item.key in shown) == (status == 200), (role, item.key, status)


@pytest.mark.parametrize("url", ["/staff/", "/staff/audit/", "/staff/calendar/", "/staff/units/"])
def test_main_staff_pages_have_no_serious_accessibility_violations(page, login, url):
    login("admin")
    page.goto(url)
    assert axe_violations(page) == []


def test_a_units_staff_is_refused_another_units_page(page, login):
    login("unit_staff", "fen-isleri")
    assert page.goto("/staff/units/fen-isleri/").status == 200
    response = page.goto("/staff/units/zabita/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Erişim reddedildi"


def test_an_anonymous_visitor_is_sent_to_login_and_back_after_it(page, live_server):
    from iletisim.accounts.tests.factories import PASSWORD, make_user

    user = make_user("press_officer", "basin-yayin")
    page.goto("/staff/calendar/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Kullanıcı adı veya e-posta adresi").fill(user.username)
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url("**/staff/calendar/")


def test_the_lock_out_shows_a_clear_page(page, settings):
    from iletisim.accounts.tests.factories import make_user

    user = make_user("press_officer", "basin-yayin")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page.goto("/accounts/login/")
        page.get_by_label("Kullanıcı adı veya e-posta adresi").fill(user.username)
        page.get_by_label("Parola").fill("yanlis-parola")
        page.get_by_role("button", name="Giriş yap").click()
    assert "kilit" in page.locator("h1").inner_text().lower()


def test_a_citizen_finds_the_request_form_from_the_home_page(page):
    page.goto("/")
    page.locator(".shortcuts").get_by_role("link", name="Başvuru yapın").click()
    page.wait_for_url("**/basvuru/")
    assert page.get_by_role("heading", level=1).inner_text() == "Başvuru yapın"
