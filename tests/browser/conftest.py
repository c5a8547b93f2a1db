"""Browser tests: Playwright's Python package driving Debian's chromium against live_server.

Chromium is started with flags that keep it off the network (this machine has none but
loopback). axe-core, vendored from the npm registry, checks each page's accessibility.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One chromium per xdist worker is enough on a 2-core machine.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Any:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told that the test thread is not really asynchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: Any) -> Any:
    # bypass_csp lets the test inject axe-core; the pages themselves keep their policy.
    context = browser.new_context(base_url=live_server.url, locale="tr-TR", bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return the violations of the given impacts."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def login(page: Any, live_server: Any) -> Any:
    """Log in through the login page as a new user with `role` in `unit`; returns the user.

    For roles that need a second factor, a confirmed authenticator is created and its
    current code typed on the second-factor page, as the person would.
    """
    from iletisim.accounts.tests.factories import PASSWORD, confirmed_totp, current_code, make_user

    def _login(role: str, unit: str = "basin-halkla-iliskiler", **kwargs: Any) -> Any:
        user = make_user(role, unit, **kwargs)
        device = confirmed_totp(user) if user.requires_two_factor else None
        page.goto("/accounts/login/")
        page.get_by_label("Kullanıcı adı veya e-posta adresi").fill(user.username)
        page.get_by_label("Parola").fill(PASSWORD)
        page.get_by_role("button", name="Giriş yap").click()
        if device is not None:
            page.wait_for_url("**/accounts/otp/**")
            page.get_by_label("Doğrulama uygulamanızdaki altı haneli kod").fill(
                current_code(device)
            )
            page.get_by_role("button", name="Onayla").click()
        page.wait_for_url("**/staff/**")
        return user

    return _login
