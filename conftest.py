"""Fixtures shared by every app's tests and the browser tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashing with the production hasher costs ~0.3 s a login; the tests only need a hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    cache.clear()
    yield
    cache.clear()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    """Transactional tests (browser tests, live_server, row-lock tests) end with a flush of every
    table, which takes the rows of the data migrations (units, categories...) with it. Each such
    test gets them back at its start, whichever test ran before it on this worker.

    The suite uses no serialized_rollback: its restore inserts content types by their old ids
    and fails when a flush in between recreated them under new ones (CI saw it, depending on
    which tests xdist gave a worker)."""
    if not _is_transactional(request.node):
        yield
        return
    request.getfixturevalue("transactional_db")
    from iletisim.lib.testing.migration_data import reapply_data_migrations

    reapply_data_migrations()
    yield


@pytest.fixture
def make_user(db):
    from iletisim.accounts.tests.factories import make_user

    return make_user


@pytest.fixture
def as_role(client, make_user):
    """Log the test client in with one role, in a unit (second factor confirmed where the role
    needs it); returns the user: `user = as_role(Role.PRESS_OFFICER)`."""
    from iletisim.accounts.tests.factories import log_in

    def _login(role, unit="basin-halkla-iliskiler"):
        return log_in(client, make_user(role, unit))

    return _login


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback; Django's default mailer sends to it."""
    from iletisim.lib.testing.smtp import SMTPSink

    with SMTPSink() as sink:
        settings.MAILERS = sink.mailer_settings()
        yield sink


@pytest.fixture
def http_server():
    """A real HTTP server on loopback with canned routes (see iletisim.lib.testing.http)."""
    from iletisim.lib.testing.http import LoopbackHTTPServer

    with LoopbackHTTPServer() as server:
        yield server


@pytest.fixture
def imap_server():
    """A private Debian dovecot on loopback (see iletisim.lib.testing.imap)."""
    from iletisim.lib.testing.imap import DovecotServer

    with DovecotServer() as server:
        yield server
