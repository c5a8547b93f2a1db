"""An ESP (Mailgun, through django-anymail) as the way out, its tracking webhooks, and the
bounce mailbox read over IMAP."""

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import pytest

from iletisim.press.bounces import poll_bounce_mailbox
from iletisim.press.models import Recipient, Suppression
from iletisim.press.tests.factories import send_release as send
from iletisim.press.tests.factories import use_esp
from iletisim.press.tests.test_bounces import DSN

pytestmark = pytest.mark.django_db

State = Recipient.State
SIGNING_KEY = "key-0123456789abcdef"
WEBHOOK = "/basin-odasi/esp/mailgun/tracking/"


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


@pytest.fixture
def mailgun(settings, http_server):
    """A local stand-in for Mailgun's messages API, speaking its documented answer."""
    accepted = []

    def messages(request):
        accepted.append(request)
        answer = {
            "id": f"<2026.{len(accepted)}@mg.belediye.example>",
            "message": "Queued. Thank you.",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    http_server.route("POST", "/v3/mg.belediye.example/messages", handler=messages)
    use_esp(
        settings,
        "mailgun",
        MAILGUN_API_KEY="key-test",
        MAILGUN_SENDER_DOMAIN="mg.belediye.example",
        MAILGUN_API_URL=http_server.url("/v3"),
        MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY,
    )
    return accepted


def test_a_distribution_can_go_out_through_the_esp_api_one_message_per_contact(officer, mailgun):
    sent = send(officer, 3, mailer="esp")
    assert len(mailgun) == 3
    forms = [parse_qs(request.body.decode()) for request in mailgun]
    by_address = {form["to"][0]: form for form in forms}
    for row in sent.recipients.all():
        assert row.state == State.SENT
        assert row.message_id.endswith("@mg.belediye.example>")
        form = by_address[row.email]
        assert form["v:press_recipient"] == [str(row.pk)]
        assert "Sayın Muhabir" in form["text"][0]
        # The ESP's own tracking is switched off (KVKK).
        assert form["o:tracking-clicks"] == ["no"]
        assert form["o:tracking-opens"] == ["no"]


def test_the_mailer_for_new_distributions_comes_from_the_settings(officer, mailgun, settings):
    settings.PRESS_MAILER = "esp"
    sent = send(officer, 1)
    assert sent.mailer == "esp"
    assert len(mailgun) == 1


def mailgun_event(event, row, **extra):
    """A webhook body shaped like Mailgun's documented examples, signed as Mailgun signs."""
    timestamp, token = str(int(time.time())), "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "timestamp": 1521472262.908181,
            "id": "CPgfbmQMTCKtHW6uIWtuVe",
            "recipient": row.email,
            "recipient-domain": row.email.split("@")[1],
            "tags": [],
            "user-variables": {"press_recipient": str(row.pk)},
            "message": {"headers": {"message-id": row.message_id.strip("<>"), "to": row.email}},
            "envelope": {"transport": "smtp", "targets": row.email},
            "delivery-status": {"code": 250, "message": "OK", "description": ""},
            **extra,
        },
    }


def post(client, payload):
    return client.post(WEBHOOK, json.dumps(payload), content_type="application/json")


def test_esp_events_move_each_row_to_delivered_bounced_or_complained(officer, mailgun, client):
    sent = send(officer, 3, mailer="esp")
    delivered, bounced, complained = sent.recipients.order_by("id")
    assert post(client, mailgun_event("delivered", delivered)).status_code == 200
    failed = mailgun_event(
        "failed",
        bounced,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"code": 550, "message": "5.1.1 No such user", "description": ""}},
    )
    assert post(client, failed).status_code == 200
    assert post(client, mailgun_event("complained", complained)).status_code == 200
    states = dict(sent.recipients.values_list("email", "state"))
    assert states == {
        delivered.email: State.DELIVERED,
        bounced.email: State.BOUNCED,
        complained.email: State.COMPLAINED,
    }
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        bounced.email: Suppression.Reason.HARD_BOUNCE,
        complained.email: Suppression.Reason.COMPLAINT,
    }


def test_a_temporary_failure_reported_by_the_esp_suppresses_nobody(officer, mailgun, client):
    sent = send(officer, 1, mailer="esp")
    row = sent.recipients.get()
    assert post(client, mailgun_event("failed", row, severity="temporary")).status_code == 200
    assert sent.recipients.get().state == State.SENT
    assert not Suppression.objects.exists()


def test_a_webhook_call_with_a_wrong_signature_changes_nothing(officer, mailgun, client):
    sent = send(officer, 1, mailer="esp")
    payload = mailgun_event("complained", sent.recipients.get())
    payload["signature"]["signature"] = "0" * 64
    assert post(client, payload).status_code == 400
    assert sent.recipients.get().state == State.SENT
    assert not Suppression.objects.exists()


def test_the_webhook_of_an_esp_that_is_not_configured_does_not_exist(client, settings):
    settings.ESP_BACKEND = "mailgun"
    response = client.post(
        "/basin-odasi/esp/postmark/tracking/", "{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_the_bounce_mailbox_poller_applies_the_reports_and_leaves_other_mail(
    officer, smtp_sink, imap_server
):
    sent = send(officer, 2)
    bounced = sent.recipients.order_by("id").first()
    imap_server.add_user("bounces", "gizli")
    report = DSN.format(email=bounced.email, status="5.1.1", message_id=bounced.message_id)
    imap_server.append("bounces", report.replace("\n", "\r\n").encode())
    auto_reply = b"From: muhabir1@gazete.example\r\nSubject: Izindeyim\r\n\r\nOfiste degilim.\r\n"
    imap_server.append("bounces", auto_reply)
    url = f"imap://bounces:gizli@{imap_server.host}:{imap_server.port}/INBOX"

    assert poll_bounce_mailbox(url) == {"read": 2, "bounces": 1, "other": 1}
    assert Recipient.objects.get(pk=bounced.pk).state == State.BOUNCED
    assert Suppression.objects.filter(email=bounced.email).exists()
    # The report is gone, the auto-reply stays (seen) for a person to read.
    client = imap_server.connect("bounces")
    client.select("INBOX")
    _status, data = client.search(None, "ALL")
    assert len(data[0].split()) == 1
    client.logout()
    assert poll_bounce_mailbox(url) == {"read": 0, "bounces": 0, "other": 0}


def test_the_scheduler_reads_the_bounce_mailbox_every_few_minutes(
    officer, smtp_sink, imap_server, settings
):
    from io import StringIO

    from django.core.management import call_command

    from iletisim.core.scheduler import JOBS

    assert JOBS["press-bounce-mailbox"].command == "press_poll_bounces"
    sent = send(officer, 1)
    row = sent.recipients.get()
    imap_server.add_user("bounces", "gizli")
    report = DSN.format(email=row.email, status="5.2.1", message_id=row.message_id)
    imap_server.append("bounces", report.replace("\n", "\r\n").encode())
    settings.PRESS_BOUNCE_MAILBOX = f"imap://bounces:gizli@{imap_server.host}:{imap_server.port}/"
    out = StringIO()
    call_command("press_poll_bounces", stdout=out)
    assert "bounces 1" in out.getvalue()
    assert sent.recipients.get().state == State.BOUNCED


@pytest.fixture
def postmark(settings):
    settings.ESP_BACKEND = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": POSTMARK_AUTH}
    return "/basin-odasi/esp/postmark/tracking/"


POSTMARK_AUTH = "postmark:gizli-anahtar"


def postmark_post(client, url, payload, credentials=POSTMARK_AUTH):
    auth = "Basic " + base64.b64encode(credentials.encode()).decode()
    return client.post(
        url, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def postmark_bounce(row, kind):
    """Shaped like Postmark's documented bounce webhook."""
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1 if kind == "HardBounce" else 4096,
        "Name": "Hard bounce" if kind == "HardBounce" else "Soft bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {"press_recipient": str(row.pk)},
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account does not exist",
        "Email": row.email,
        "From": "iletisim@belediye.example",
        "BouncedAt": "2026-11-26T08:30:00Z",
        "Inactive": kind == "HardBounce",
        "CanActivate": True,
        "Subject": "Yeni park açıldı",
    }


def test_postmark_events_need_the_webhook_password_and_tell_soft_from_hard_bounces(
    officer, smtp_sink, postmark, client
):
    sent = send(officer, 2)
    soft, hard = sent.recipients.order_by("id")
    wrong = postmark_post(client, postmark, postmark_bounce(hard, "HardBounce"), "postmark:x")
    assert wrong.status_code == 400
    assert sent.recipients.get(pk=hard.pk).state == State.SENT
    assert postmark_post(client, postmark, postmark_bounce(soft, "SoftBounce")).status_code == 200
    assert postmark_post(client, postmark, postmark_bounce(hard, "HardBounce")).status_code == 200
    assert sent.recipients.get(pk=soft.pk).state == State.SENT
    assert sent.recipients.get(pk=hard.pk).state == State.BOUNCED
    assert list(Suppression.objects.values_list("email", flat=True)) == [hard.email]


@pytest.fixture
def postmark_api(settings, http_server):
    """A local stand-in for Postmark's email API (`POST /email`), answering as documented."""
    accepted = []

    def email(request):
        payload = json.loads(request.body)
        accepted.append((request.headers, payload))
        answer = {
            "To": payload["To"],
            "SubmittedAt": "2026-11-26T10:00:00.0000000-05:00",
            "MessageID": f"0a129aee-e1cd-480d-b08d-4f48548ff{len(accepted):03d}",
            "ErrorCode": 0,
            "Message": "OK",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    http_server.route("POST", "/email", handler=email)
    use_esp(
        settings,
        "postmark",
        POSTMARK_SERVER_TOKEN="server-token-test",
        POSTMARK_API_URL=http_server.url("/"),
        WEBHOOK_SECRET=POSTMARK_AUTH,
    )
    return accepted


def test_a_distribution_goes_out_through_postmark_without_its_tracking(officer, postmark_api):
    sent = send(officer, 2, mailer="esp")

    assert len(postmark_api) == 2
    by_address = {payload["To"]: (headers, payload) for headers, payload in postmark_api}
    for row in sent.recipients.all():
        assert row.state == State.SENT
        headers, payload = by_address[row.email]
        assert headers["x-postmark-server-token"] == "server-token-test"
        assert row.message_id.startswith("0a129aee-")  # Postmark's id, which its events carry
        assert payload["Metadata"] == {"press_recipient": str(row.pk)}
        assert payload["TrackOpens"] is False  # KVKK: the ESP's own tracking is off
        assert payload["TrackLinks"] == "None"
        names = {header["Name"] for header in payload["Headers"]}
        assert {"List-Unsubscribe", "List-Unsubscribe-Post"} <= names
