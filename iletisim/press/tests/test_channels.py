"""Sending through a pool of SMTP servers: spreading, failover, the rate limit all workers
share, and DKIM signatures."""

import base64
import datetime as dt
import subprocess
import time

import dkim
import pytest

from iletisim.lib.testing.smtp import SMTPSink, free_port
from iletisim.press import distribution
from iletisim.press.channels import pool, smtp
from iletisim.press.models import MailServer, Recipient
from iletisim.press.tests.factories import make_journalists, make_list, make_published

pytestmark = pytest.mark.django_db

State = Recipient.State


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


@pytest.fixture
def two_sinks(settings):
    with SMTPSink() as first, SMTPSink() as second:
        settings.MAILERS = {
            "default": first.mailer_settings()["default"],
            "backup": second.mailer_settings()["default"],
        }
        settings.PRESS_MAILER_POOLS = {"press": ["default", "backup"]}
        yield first, second


def start(officer, n, mailer=None, prefix="muhabir"):
    item = make_published(officer)
    contact_list = make_list(make_journalists(n, prefix=prefix), name=f"liste {prefix}")
    return distribution.create_distribution(
        by=officer, communication=item, lists=[contact_list], segments=[], mailer=mailer
    )


def received(*sinks):
    return sorted(m.rcpt_tos[0] for sink in sinks for m in sink.messages)


def test_a_pool_spreads_the_messages_over_its_servers_and_sends_each_once(
    officer, two_sinks, settings
):
    first, second = two_sinks
    settings.PRESS_SMTP_CONNECTIONS = 2
    sent = start(officer, 12, mailer="press")
    distribution.send_pending(sent.pk)
    assert len(first.messages) == 6
    assert len(second.messages) == 6
    assert received(first, second) == sorted(r.email for r in sent.recipients.all())
    assert sent.counts()[State.SENT] == 12


def test_when_a_server_of_the_pool_is_down_the_other_one_takes_every_message(officer, settings):
    with SMTPSink() as backup:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
            },
            "backup": backup.mailer_settings()["default"],
        }
        settings.PRESS_MAILER_POOLS = {"press": ["default", "backup"]}
        sent = start(officer, 5, mailer="press")
        done = distribution.send_pending(sent.pk)
        assert done == {State.SENT: 5}
        assert len(backup.messages) == 5
    assert MailServer.objects.get(alias="default").down_until > time.time()


def test_a_server_marked_down_by_one_worker_is_skipped_by_the_others_until_it_is_due(
    officer, two_sinks
):
    first, second = two_sinks
    pool.mark_down("default")  # as another worker that could not connect would
    sent = start(officer, 4, mailer="press")
    distribution.send_pending(sent.pk)
    assert first.messages == []
    assert len(second.messages) == 4
    MailServer.objects.filter(alias="default").update(down_until=0)
    again = start(officer, 4, mailer="press", prefix="ikinci")
    distribution.send_pending(again.pk)
    assert len(first.messages) > 0


def test_a_pool_whose_servers_are_all_down_keeps_every_row_for_a_later_run(officer, settings):
    settings.MAILERS = {
        alias: {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
        for alias in ("default", "backup")
    }
    settings.PRESS_MAILER_POOLS = {"press": ["default", "backup"]}
    sent = start(officer, 3, mailer="press")
    done = distribution.send_pending(sent.pk)
    assert done == {"retry": 3}
    assert sent.counts()[State.QUEUED] == 3


class FakeClock:
    """Time that passes only when the sender waits."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.waits: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds


def test_the_rate_limit_of_a_server_holds_across_workers(officer, smtp_sink, settings, monkeypatch):
    """Two workers starting at the same moment: the second waits for the slots the first
    reserved in the database, not only for its own."""
    settings.PRESS_MAILER_RATES = {"default": 2.0}
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(smtp.SMTPChannel, "clock", staticmethod(clock.time))
    monkeypatch.setattr(smtp.SMTPChannel, "sleep", staticmethod(clock.sleep))
    first = start(officer, 4)
    distribution.send_pending(first.pk)
    assert len(smtp_sink.messages) == 4
    # Four messages at two a second: each waits half a second after the one before.
    assert clock.waits == [0.5, 0.5, 0.5]
    clock.now, clock.waits = 1_000_000.0, []  # another worker, at the same moment
    second = start(officer, 1, prefix="ikinci")
    distribution.send_pending(second.pk)
    assert clock.waits == [2.0]  # behind the first worker's four slots
    assert len(smtp_sink.messages) == 5


def test_slots_reserved_by_two_workers_never_overlap(settings):
    settings.PRESS_MAILER_RATES = {"default": 10.0}
    one = pool.reserve("default", 3, now=1000.0)
    other = pool.reserve("default", 2, now=1000.05)
    assert one == pytest.approx([1000.0, 1000.1, 1000.2])
    assert other == pytest.approx([1000.3, 1000.4])
    assert pool.reserve("default", 1, now=2000.0) == pytest.approx([2000.0])


def test_a_server_without_a_rate_limit_is_never_made_to_wait(settings):
    settings.PRESS_MAILER_RATES = {}
    assert pool.reserve("default", 3, now=5.0) == [5.0, 5.0, 5.0]
    assert not MailServer.objects.exists()


@pytest.fixture
def dkim_key(tmp_path):
    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    return key, record


def test_with_dkim_configured_each_message_carries_a_signature_that_verifies(
    officer, smtp_sink, settings, dkim_key
):
    key, record = dkim_key
    settings.PRESS_DKIM_KEY_FILE = str(key)
    settings.PRESS_DKIM_SELECTOR = "basin"
    settings.PRESS_DKIM_DOMAIN = "belediye.example"
    lookups = []

    def dns(name, timeout=5):
        lookups.append(name)
        return record

    sent = start(officer, 2)
    distribution.send_pending(sent.pk)
    assert len(smtp_sink.messages) == 2
    for mail in smtp_sink.messages:
        assert "d=belediye.example" in mail.message["DKIM-Signature"]
        assert dkim.verify(mail.raw, dnsfunc=dns)
    assert lookups[0] == b"basin._domainkey.belediye.example."
    tampered = smtp_sink.messages[0].raw.replace(b"Subject: ", b"Subject: FW: ", 1)
    assert not dkim.verify(tampered, dnsfunc=dns)


def test_without_dkim_configured_no_signature_is_added(officer, smtp_sink):
    sent = start(officer, 1)
    distribution.send_pending(sent.pk)
    assert smtp_sink.messages[0].message["DKIM-Signature"] is None


def test_a_row_taken_over_by_another_worker_is_neither_marked_nor_sent_by_the_first(
    officer, smtp_sink
):
    from iletisim.press.channels import open_channel

    sent = start(officer, 3)
    template = distribution.MessageTemplate(sent.communication)
    batch = distribution._claim(sent.pk, 10)
    # The first worker stalled past its lease; another worker requeued and claimed one row.
    taken = batch[1]
    Recipient.objects.filter(pk=taken.pk).update(
        claimed_at=taken.claimed_at + dt.timedelta(minutes=10)
    )
    channel = open_channel(sent.mailer, template, distribution.mark_sent)
    try:
        outcomes = {r.recipient.pk: r.outcome for r in channel.send(batch)}
    finally:
        channel.close()
    assert outcomes[taken.pk] == "lost"
    assert taken.email not in received(smtp_sink)
    assert len(smtp_sink.messages) == 2
    assert Recipient.objects.get(pk=taken.pk).state == State.SENDING  # the other worker's now


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_distribution_at_once_send_each_address_exactly_once(
    make_user, two_sinks, settings
):
    from collections import Counter
    from threading import Barrier, Thread

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL (CI runs on it)")
    first, second = two_sinks
    settings.PRESS_SMTP_CONNECTIONS = 2
    officer = make_user("press_officer", "basin-yayin")
    sent = start(officer, 60, mailer="press")
    barrier = Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(distribution.send_pending(sent.pk, batch_size=7))
        finally:
            connections.close_all()

    threads = [Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = Counter(m.rcpt_tos[0] for sink in (first, second) for m in sink.messages)
    assert sorted(counts) == sorted(r.email for r in sent.recipients.all())
    assert set(counts.values()) == {1}
    assert sum(r.get(State.SENT, 0) for r in results) == 60
    assert all(r.get(State.SENT, 0) > 0 for r in results)  # both workers took a share


def test_the_press_officer_picks_the_pool_on_the_items_page_and_it_is_used(
    client, make_user, two_sinks, settings
):
    from django.urls import reverse

    from iletisim.press.tests.test_views_staff import login

    first, second = two_sinks
    settings.PRESS_SMTP_CONNECTIONS = 1
    officer = login(client, make_user, "press_officer")
    item = make_published(officer)
    contact_list = make_list(make_journalists(4))
    page = client.get(reverse("press:communication-detail", args=[item.pk])).content.decode()
    assert '<option value="press">press</option>' in page
    url = reverse("press:distribution-create", args=[item.pk])
    refused = client.post(url, {"lists": [contact_list.pk], "mailer": "bilinmeyen"})
    assert refused.status_code == 302
    assert not item.distributions.exists()
    client.post(url, {"lists": [contact_list.pk], "mailer": "press"})
    sent = item.distributions.get()
    assert sent.mailer == "press"
    distribution.send_pending(sent.pk)  # what the task worker does
    assert len(first.messages) == 2
    assert len(second.messages) == 2
