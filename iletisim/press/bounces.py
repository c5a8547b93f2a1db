"""Bounces from delivery status notifications (DSN, RFC 3464) mailed back to the sender.

`manage.py press_process_bounce < message.eml` (or a mailbox poller calling
`process_dsn(raw_bytes)`) finds the recipient row by the original Message-ID, else by the
address in its latest distribution. A permanent failure (5.x.x) marks the row bounced and
puts the address on the suppression list; a temporary one (4.x.x) is only noted.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from iletisim.core.audit import log_action
from iletisim.press.contacts import suppress
from iletisim.press.models import Recipient, Suppression

_ADDRESS = re.compile(r"^\s*(?:rfc822;)?\s*<?([^<>\s]+@[^<>\s]+)>?\s*$", re.IGNORECASE)


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


@transaction.atomic
def process_dsn(raw: bytes) -> list[Bounce]:
    bounces = parse_dsn(raw)
    for bounce in bounces:
        rows = Recipient.objects.filter(email=bounce.email)
        if bounce.message_id:
            rows = rows.filter(message_id=bounce.message_id) or rows
        row = rows.select_related("distribution__communication").order_by("-id").first()
        if not bounce.permanent:
            continue
        suppress(email=bounce.email, reason=Suppression.Reason.HARD_BOUNCE)
        if row is not None:
            Recipient.objects.filter(pk=row.pk).update(
                state=Recipient.State.BOUNCED, error=f"DSN {bounce.status}"
            )
            log_action(
                "press.recipient.bounced",
                target=row.distribution.communication,
                data={
                    "distribution": row.distribution_id,
                    "recipient": row.pk,
                    "status": bounce.status,
                },
            )
    return bounces
