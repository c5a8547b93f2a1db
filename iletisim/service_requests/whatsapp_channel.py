"""The WhatsApp channel of citizen requests, over the protocol layer iletisim.lib.whatsapp.

Incoming: the webhook (whatsapp_views.py) checks the signature and enqueues
`process_notification`; each message is handled once (WhatsAppMessage.wamid is unique). A
new conversation's text, photo or location becomes a request (channel WhatsApp, keep-informed
by WhatsApp); while that request is open, later messages join it.

Outgoing: the citizen's notifications (Notification.Channel.WHATSAPP) are sent by the usual
task: inside the 24-hour window a short text, outside it the approved template. Following
docs/decisions/0003-whatsapp-and-kvkk.md only the tracking number, a status word and the
secret link go over WhatsApp, never the answer text; the first reply says that WhatsApp is
run by Meta abroad and names the other channels.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iletisim.lib import whatsapp as wa
from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    Channel,
    Notification,
    RequestType,
    ServiceRequest,
    WhatsAppMessage,
)
from iletisim.service_requests.uploads import CleanFile, clean_bytes, max_upload_bytes

logger = logging.getLogger("iletisim.whatsapp")
MEDIA_KINDS = {"image", "document"}


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, default) or default)


def our_phone_number_id() -> str:
    return _setting("WHATSAPP_PHONE_NUMBER_ID")


def client() -> wa.CloudAPIClient:
    return wa.CloudAPIClient.from_settings(settings) or wa.CloudAPIClient(
        access_token=_setting("WHATSAPP_ACCESS_TOKEN"), phone_number_id=our_phone_number_id()
    )


# --- incoming ---------------------------------------------------------------------------------


def ours(notification: wa.Notification) -> wa.Notification:
    """Keep what was sent to our number; log and drop the rest."""
    mine = our_phone_number_id()
    kept = wa.Notification(
        messages=[m for m in notification.messages if m.phone_number_id == mine],
        statuses=[s for s in notification.statuses if s.phone_number_id == mine],
    )
    dropped = len(notification.messages) + len(notification.statuses)
    dropped -= len(kept.messages) + len(kept.statuses)
    if dropped:
        logger.warning("WhatsApp: ignored %s item(s) for another phone_number_id", dropped)
    return kept


@task()
def process_notification(payload: dict[str, Any]) -> str:
    try:
        notification = ours(wa.parse_notification(payload))
    except wa.WebhookPayloadError as exc:
        logger.warning("WhatsApp: unreadable notification: %s", exc)
        return "unreadable"
    results = [handle_message(m) for m in notification.messages]
    results += [handle_status(s) for s in notification.statuses]
    return ",".join(results) or "empty"


def fetch_media(media_id: str) -> tuple[bytes, str]:
    """Meta's two steps: GET /{media_id} gives a short-lived URL, GET that URL (with the
    token) gives the bytes. Size-limited while reading."""
    token = _setting("WHATSAPP_ACCESS_TOKEN")
    base = _setting("WHATSAPP_API_BASE", wa.DEFAULT_API_BASE).rstrip("/")
    headers = {"Authorization": f"Bearer {token}"}
    limit = max_upload_bytes()
    with httpx.Client(timeout=15, headers=headers) as http:
        meta = http.get(f"{base}/{media_id}")
        meta.raise_for_status()
        info = meta.json()
        with http.stream("GET", str(info["url"])) as response:
            response.raise_for_status()
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise ValidationError(_("The file is larger than the limit."))
    return data, str(info.get("mime_type") or "")


def _media(message: wa.IncomingMessage) -> tuple[list[CleanFile], str]:
    """The message's photo or PDF through the upload checks, or a note why not."""
    if message.kind not in MEDIA_KINDS or not message.media_id:
        return [], ""
    try:
        data, _mime = fetch_media(message.media_id)
        return [clean_bytes(f"whatsapp-{message.kind}", data)], ""
    except ValidationError as exc:
        return [], " ".join(exc.messages)
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        logger.warning("WhatsApp: media %s not fetched: %s", message.media_id, exc)
        return [], _("The attachment could not be fetched from WhatsApp.")


def _description(message: wa.IncomingMessage, problem: str) -> str:
    parts = [message.text.strip()]
    if message.kind == "location":
        parts.append(_("[Location shared over WhatsApp]"))
    elif message.kind in MEDIA_KINDS and not message.text.strip():
        parts.append(_("[Photo or document sent over WhatsApp]"))
    elif message.kind not in {"text", "location", *MEDIA_KINDS}:
        parts.append(_("[A %(kind)s message that cannot be shown here]") % {"kind": message.kind})
    if problem:
        parts.append(f"({problem})")
    return " ".join(p for p in parts if p)


def handle_message(message: wa.IncomingMessage) -> str:
    if WhatsAppMessage.objects.filter(wamid=message.id).exists():
        return "duplicate"
    files, problem = _media(message)  # outside the transaction: a network call
    with translation.override(settings.LANGUAGE_CODE):
        description = _description(message, problem)
    try:
        with transaction.atomic():
            record = WhatsAppMessage.objects.create(
                wamid=message.id,
                direction=WhatsAppMessage.Direction.IN,
                wa_id=message.sender,
                kind=message.kind,
                at=message.sent_at,
            )
            open_request = (
                ServiceRequest.objects.open()
                .filter(channel=Channel.WHATSAPP, citizen_phone=message.sender)
                .order_by("-created_at")
                .first()
            )
            if open_request is None:
                sr = actions.submit_request(
                    type=RequestType.COMPLAINT,
                    description=description,
                    channel=Channel.WHATSAPP,
                    latitude=_coordinate(message.latitude),
                    longitude=_coordinate(message.longitude),
                    citizen_name=message.sender_name[:150],
                    citizen_phone=message.sender,
                    notify_by="whatsapp",
                    files=files,
                    submission_key=f"whatsapp:{message.id}",
                )
                outcome = "created"
            else:
                sr = actions.add_citizen_message(
                    sr=open_request, text=description, files=files, channel=Channel.WHATSAPP
                )
                outcome = "attached"
            record.request = sr
            record.save(update_fields=["request"])
    except IntegrityError:
        return "duplicate"  # the same message processed at the same moment elsewhere
    return outcome


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def handle_status(update: wa.StatusUpdate) -> str:
    """sent / delivered / read / failed for a message we sent."""
    error = f"{update.error_code} {update.error_title}".strip() if update.error_code else ""
    found = WhatsAppMessage.objects.filter(wamid=update.message_id).update(
        status=update.status[:16], status_at=update.at, error=error[:200]
    )
    Notification.objects.filter(provider_ref=update.message_id).update(
        delivery_status=update.status[:16], delivery_checked_at=timezone.now()
    )
    return f"status:{update.status}" if found else "status:unknown"


# --- outgoing ---------------------------------------------------------------------------------


def last_incoming(wa_id: str) -> Any:
    return (
        WhatsAppMessage.objects.filter(wa_id=wa_id, direction=WhatsAppMessage.Direction.IN)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


def status_text(sr: ServiceRequest, event: str, url: str) -> str:
    number = sr.tracking_number
    if event == Notification.Event.RECEIVED:
        return (
            _(
                "Your request has been received. Tracking number: %(number)s. "
                "Follow it here: %(url)s"
            )
            % {"number": number, "url": url}
            + "\n\n"
            + _(
                "Note: WhatsApp is run by Meta on servers abroad. You can also reach us "
                "through the form on our website, by phone (153) or by e-mail."
            )
        )
    return _("The status of your request %(number)s: %(status)s. Details: %(url)s") % {
        "number": number,
        "status": sr.get_status_display(),
        "url": url,
    }


def deliver(note: Notification, url: str) -> str:
    """Send one notification over WhatsApp; returns Meta's message id."""
    sr = note.request
    api = client()
    if wa.within_customer_service_window(last_incoming(note.recipient), timezone.now()):
        try:
            wamid = api.send_text(note.recipient, status_text(sr, note.event, url))
        except wa.WhatsAppError as exc:
            if not exc.outside_window:
                raise
            wamid = _template(api, note, sr)
    else:
        wamid = _template(api, note, sr)
    return wamid


def record_outgoing(note: Notification, wamid: str) -> None:
    """Keep Meta's id of a sent message, for its status callbacks. Written with the
    notification's "sent" mark (tasks.send_notification), after Meta accepted it."""
    if not wamid or wamid.startswith("sms:"):
        return
    WhatsAppMessage.objects.get_or_create(
        wamid=wamid,
        defaults={
            "direction": WhatsAppMessage.Direction.OUT,
            "wa_id": note.recipient,
            "request_id": note.request_id,
            "kind": "text",
            "status": "accepted",
        },
    )


def _template(api: wa.CloudAPIClient, note: Notification, sr: ServiceRequest) -> str:
    """Outside the 24-hour window: the approved template, with the number and a status word.
    When Meta refuses the template for good (not approved, paused), the same short status
    goes by SMS instead; the reference is then "sms:<provider reference>"."""
    try:
        return api.send_template(
            note.recipient,
            _setting("WHATSAPP_TEMPLATE_NAME", "basvuru_durumu"),
            "tr" if note.language != "en" else "en",
            [sr.tracking_number, str(sr.get_status_display())],
        )
    except wa.WhatsAppError as exc:
        if exc.retryable or not getattr(settings, "WHATSAPP_SMS_FALLBACK", True):
            raise
        from iletisim.lib.sms import send_sms
        from iletisim.service_requests.notify import tracking_url

        logger.warning("WhatsApp template refused (%s); sending by SMS", exc.code)
        text = _("The status of your request %(number)s: %(status)s. Details: %(url)s") % {
            "number": sr.tracking_number,
            "status": sr.get_status_display(),
            "url": tracking_url(sr),
        }
        return "sms:" + send_sms("+" + note.recipient, text)
