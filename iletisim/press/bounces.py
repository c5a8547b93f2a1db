"""What happens to a message after it left: delivery, bounces, complaints and unsubscribes,
from three sources, all applied by `record_event`.

- Delivery status notifications (DSN, RFC 3464) mailed back to the sender: one at a time with
  `manage.py press_process_bounce < message.eml`, or read from the bounce mailbox over IMAP by
  the `press-bounce-mailbox` job (`poll_bounce_mailbox`, `PRESS_BOUNCE_MAILBOX`).
- An ESP's tracking webhooks through django-anymail (`on_esp_event`, connected to anymail's
  `tracking` signal; the ESP's signature is checked by anymail before it fires).

The row is found by our `press_recipient` metadata (ESPs), else by the original Message-ID,
else by the address in its latest distribution. A permanent failure (DSN 5.x.x, an ESP's
"bounced") marks the row bounced and puts the address on the suppression list; a complaint
("this is spam") and an unsubscribe do the same with their own reasons; "delivered" only
moves a sent row on; temporary failures are only noted.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction

from iletisim.core.audit import log_action
from iletisim.press.contacts import suppress
from iletisim.press.models import Recipient, Suppression

logger = logging.getLogger(__name__)
State = Recipient.State

_ADDRESS = re.compile(r"^\s*(?:rfc822;)?\s*<?([^<>\s]+@[^<>\s]+)>?\s*$", re.IGNORECASE)
MAILBOX_BATCH = 200  # messages read from the bounce mailbox per run

# What each kind of event does: the row's new state (from which states) and the
# suppression reason, if any.
EVENTS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "delivered": (State.DELIVERED, (State.SENT,), None),
    "bounced": (
        State.BOUNCED,
        (State.SENT, State.DELIVERED, State.SENDING),
        Suppression.Reason.HARD_BOUNCE,
    ),
    "complained": (
        State.COMPLAINED,
        (State.SENT, State.DELIVERED, State.BOUNCED),
        Suppression.Reason.COMPLAINT,
    ),
    "unsubscribed": (
        State.UNSUBSCRIBED,
        (State.SENT, State.DELIVERED),
        Suppression.Reason.UNSUBSCRIBED,
    ),
    # The ESP itself refused to send (invalid address, its own block list): failed, but our
    # suppression list is only fed by what a receiving server or the recipient said.
    "rejected": (State.FAILED, (State.SENT,), None),
}
AUDIT = {
    "bounced": "press.recipient.bounced",
    "complained": "press.recipient.complained",
    "unsubscribed": "press.recipient.unsubscribed",
}


@transaction.atomic
def record_event(
    *,
    kind: str,
    email_address: str,
    message_id: str = "",
    recipient_id: int | None = None,
    detail: str = "",
    source: str,
) -> Recipient | None:
    """Apply one event to its row and the suppression list; returns the row, if found."""
    new_state, from_states, reason = EVENTS[kind]
    address = email_address.strip().lower()
    row = _find_row(address, message_id, recipient_id)
    if reason is not None and address:
        suppress(email=address, reason=reason)
    if row is None:
        return None
    moved = Recipient.objects.filter(pk=row.pk, state__in=from_states).update(
        state=new_state, error=f"{source} {detail}".strip()[:500]
    )
    if moved and kind in AUDIT:
        log_action(
            AUDIT[kind],
            target=row.distribution.communication,
            data={
                "distribution": row.distribution_id,
                "recipient": row.pk,
                "source": source,
                "detail": detail[:200],
            },
        )
    return row


def _find_row(address: str, message_id: str, recipient_id: int | None) -> Recipient | None:
    rows = Recipient.objects.select_related("distribution__communication")
    if recipient_id is not None:
        row = rows.filter(pk=recipient_id, email=address).first() if address else None
        row = row or rows.filter(pk=recipient_id).first()
        if row is not None:
            return row
    if message_id:
        row = rows.filter(message_id=message_id).order_by("-id").first()
        if row is not None:
            return row
    return rows.filter(email=address).order_by("-id").first() if address else None


# --- DSN (RFC 3464) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounce:
    email: str
    status: str
    message_id: str

    @property
    def permanent(self) -> bool:
        return self.status.startswith("5")


def parse_dsn(raw: bytes) -> list[Bounce]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = ""
    found: list[tuple[str, str]] = []
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type in ("text/rfc822-headers", "message/rfc822"):
            payload: Any = part.get_payload()
            text = payload[0].as_string() if isinstance(payload, list) else str(payload)
            match = re.search(r"^Message-ID:\s*(<[^>]+>)", text, re.IGNORECASE | re.MULTILINE)
            if match:
                message_id = match.group(1)
        elif content_type == "message/delivery-status":
            status_payload: Any = part.get_payload()
            blocks: list[Any] = status_payload if isinstance(status_payload, list) else []
            for block in blocks:
                recipient = str(
                    block.get("Final-Recipient", "") or block.get("Original-Recipient", "")
                )
                status = str(block.get("Status", ""))
                action = str(block.get("Action", "")).lower()
                address = _ADDRESS.match(
                    recipient.split(";", 1)[-1] if ";" in recipient else recipient
                )
                if address and action in ("failed", "delayed"):
                    found.append((address.group(1).lower(), status.strip()))
    return [Bounce(addr, status, message_id) for addr, status in found]


def process_dsn(raw: bytes) -> list[Bounce]:
    bounces = parse_dsn(raw)
    for bounce in bounces:
        if bounce.permanent:
            record_event(
                kind="bounced",
                email_address=bounce.email,
                message_id=bounce.message_id,
                detail=bounce.status,
                source="DSN",
            )
    return bounces


# --- The bounce mailbox over IMAP -------------------------------------------------------------


def poll_bounce_mailbox(url: str | None = None) -> dict[str, int]:
    """Read the unseen messages of the bounce mailbox (`imaps://user:pass@host/INBOX`), apply
    the DSNs among them and delete those; other mail (auto-replies) is only marked seen for a
    person to read. A DSN applied twice (a crash before the delete) changes nothing more."""
    url = url or settings.PRESS_BOUNCE_MAILBOX
    if not url:
        return {}
    parts = urlsplit(url)
    client_class = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    client = client_class(parts.hostname or "localhost", parts.port or 0, timeout=30)
    done = {"read": 0, "bounces": 0, "other": 0}
    try:
        client.login(unquote(parts.username or ""), unquote(parts.password or ""))
        client.select(unquote(parts.path.strip("/")) or "INBOX")
        _status, data = client.uid("SEARCH", "UNSEEN")
        for raw_uid in (data[0] or b"").split()[:MAILBOX_BATCH]:
            uid = raw_uid.decode("ascii")
            _status, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), b"")
            done["read"] += 1
            try:
                bounces = process_dsn(raw)
            except Exception:  # one unreadable message must not stop the others
                logger.exception("bounce mailbox: message %s could not be read", uid)
                bounces = []
            if bounces:
                done["bounces"] += len(bounces)
                client.uid("STORE", uid, "+FLAGS", r"(\Seen \Deleted)")
            else:
                done["other"] += 1
                client.uid("STORE", uid, "+FLAGS", r"(\Seen)")
        client.expunge()
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return done


# --- ESP webhooks through django-anymail ------------------------------------------------------

ANYMAIL_KINDS = {
    "delivered": "delivered",
    "bounced": "bounced",
    "complained": "complained",
    "unsubscribed": "unsubscribed",
    "rejected": "rejected",
}
# anymail files some temporary failures under "bounced" (Postmark's SoftBounce, "might
# become a HardBounce later"; Amazon SES's Transient bounces, a full mailbox say, and its
# Undetermined ones): those suppress nobody.
SOFT_BOUNCE_TYPES = {"SoftBounce", "Transient", "DnsError"}
SES_SOFT_BOUNCE_TYPES = {"Transient", "Undetermined"}


def _soft(event: Any) -> bool:
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    if esp_event.get("Type") in SOFT_BOUNCE_TYPES:  # Postmark
        return True
    ses_bounce = esp_event.get("bounce")
    if isinstance(ses_bounce, dict) and ses_bounce.get("bounceType") in SES_SOFT_BOUNCE_TYPES:
        return True
    response = str(event.mta_response or "").lstrip()
    return response[:1] == "4"


def on_esp_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """Receiver of anymail's `tracking` signal (the webhook's signature is already checked)."""
    kind = ANYMAIL_KINDS.get(str(event.event_type))
    if kind is None or (kind == "bounced" and _soft(event)):
        return  # queued, deferred, opened, clicked, a soft bounce: nothing to record
    metadata = event.metadata or {}
    raw_id = str(metadata.get("press_recipient", ""))
    record_event(
        kind=kind,
        email_address=event.recipient or "",
        message_id=event.message_id or "",
        recipient_id=int(raw_id) if raw_id.isdigit() else None,
        detail=str(event.description or event.mta_response or "")[:200],
        source=esp_name,
    )
