"""SMS providers: one module per kind with the same `send(phone, text)` shape, listed in
REGISTRY; SERVICE_REQUESTS_SMS_PROVIDER picks one. The Turkish gateway comes with the
channels issue; `console` writes the message to the log for development.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from iletisim.service_requests.sms import console

SendSMS = Callable[[str, str], None]

REGISTRY: dict[str, SendSMS] = {"console": console.send}


def send_sms(phone: str, text: str) -> None:
    provider = getattr(settings, "SERVICE_REQUESTS_SMS_PROVIDER", "console")
    REGISTRY[provider](phone, text)
