"""A local fake of Meta's WhatsApp Cloud API (the only outside party we fake), on loopback.

It speaks the documented shapes: POST /{version}/{phone_number_id}/messages with a bearer
token, answers `{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id"}]}`,
and the documented error object. Recipients in `closed_window` get error 131047 for
free-form messages, as Meta answers outside the 24-hour customer-service window.

`notification(...)` builds a signed webhook body like the ones Meta POSTs to us.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from iletisim.lib.testing.http import LoopbackHTTPServer, Request, Response
from iletisim.lib.whatsapp import sign

VERSION = "v23.0"


@dataclass
class FakeGraphAPI:
    access_token: str = "test-access-token"  # noqa: S105  (a fake for tests)
    phone_number_id: str = "105000000000001"
    closed_window: set[str] = field(default_factory=set)
    sent: list[dict[str, Any]] = field(default_factory=list)
    fail_next: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server = LoopbackHTTPServer()
        self._ids = itertools.count(1)
        self.server.route(
            "POST", f"/{VERSION}/{self.phone_number_id}/messages", handler=self._messages
        )

    @property
    def api_base(self) -> str:
        return self.server.url(f"/{VERSION}")

    def _error(self, status: int, code: int, message: str) -> Response:
        body = {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "fbtrace_id": "Afake",
            }
        }
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _messages(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return self._error(401, 190, "Invalid OAuth access token.")
        try:
            payload = json.loads(request.body)
        except ValueError:
            return self._error(400, 100, "Invalid parameter")
        if (
            payload.get("messaging_product") != "whatsapp"
            or not str(payload.get("to", "")).isdigit()
        ):
            return self._error(400, 100, "Invalid parameter")
        if self.fail_next:
            status, error = self.fail_next.pop(0)
            return (
                status,
                {"Content-Type": "application/json"},
                json.dumps({"error": error}).encode(),
            )
        if payload.get("type") == "text" and payload["to"] in self.closed_window:
            return self._error(400, 131047, "Re-engagement message")
        message_id = f"wamid.FAKE{next(self._ids):08d}"
        self.sent.append({**payload, "id": message_id})
        body = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
            "messages": [{"id": message_id}],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def start(self) -> FakeGraphAPI:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> FakeGraphAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def notification(
    *,
    phone_number_id: str,
    messages: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "902120000000", "phone_number_id": phone_number_id},
    }
    if contacts:
        value["contacts"] = contacts
    if messages:
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA-FAKE", "changes": [{"field": "messages", "value": value}]}],
    }


def text_message(
    sender: str, text: str, message_id: str, *, at: float | None = None
) -> dict[str, Any]:
    return {
        "from": sender,
        "id": message_id,
        "timestamp": str(int(at if at is not None else time.time())),
        "type": "text",
        "text": {"body": text},
    }


def signed(payload: dict[str, Any], app_secret: str) -> tuple[bytes, str]:
    """The raw body and its `X-Hub-Signature-256` header value."""
    raw = json.dumps(payload, ensure_ascii=False).encode()
    return raw, sign(raw, app_secret)
