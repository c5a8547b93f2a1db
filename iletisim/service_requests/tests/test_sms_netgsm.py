"""The Netgsm SMS gateway against a local fake of its HTTP API: what the citizen's phone would
get, Turkish characters, message length, delivery reports, provider errors and timeouts."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from iletisim.lib.sms import SMSError, netgsm
from iletisim.service_requests.models import Notification
from iletisim.service_requests.tasks import MAX_ATTEMPTS, check_sms_deliveries, send_notification
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_netgsm(http_server, settings):
    """Netgsm's GET API: checks the account like Netgsm does and hands out job ids."""
    settings.SMS_PROVIDER = "netgsm"
    settings.NETGSM_API_BASE = http_server.url("").rstrip("/")
    settings.NETGSM_USERCODE = "8503330000"
    settings.NETGSM_PASSWORD = "gizli"
    settings.NETGSM_MSGHEADER = "BELEDIYE"
    settings.NETGSM_TIMEOUT_SECONDS = 1
    jobs: dict[str, str] = {}

    def send(request):
        q = {k: v[0] for k, v in request.query.items()}
        if (q.get("usercode"), q.get("password")) != ("8503330000", "gizli"):
            return 200, {}, b"30"
        if q.get("msgheader") != "BELEDIYE":
            return 200, {}, b"40"
        if not q.get("gsmno") or not q.get("message"):
            return 200, {}, b"70"
        job = str(1_700_000 + len(jobs))
        jobs[job] = q["gsmno"]
        return 200, {}, f"00 {job}".encode()

    def report(request):
        job = request.query.get("bulkid", [""])[0]
        if job not in jobs:
            return 200, {}, b"60"
        return 200, {}, f"{jobs[job]} 1\n".encode()

    http_server.route("GET", "/sms/send/get", handler=send)
    http_server.route("GET", "/sms/report", handler=report)
    http_server.jobs = jobs
    return http_server


def sms_of(sr) -> Notification:
    return sr.notifications.get(channel="sms")


def test_the_citizen_gets_the_tracking_number_by_sms_through_netgsm(fake_netgsm):
    sr = make_request(citizen_phone="+90 532 123 45 67", notify_by="sms")
    note = sms_of(sr)
    assert send_notification.call(note.pk) == "sent"
    note.refresh_from_db()
    assert note.provider_ref == "1700000"
    sent = fake_netgsm.requests[-1].query
    assert sent["gsmno"] == ["5321234567"]
    assert sr.tracking_number in sent["message"][0]
    assert sent["msgheader"] == ["BELEDIYE"]

    call_command("requests_sms_reports")
    note.refresh_from_db()
    assert note.delivery_status == "delivered" and note.delivery_checked_at


def test_turkish_characters_are_sent_with_dil_tr_and_plain_text_without(fake_netgsm):
    assert netgsm.send("05321234567", "Başvurunuz alındı: İşçi Sokağı") == "1700000"
    turkish = fake_netgsm.requests[-1].query
    assert turkish["dil"] == ["TR"]
    assert turkish["message"][0] == "Başvurunuz alındı: İşçi Sokağı"
    netgsm.send("05321234567", "Basvurunuz alindi")
    assert "dil" not in fake_netgsm.requests[-1].query


def test_message_length_is_counted_in_parts_like_the_operator_bills_it():
    assert netgsm.segments("a" * 160).parts == 1
    assert netgsm.segments("a" * 161).parts == 2
    assert netgsm.segments("a" * 306).parts == 2
    assert netgsm.segments("ş" * 155) == netgsm.Segments(turkish=True, parts=1, length=155)
    assert netgsm.segments("ş" * 156).parts == 2
    assert netgsm.segments("ş" * 301).parts == 3
    assert netgsm.segments("{" * 81).parts == 2  # extension characters take two places
    assert netgsm.clean_text("Teşekkürler 🙏 — Ñ") == "Teşekkürler ? ? Ñ"
    long = netgsm.fit("Çok uzun bir açıklama. " * 200)
    assert netgsm.segments(long).parts == netgsm.MAX_PARTS and long.endswith("...")


@pytest.mark.parametrize(
    ("setting", "value", "code"),
    [("NETGSM_PASSWORD", "yanlis", "30"), ("NETGSM_MSGHEADER", "BASKA", "40")],
)
def test_an_account_error_is_recorded_and_not_retried(fake_netgsm, settings, setting, value, code):
    setattr(settings, setting, value)
    note = sms_of(make_request(citizen_phone="05321234567", notify_by="sms"))
    assert send_notification.call(note.pk) == "failed"
    note.refresh_from_db()
    assert note.sent_at is None and f"Netgsm {code}" in note.last_error
    assert note.attempts == MAX_ATTEMPTS


def test_a_netgsm_system_error_is_recorded_and_retried_later(fake_netgsm):
    fake_netgsm.route("GET", "/sms/send/get", body=b"100")
    note = sms_of(make_request(citizen_phone="05321234567", notify_by="sms"))
    assert send_notification.call(note.pk) == "failed"
    note.refresh_from_db()
    assert note.attempts == 1 and "Netgsm 100" in note.last_error


def test_a_gateway_that_does_not_answer_in_time_is_a_recorded_failure(fake_netgsm):
    def slow(request):
        time.sleep(2)
        return 200, {}, b"00 1"

    fake_netgsm.route("GET", "/sms/send/get", handler=slow)
    note = sms_of(make_request(citizen_phone="05321234567", notify_by="sms"))
    started = time.monotonic()
    assert send_notification.call(note.pk) == "failed"
    assert time.monotonic() - started < 2
    note.refresh_from_db()
    assert note.sent_at is None and "in time" in note.last_error and note.attempts == 1


def test_a_gateway_answering_http_errors_or_nonsense_is_a_recorded_failure(fake_netgsm):
    fake_netgsm.route("GET", "/sms/send/get", status=503, body=b"down")
    with pytest.raises(SMSError, match="HTTP 503"):
        netgsm.send("05321234567", "Merhaba")
    fake_netgsm.route("GET", "/sms/send/get", body=b"<html>bakim</html>")
    with pytest.raises(SMSError, match="unexpected"):
        netgsm.send("05321234567", "Merhaba")


def test_a_number_that_is_not_a_turkish_mobile_is_refused_before_sending(fake_netgsm):
    with pytest.raises(SMSError) as error:
        netgsm.send("0216 123 45 67", "Merhaba")
    assert error.value.permanent and not fake_netgsm.requests


def test_an_unknown_job_in_the_report_leaves_the_status_open(fake_netgsm):
    note = sms_of(make_request(citizen_phone="05321234567", notify_by="sms"))
    send_notification.call(note.pk)
    fake_netgsm.jobs.clear()
    assert check_sms_deliveries() == 1
    note.refresh_from_db()
    assert note.delivery_status == "unknown"
