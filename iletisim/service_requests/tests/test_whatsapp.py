"""WhatsApp: Meta's webhook against /webhooks/whatsapp, the background worker, and replies
through a local fake of the Graph API (iletisim.lib.testing.whatsapp)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import time

import pytest
from django_tasks_db.models import DBTaskResult
from PIL import Image

from iletisim.accounts.models import Unit
from iletisim.lib.testing.whatsapp import FakeGraphAPI, notification, signed, text_message
from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    Channel,
    Notification,
    ServiceRequest,
    Update,
    WhatsAppMessage,
)

pytestmark = pytest.mark.django_db

SECRET = "app-secret-for-tests"
CITIZEN = "905321234567"


@pytest.fixture
def graph(settings):
    with FakeGraphAPI() as fake:
        settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
        settings.WHATSAPP_APP_SECRET = SECRET
        settings.WHATSAPP_ACCESS_TOKEN = fake.access_token
        settings.WHATSAPP_PHONE_NUMBER_ID = fake.phone_number_id
        settings.WHATSAPP_API_BASE = fake.api_base
        yield fake


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what was queued, as the worker would, until nothing is left. In-process: the
    db_worker command closes database connections, which ends the test's transaction on
    PostgreSQL."""
    from django.tasks import TaskResultStatus

    def run() -> None:
        for _ in range(5):
            rows = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
            if not rows:
                return
            for row in rows:
                with django_capture_on_commit_callbacks(execute=True):
                    row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
                DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.SUCCESSFUL)

    return run


def post(client, payload, *, secret=SECRET, signature=None):
    raw, header = signed(payload, secret)
    return client.post(
        "/webhooks/whatsapp",
        data=raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature if signature is not None else header,
    )


def incoming(graph, *messages, phone_number_id=None):
    return notification(
        phone_number_id=phone_number_id or graph.phone_number_id,
        messages=list(messages),
        contacts=[{"wa_id": CITIZEN, "profile": {"name": "Ayşe Yılmaz"}}],
    )


def test_the_handshake_echoes_the_challenge_only_with_our_verify_token(client, graph):
    ok = client.get(
        "/webhooks/whatsapp",
        {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get(
        "/webhooks/whatsapp",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403


def test_a_signed_message_becomes_a_request_and_the_citizen_gets_its_number(client, graph, deliver):
    payload = incoming(graph, text_message(CITIZEN, "Sokağımızda derin bir çukur var.", "wamid.A1"))
    started = time.monotonic()
    response = post(client, payload)
    assert response.status_code == 200
    assert time.monotonic() - started < 1.0  # answered at once; the work is queued
    assert not ServiceRequest.objects.exists()

    deliver()
    sr = ServiceRequest.objects.get()
    assert sr.channel == Channel.WHATSAPP and sr.citizen_phone == CITIZEN
    assert sr.description == "Sokağımızda derin bir çukur var."
    reply = graph.sent[-1]
    assert reply["to"] == CITIZEN and reply["type"] == "text"
    assert sr.tracking_number in reply["text"]["body"]
    assert "Meta" in reply["text"]["body"] and "153" in reply["text"]["body"]
    note = sr.notifications.get(channel="whatsapp")
    assert note.sent_at and note.provider_ref == reply["id"]


def test_a_replayed_notification_makes_no_second_request_and_no_second_reply(
    client, graph, deliver
):
    payload = incoming(graph, text_message(CITIZEN, "Çöpler alınmadı.", "wamid.R1"))
    post(client, payload)
    post(client, payload)
    deliver()
    post(client, payload)
    deliver()
    assert ServiceRequest.objects.count() == 1
    assert len(graph.sent) == 1


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "md5=abc"])
def test_forged_or_missing_signatures_are_refused_and_nothing_is_queued(client, graph, signature):
    payload = incoming(graph, text_message(CITIZEN, "Merhaba", "wamid.F1"))
    assert post(client, payload, signature=signature).status_code == 403
    assert post(client, payload, secret="another-secret").status_code == 403
    assert not DBTaskResult.objects.exists()


def test_a_payload_for_another_phone_number_is_ignored_and_logged(client, graph, caplog, deliver):
    payload = incoming(
        graph, text_message(CITIZEN, "Merhaba", "wamid.O1"), phone_number_id="999999999"
    )
    with caplog.at_level(logging.WARNING, logger="iletisim.whatsapp"):
        response = post(client, payload)
    assert response.status_code == 200 and response.content == b"ignored"
    assert "another phone_number_id" in caplog.text
    deliver()
    assert not ServiceRequest.objects.exists() and not graph.sent


def test_malformed_bodies_get_a_clear_400(client, graph):
    raw = b'{"object": "whatsapp_business_account", "entry": [{'
    from iletisim.lib.whatsapp import sign

    response = client.post(
        "/webhooks/whatsapp",
        data=raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(raw, SECRET),
    )
    assert response.status_code == 400
    assert post(client, {"object": "page", "entry": []}).status_code == 400
    assert client.put("/webhooks/whatsapp").status_code == 405
    assert not DBTaskResult.objects.exists()


def test_later_messages_photos_and_locations_join_the_open_request(client, graph, deliver):
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(photo, "JPEG")
    graph.server.route(
        "GET",
        "/v23.0/MEDIA1",
        body=json.dumps(
            {"url": graph.server.url("/media/MEDIA1"), "mime_type": "image/jpeg"}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    graph.server.route(
        "GET", "/media/MEDIA1", body=photo.getvalue(), headers={"Content-Type": "image/jpeg"}
    )
    post(client, incoming(graph, text_message(CITIZEN, "Parktaki bank kırık.", "wamid.L1")))
    deliver()
    image = {
        "from": CITIZEN,
        "id": "wamid.L2",
        "timestamp": str(int(time.time())),
        "type": "image",
        "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "caption": "İşte fotoğrafı"},
    }
    location = {
        "from": CITIZEN,
        "id": "wamid.L3",
        "timestamp": str(int(time.time())),
        "type": "location",
        "location": {"latitude": 40.9771, "longitude": 29.0589},
    }
    post(client, incoming(graph, image, location))
    deliver()
    sr = ServiceRequest.objects.get()
    assert sr.attachments.count() == 1 and sr.attachments.get().content_type == "image/jpeg"
    lines = list(sr.updates.filter(kind=Update.Kind.CITIZEN).values_list("text", flat=True))
    assert "İşte fotoğrafı" in lines[0]
    assert any("konum" in line.lower() for line in lines)
    assert WhatsAppMessage.objects.filter(request=sr, direction="in").count() == 3


def test_a_photo_that_is_not_an_image_is_recorded_not_attached(client, graph, deliver):
    graph.server.route(
        "GET",
        "/v23.0/MEDIA2",
        body=json.dumps({"url": graph.server.url("/media/MEDIA2")}).encode(),
    )
    graph.server.route("GET", "/media/MEDIA2", body=b"MZ\x90\x00 not a photo")
    message = {
        "from": CITIZEN,
        "id": "wamid.M1",
        "timestamp": str(int(time.time())),
        "type": "image",
        "image": {"id": "MEDIA2", "mime_type": "image/jpeg"},
    }
    post(client, incoming(graph, message))
    deliver()
    sr = ServiceRequest.objects.get()
    assert not sr.attachments.exists()
    assert "JPEG" in sr.description


@pytest.fixture
def answer(django_capture_on_commit_callbacks, make_user):
    """The desk routes the request and publishes an answer that names the citizen."""

    def run(sr):
        desk = make_user("pr_operator", "halkla-iliskiler")
        with django_capture_on_commit_callbacks(execute=True):
            sr = actions.route_request(sr=sr, unit=Unit.objects.get(code="fen-isleri"), by=desk)
            return actions.publish_answer(
                sr=sr, by=desk, text="Sayın Ayşe Yılmaz, çukur 12 Aralık'ta kapatılacaktır."
            )

    return run


def test_the_desks_answer_goes_back_inside_the_window_as_a_short_status(
    client, graph, deliver, answer
):
    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.W1")))
    deliver()
    sr = ServiceRequest.objects.get()
    answer(sr)
    deliver()
    answer = graph.sent[-1]
    assert answer["type"] == "text"
    body = answer["text"]["body"]
    assert sr.tracking_number in body and "Yanıtlandı" in body
    assert "Ayşe" not in body and "12 Aralık" not in body  # KVKK: not the answer itself


def test_outside_the_24_hour_window_the_answer_goes_as_the_approved_template(
    client, graph, deliver, answer
):
    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.T1")))
    deliver()
    sr = ServiceRequest.objects.get()
    WhatsAppMessage.objects.filter(direction="in").update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    )
    answer(sr)
    deliver()
    template = graph.sent[-1]
    assert template["type"] == "template"
    assert template["template"]["name"] == "basvuru_durumu"
    values = [p["text"] for p in template["template"]["components"][0]["parameters"]]
    assert values == [sr.tracking_number, "Yanıtlandı"]


def test_when_meta_says_the_window_closed_the_template_is_sent_instead(
    client, graph, deliver, answer
):
    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.C1")))
    deliver()
    graph.closed_window.add(CITIZEN)
    answer(ServiceRequest.objects.get())
    deliver()
    assert graph.sent[-1]["type"] == "template"


def test_status_callbacks_are_recorded_on_the_message_and_the_notification(client, graph, deliver):
    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.S1")))
    deliver()
    wamid = graph.sent[-1]["id"]
    now = str(int(time.time()))
    statuses = [
        {"id": wamid, "status": "delivered", "timestamp": now, "recipient_id": CITIZEN},
        {"id": wamid, "status": "read", "timestamp": now, "recipient_id": CITIZEN},
    ]
    post(client, notification(phone_number_id=graph.phone_number_id, statuses=statuses))
    deliver()
    assert WhatsAppMessage.objects.get(wamid=wamid).status == "read"
    assert Notification.objects.get(provider_ref=wamid).delivery_status == "read"
    failed = [
        {
            "id": wamid,
            "status": "failed",
            "timestamp": now,
            "recipient_id": CITIZEN,
            "errors": [{"code": 131026, "title": "Message undeliverable"}],
        }
    ]
    post(client, notification(phone_number_id=graph.phone_number_id, statuses=failed))
    deliver()
    message = WhatsAppMessage.objects.get(wamid=wamid)
    assert message.status == "failed" and "131026" in message.error


def test_a_graph_api_refusal_is_recorded_as_a_failed_notification(client, graph, deliver):
    graph.fail_next.append((400, {"code": 100, "message": "Invalid parameter"}))
    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.E1")))
    deliver()
    note = ServiceRequest.objects.get().notifications.get(channel="whatsapp")
    assert note.sent_at is None and "Invalid parameter" in note.last_error


def test_when_the_template_is_refused_the_status_goes_by_sms(client, graph, deliver, answer):
    from iletisim.lib.sms import console

    post(client, incoming(graph, text_message(CITIZEN, "Çukur var.", "wamid.X1")))
    deliver()
    sr = ServiceRequest.objects.get()
    WhatsAppMessage.objects.filter(direction="in").update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    )
    graph.fail_next.append((400, {"code": 132001, "message": "Template name does not exist"}))
    console.OUTBOX.clear()
    answer(sr)
    deliver()
    phone, text = console.OUTBOX[-1]
    assert phone == "+" + CITIZEN and sr.tracking_number in text and "Yanıtlandı" in text
    assert "12 Aralık" not in text
    by_sms = sr.notifications.filter(channel="whatsapp", provider_ref__startswith="sms:")
    assert by_sms.count() == 1 and by_sms.get().sent_at
