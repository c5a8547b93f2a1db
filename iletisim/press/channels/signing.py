"""DKIM signing of the press office's outgoing mail, when configured.

`PRESS_DKIM_KEY_FILE` (a PEM RSA private key), `PRESS_DKIM_SELECTOR` and
`PRESS_DKIM_DOMAIN` (default: the domain of `PRESS_FROM_EMAIL`); the public key is published
by the municipality's DNS at `<selector>._domainkey.<domain>`. The signature covers the
headers a receiver shows or acts on, the unsubscribe headers included (RFC 8058 asks for
them to be signed), and the body (relaxed canonicalisation, which survives re-wrapping).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dkim
from django.conf import settings

SIGNED_HEADERS = [
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"mime-version",
    b"content-type",
    b"list-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
]


def signer() -> Callable[[bytes], bytes] | None:
    """A function that returns the message with its DKIM-Signature header in front, or None
    when DKIM is not configured."""
    path = settings.PRESS_DKIM_KEY_FILE
    if not path:
        return None
    key = Path(path).read_bytes()
    selector = settings.PRESS_DKIM_SELECTOR.encode("ascii")
    domain = settings.PRESS_DKIM_DOMAIN.encode("ascii")

    def sign(message: bytes) -> bytes:
        header = dkim.sign(
            message,
            selector,
            domain,
            key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=SIGNED_HEADERS,
            linesep=b"\r\n",
        )
        return header + message

    return sign
