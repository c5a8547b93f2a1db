"""The WhatsApp Cloud API protocol layer, against a local fake of Meta's API on loopback."""

import datetime as dt

import pytest

from iletisim.lib import whatsapp
from iletisim.lib.testing.whatsapp import FakeGraphAPI, notification, signed, text_message

SECRET = "app-secret-for-tests"


def test_a_signature_made_with_the_app_secret_validates_and_any_change_breaks_it():
    raw, header = signed({"object": "whatsapp_business_account", "entry": []}, SECRET)
    assert whatsapp.signature_is_valid(raw, header, SECRET)
    assert not whatsapp.signature_is_valid(raw + b" ", header, SECRET)
    assert not whatsapp.signature_is_valid(raw, header, "another-secret")
    assert not whatsapp.signature_is_valid(raw, header.replace("sha256=", "sha1="), SECRET)
    assert not whatsapp.signature_is_valid(raw, None, SECRET)
    assert not whatsapp.signature_is_valid(raw, header, "")


def test_the_subscription_handshake_echoes_the_challenge_only_for_the_right_token():
    params = {"hub.mode": "subscribe", "hub.verify_token": "dogru", "hub.challenge": "1158201444"}
    assert whatsapp.subscription_challenge(params, "dogru") == "1158201444"
    assert whatsapp.subscription_challenge(params, "yanlis") is None
    assert whatsapp.subscription_challenge({**params, "hub.mode": "unsubscribe"}, "dogru") is None
    assert whatsapp.subscription_challenge(params, "") is None


def test_a_notification_is_read_into_messages_with_names_locations_and_statuses():
    payload = notification(
        phone_number_id="105",
        contacts=[{"profile": {"name": "Ayşe Yılmaz"}, "wa_id": "905321112233"}],
        messages=[
            text_message("905321112233", "Sokağımızda çöp alınmadı", "wamid.A", at=1_790_000_000),
            {
                "from": "905321112233",
                "id": "wamid.B",
                "timestamp": "1790000060",
                "type": "location",
                "location": {"latitude": 41.0, "longitude": 29.02, "name": "Moda"},
            },
            {
                "from": "905321112233",
                "id": "wamid.C",
                "timestamp": "1790000120",
                "type": "image",
                "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "caption": "Çukur burada"},
            },
        ],
        statuses=[
            {
                "id": "wamid.OUT",
                "status": "failed",
                "timestamp": "1790000200",
                "recipient_id": "905321112233",
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
            }
        ],
    )
    result = whatsapp.parse_notification(payload)
    text, location, image = result.messages
    assert (text.sender_name, text.text, text.phone_number_id) == (
        "Ayşe Yılmaz",
        "Sokağımızda çöp alınmadı",
        "105",
    )
    assert text.sent_at == dt.datetime.fromtimestamp(1_790_000_000, tz=dt.UTC)
    assert (location.kind, location.latitude, location.longitude) == ("location", 41.0, 29.02)
    assert (image.media_id, image.mime_type, image.text) == ("MEDIA1", "image/jpeg", "Çukur burada")
    (status,) = result.statuses
    assert (status.status, status.error_code) == ("failed", 131047)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {"object": "page", "entry": []},
        {"object": "whatsapp_business_account", "entry": "x"},
        notification(phone_number_id="", messages=[text_message("905", "x", "wamid.1")]),
        notification(phone_number_id="105", messages=[{"from": "905", "type": "text"}]),
        notification(
            phone_number_id="105", messages=[{**text_message("905", "x", "w"), "timestamp": "soon"}]
        ),
        notification(phone_number_id="105", messages=[text_message("+90 532", "x", "wamid.1")]),
    ],
)
def test_malformed_notifications_are_refused_with_a_reason(payload):
    with pytest.raises(whatsapp.WebhookPayloadError):
        whatsapp.parse_notification(payload)


def test_replies_go_out_through_the_api_and_come_back_with_an_id():
    with FakeGraphAPI() as api:
        client = whatsapp.CloudAPIClient(
            api.access_token, api.phone_number_id, api_base=api.api_base
        )
        message_id = client.send_text("905321112233", "Başvurunuz alındı: 2026-004213")
        template_id = client.send_template(
            "905321112233", "basvuru_yanitlandi", "tr", ["2026-004213"]
        )
    assert message_id.startswith("wamid.") and template_id != message_id
    assert api.sent[0]["text"]["body"] == "Başvurunuz alındı: 2026-004213"
    assert api.sent[1]["template"]["language"] == {"code": "tr"}


def test_outside_the_24_hour_window_a_free_text_is_refused_and_a_template_goes():
    with FakeGraphAPI(closed_window={"905321112233"}) as api:
        client = whatsapp.CloudAPIClient(
            api.access_token, api.phone_number_id, api_base=api.api_base
        )
        with pytest.raises(whatsapp.WhatsAppError) as refused:
            client.send_text("905321112233", "Yanıtınız hazır")
        assert refused.value.outside_window and not refused.value.retryable
        assert client.send_template("905321112233", "basvuru_yanitlandi", "tr", ["2026-1"])


def test_a_wrong_token_a_server_error_and_an_unreachable_api_are_reported():
    with FakeGraphAPI() as api:
        wrong = whatsapp.CloudAPIClient("wrong-token", api.phone_number_id, api_base=api.api_base)
        with pytest.raises(whatsapp.WhatsAppError) as denied:
            wrong.send_text("905321112233", "x")
        assert denied.value.code == 190 and not denied.value.retryable
        api.fail_next.append((503, {"message": "Service temporarily unavailable", "code": 2}))
        client = whatsapp.CloudAPIClient(
            api.access_token, api.phone_number_id, api_base=api.api_base
        )
        with pytest.raises(whatsapp.WhatsAppError) as busy:
            client.send_text("905321112233", "x")
        assert busy.value.retryable
        base = api.api_base
    gone = whatsapp.CloudAPIClient("t", "1", api_base=base, timeout=1)
    with pytest.raises(whatsapp.WhatsAppError) as unreachable:
        gone.send_text("905321112233", "x")
    assert unreachable.value.retryable


def test_the_customer_service_window_is_24_hours_from_the_last_incoming_message():
    now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    assert whatsapp.within_customer_service_window(now - dt.timedelta(hours=23, minutes=59), now)
    assert not whatsapp.within_customer_service_window(now - dt.timedelta(hours=24), now)
    assert not whatsapp.within_customer_service_window(None, now)
