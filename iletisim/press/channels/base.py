"""What every distribution channel shares: the outcomes of one message and the callback that
marks rows sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iletisim.press.models import Recipient

SENT = "sent"  # accepted by the server; the row is already marked sent
BOUNCED = "bounced"  # refused for good (5xx): the row is bounced, the address suppressed
RETRY = "retry"  # not accepted (yet): the row goes back to the queue
FAILED = "failed"  # cannot be sent at all (an address no server takes)
LOST = "lost"  # the row was taken over by another worker: leave it alone

# Given (row, Message-ID) pairs, marks those rows sent in one write and returns the ids it
# marked (a row no longer "sending" under this worker's claim is not).
MarkSent = Callable[[list[tuple[Recipient, str]]], set[int]]


@dataclass
class Result:
    recipient: Recipient
    outcome: str
    error: str = ""
