"""How a distribution's messages leave: one module per kind of channel, the same shape
(`send(recipients) -> [Result]`, `close()`, `unreachable`), listed in REGISTRY.

- `smtp`: SMTP servers of a pool, several connections each, the "sent" mark written before
  the final dot (see smtp.py for the crash semantics);
- `backend`: any other Django mail backend, e.g. an ESP through django-anymail.

`pool.py` holds the pools, the rate limits shared by all workers and failover; `signing.py`
DKIM.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from iletisim.press.channels import pool
from iletisim.press.channels.backend import BackendChannel
from iletisim.press.channels.base import MarkSent
from iletisim.press.channels.smtp import SMTPChannel

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

REGISTRY: dict[str, type[SMTPChannel] | type[BackendChannel]] = {
    "smtp": SMTPChannel,
    "backend": BackendChannel,
}


def kind_of(mailer: str) -> str:
    aliases = pool.servers(mailer)
    backends = {settings.MAILERS[a].get("BACKEND", SMTP_BACKEND) for a in aliases}
    return "smtp" if backends == {SMTP_BACKEND} else "backend"


def open_channel(mailer: str, template: Any, mark_sent: MarkSent) -> SMTPChannel | BackendChannel:
    return REGISTRY[kind_of(mailer)](pool.servers(mailer), template, mark_sent)
