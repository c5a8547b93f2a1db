"""SMS providers: one module per kind with the same `send(phone, text) -> reference` shape,
listed in REGISTRY; SMS_PROVIDER picks one. `netgsm` is the Turkish
gateway (sms/netgsm.py); `console` writes the message to the log for development.
A provider raises `SMSError` (permanent or not); the sending task records it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from iletisim.lib.sms import console, netgsm
from iletisim.lib.sms.base import SMSError

SendSMS = Callable[[str, str], str]

REGISTRY: dict[str, SendSMS] = {"console": console.send, "netgsm": netgsm.send}

__all__ = ["REGISTRY", "SMSError", "provider_name", "send_sms"]


def provider_name() -> str:
    return str(getattr(settings, "SMS_PROVIDER", "console"))


def send_sms(phone: str, text: str) -> str:
    """Send through the configured provider; return its reference for delivery reports."""
    return REGISTRY[provider_name()](phone, text)
