"""WhatsApp Business Cloud API, the protocol only: webhook checks, payload parsing, sending.

No models here: the request app turns `IncomingMessage`s into requests and calls
`CloudAPIClient` to answer. Meta's documented shapes:

- verification handshake: GET with `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`;
  answer the challenge when the token matches;
- notifications: POST JSON `{"object": "whatsapp_business_account", "entry": [{"changes":
  [{"field": "messages", "value": {"metadata": {"phone_number_id"}, "contacts": [...],
  "messages": [...], "statuses": [...]}}]}]}`, signed with `X-Hub-Signature-256:
  sha256=<hex HMAC-SHA256 of the raw body with the app secret>`;
- sending: POST `{base}/{phone_number_id}/messages` with a bearer token; errors come back as
  `{"error": {"code", "message", ...}}`; code 131047 means the 24-hour customer-service
  window is closed and only an approved template may be sent.

KVKK: messages pass through Meta's servers abroad; callers send no more personal data than
the answer needs (see docs/decisions/0003-whatsapp-and-kvkk.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

DEFAULT_API_BASE = "https://graph.facebook.com/v23.0"
OUTSIDE_WINDOW_CODES = frozenset({131047})
# Meta's throttling and temporary errors are worth a retry; the rest are not.
RETRYABLE_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056})
CUSTOMER_SERVICE_WINDOW = dt.timedelta(hours=24)


class WebhookPayloadError(ValueError):
    """The POST body is not a WhatsApp notification we can read."""


class WhatsAppError(Exception):
    def __init__(self, message: str, *, code: int | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable

    @property
    def outside_window(self) -> bool:
        return self.code in OUTSIDE_WINDOW_CODES


def signature_is_valid(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """Check `X-Hub-Signature-256` in constant time; a missing secret never validates."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def sign(raw_body: bytes, app_secret: str) -> str:
    """The header value Meta would send for this body (for tests and local fakes)."""
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def subscription_challenge(params: Mapping[str, str], verify_token: str) -> str | None:
    """The challenge to echo back, or None when the handshake must be refused."""
    if not verify_token:
        return None
    if params.get("hub.mode") != "subscribe":
        return None
    if not hmac.compare_digest(params.get("hub.verify_token", ""), verify_token):
        return None
    return params.get("hub.challenge") or None


@dataclass(frozen=True)
class IncomingMessage:
    id: str
    phone_number_id: str
    sender: str  # the citizen's WhatsApp id (their number in international form)
    sender_name: str
    sent_at: dt.datetime
    kind: str  # text, image, document, location, audio, video, sticker, unsupported …
    text: str = ""
    media_id: str = ""
    mime_type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    context_id: str = ""  # the message this one replies to, if any


@dataclass(frozen=True)
class StatusUpdate:
    message_id: str
    phone_number_id: str
    status: str  # sent, delivered, read, failed
    recipient: str
    at: dt.datetime
    error_code: int | None = None
    error_title: str = ""


@dataclass
class Notification:
    messages: list[IncomingMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)


def _timestamp(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise WebhookPayloadError(f"bad timestamp {value!r}") from None


def _message(
    raw: Mapping[str, Any], phone_number_id: str, names: dict[str, str]
) -> IncomingMessage:
    kind = str(raw.get("type") or "unsupported")
    found = raw.get(kind)
    body: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    location = raw.get("location") if kind == "location" else None
    sender = str(raw.get("from") or "")
    if not raw.get("id") or not sender.isdigit():
        raise WebhookPayloadError("a message needs an id and a numeric sender")
    found_context = raw.get("context")
    context: Mapping[str, Any] = found_context if isinstance(found_context, Mapping) else {}
    return IncomingMessage(
        id=str(raw["id"]),
        phone_number_id=phone_number_id,
        sender=sender,
        sender_name=names.get(sender, ""),
        sent_at=_timestamp(raw.get("timestamp")),
        kind=kind,
        text=str(body.get("body") or body.get("caption") or "") if kind != "location" else "",
        media_id=str(body.get("id") or "")
        if kind in {"image", "document", "audio", "video", "sticker"}
        else "",
        mime_type=str(body.get("mime_type") or ""),
        latitude=float(location["latitude"])
        if isinstance(location, Mapping) and "latitude" in location
        else None,
        longitude=float(location["longitude"])
        if isinstance(location, Mapping) and "longitude" in location
        else None,
        context_id=str(context.get("id") or ""),
    )


def _status(raw: Mapping[str, Any], phone_number_id: str) -> StatusUpdate:
    errors = raw.get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], Mapping) else {}
    if not raw.get("id") or not raw.get("status"):
        raise WebhookPayloadError("a status needs an id and a status")
    return StatusUpdate(
        message_id=str(raw["id"]),
        phone_number_id=phone_number_id,
        status=str(raw["status"]),
        recipient=str(raw.get("recipient_id") or ""),
        at=_timestamp(raw.get("timestamp")),
        error_code=int(first["code"]) if "code" in first else None,
        error_title=str(first.get("title") or first.get("message") or ""),
    )


def parse_notification(payload: Any) -> Notification:
    """Read a webhook body (already JSON-decoded) into messages and status updates."""
    if not isinstance(payload, Mapping) or payload.get("object") != "whatsapp_business_account":
        raise WebhookPayloadError("not a whatsapp_business_account notification")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise WebhookPayloadError("entry must be a list")
    result = Notification()
    for entry in entries:
        for change in (entry or {}).get("changes") or []:
            if not isinstance(change, Mapping) or change.get("field") != "messages":
                continue
            value = change.get("value")
            if not isinstance(value, Mapping):
                raise WebhookPayloadError("a change needs a value object")
            phone_number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
            if not phone_number_id:
                raise WebhookPayloadError("metadata.phone_number_id is missing")
            names = {
                str(c.get("wa_id")): str((c.get("profile") or {}).get("name") or "")
                for c in value.get("contacts") or []
                if isinstance(c, Mapping)
            }
            result.messages += [
                _message(m, phone_number_id, names) for m in value.get("messages") or []
            ]
            result.statuses += [_status(s, phone_number_id) for s in value.get("statuses") or []]
    return result


def within_customer_service_window(last_incoming: dt.datetime | None, now: dt.datetime) -> bool:
    """Free-form replies are allowed for 24 hours after the citizen's last message."""
    return last_incoming is not None and now - last_incoming < CUSTOMER_SERVICE_WINDOW


@dataclass
class CloudAPIClient:
    access_token: str
    phone_number_id: str
    api_base: str = DEFAULT_API_BASE
    timeout: float = 10.0
    transport: httpx.BaseTransport | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> CloudAPIClient | None:
        """The client for WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID and
        WHATSAPP_API_BASE of a settings object; None when the first two are not set."""
        token = str(getattr(settings, "WHATSAPP_ACCESS_TOKEN", "") or "")
        number_id = str(getattr(settings, "WHATSAPP_PHONE_NUMBER_ID", "") or "")
        if not token or not number_id:
            return None
        base = str(getattr(settings, "WHATSAPP_API_BASE", "") or DEFAULT_API_BASE)
        return cls(access_token=token, phone_number_id=number_id, api_base=base)

    def _post(self, payload: dict[str, Any]) -> str:
        url = f"{self.api_base.rstrip('/')}/{self.phone_number_id}/messages"
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(
                    url, json=payload, headers={"Authorization": f"Bearer {self.access_token}"}
                )
        except httpx.HTTPError as exc:
            raise WhatsAppError(
                f"cannot reach the WhatsApp API: {exc.__class__.__name__}", retryable=True
            ) from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 400 or "error" in body:
            error = body.get("error") if isinstance(body.get("error"), Mapping) else {}
            code = error.get("code")
            code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
            retryable = (
                response.status_code >= 500
                or response.status_code == 429
                or code in RETRYABLE_CODES
            )
            raise WhatsAppError(
                str(error.get("message") or f"HTTP {response.status_code}"),
                code=code,
                retryable=retryable,
            )
        try:
            return str(body["messages"][0]["id"])
        except (KeyError, IndexError, TypeError):
            raise WhatsAppError("the WhatsApp API answered without a message id") from None

    def send_text(self, to: str, text: str) -> str:
        """Send a free-form text (only inside the 24-hour window); returns the message id."""
        return self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "text",
                "text": {"body": text[:4096], "preview_url": False},
            }
        )

    def send_template(self, to: str, name: str, language: str, parameters: list[str]) -> str:
        """Send an approved template message (allowed outside the window)."""
        return self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {
                    "name": name,
                    "language": {"code": language},
                    "components": [
                        {
                            "type": "body",
                            "parameters": [{"type": "text", "text": p} for p in parameters],
                        }
                    ],
                },
            }
        )
