"""Click tracking for distributions: optional, off by default (`PRESS_CLICK_TRACKING`, KVKK).

When on, each http(s) link of a message's HTML part (the unsubscribe link excepted) points to
`/basin-odasi/t/<token>/`, where the token is the recipient's row id and the original address
signed with the site's key. The redirect goes only where a signed token says: an address
that was not in a message we sent (edited, forged, or of another scheme) is a 404, never a
redirect, so the endpoint cannot serve as an open redirect. A click sets the row's first
click time and counts it. Open tracking (a pixel) is not offered at all.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from iletisim.press.models import Recipient

CLICK_SALT = "press.click"
_HREF = re.compile(r'href="(https?://[^"<>\s]+)"')


def click_token(recipient_id: int, url: str) -> str:
    return signing.dumps([recipient_id, url], salt=CLICK_SALT, compress=True)


class LinkTracker:
    """Rewrites the links of one distribution's messages; made once per worker run."""

    def __init__(self) -> None:
        path = reverse("press_public:click", args=["TOKEN"])
        self.prefix, self.suffix = (settings.SITE_URL + path).split("TOKEN", 1)

    def rewrite(self, body: str, recipient_id: int, keep: str) -> str:
        def swap(match: re.Match[str]) -> str:
            url = html.unescape(match.group(1))
            if url == keep:
                return match.group(0)
            return f'href="{self.prefix}{click_token(recipient_id, url)}{self.suffix}"'

        return _HREF.sub(swap, body)


def resolve(token: str) -> tuple[int, str] | None:
    """The row and the address a click token was signed for, or None."""
    try:
        value = signing.loads(token, salt=CLICK_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    recipient_id, url = value
    if not isinstance(recipient_id, int) or not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in "\r\n"):
        return None
    return recipient_id, url


def record_click(*, recipient_id: int) -> None:
    Recipient.objects.filter(pk=recipient_id).update(
        clicks=F("clicks") + 1, clicked_at=Coalesce(F("clicked_at"), timezone.now())
    )
