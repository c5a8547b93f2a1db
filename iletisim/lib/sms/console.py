"""The development SMS provider: writes each message to the log instead of sending it."""

from __future__ import annotations

import logging

logger = logging.getLogger("iletisim.sms")
OUTBOX: list[tuple[str, str]] = []  # the last messages, for the developer's shell


def send(phone: str, text: str) -> str:
    logger.info("SMS to %s: %s", phone, text)
    OUTBOX.append((phone, text))
    del OUTBOX[:-100]
    return ""
