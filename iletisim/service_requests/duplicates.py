"""Likely duplicates of a request, suggested to the desk, who may merge them."""

from __future__ import annotations

import datetime as dt
import math
import re

from iletisim.lib.turkish import fold
from iletisim.service_requests.models import ServiceRequest
from iletisim.service_requests.router import normalise

NEARBY_METRES = 150
# How addresses name the kind of street, folded ("Sk.", "Sokağı", "Cad.", "Bulvarı" ...).
STREET_KINDS = {
    "sokak": "sokak", "sokagi": "sokak", "sok": "sokak", "sk": "sokak",
    "cadde": "cadde", "caddesi": "cadde", "cad": "cadde", "cd": "cadde",
    "bulvar": "bulvar", "bulvari": "bulvar", "blv": "bulvar",
    "yolu": "yolu", "meydan": "meydan", "meydani": "meydan", "cikmazi": "cikmaz",
}  # fmt: skip


def street_of(address: str) -> str | None:
    """The street an address names ("Lale Sk. No 12" -> "lale sokak"), or None."""
    words = re.findall(r"[a-z0-9]+", fold(address).replace("'", " "))
    for i, word in enumerate(words):
        if word in STREET_KINDS and i > 0 and not words[i - 1].isdigit():
            return f"{words[i - 1]} {STREET_KINDS[word]}"
    return None


def distance_m(a: ServiceRequest, b: ServiceRequest) -> float | None:
    """Metres between two requests' positions (equirectangular: fine at street scale)."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = (
        math.radians(float(v))  # type: ignore[arg-type]
        for v in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    x = (lon2 - lon1) * math.cos((lat1 + lat2) / 2)
    return math.hypot(x, lat2 - lat1) * 6_371_000


def suggest_duplicates(sr: ServiceRequest, limit: int = 5) -> list[ServiceRequest]:
    """Likely duplicates: open, recent (30 days), same category; scored by similar text,
    nearby (150 m), the same street, the same neighbourhood."""
    if sr.category_id is None:
        return []
    since = sr.created_at - dt.timedelta(days=30)
    candidates = (
        ServiceRequest.objects.open()
        .filter(category_id=sr.category_id, created_at__gte=since, duplicate_of__isnull=True)
        .exclude(pk=sr.pk)
        .select_related("neighbourhood")
        .order_by("-created_at")[:200]
    )
    words = set(normalise(sr.description))
    street = street_of(sr.address)
    scored = []
    for other in candidates:
        other_words = set(normalise(other.description))
        overlap = len(words & other_words) / (len(words | other_words) or 1)
        distance = distance_m(sr, other)
        nearby = distance is not None and distance <= NEARBY_METRES
        same_area = bool(sr.neighbourhood_id) and other.neighbourhood_id == sr.neighbourhood_id
        same_street = street is not None and street_of(other.address) == street
        score = overlap + (0.5 if nearby or same_street else 0) + (0.25 if same_area else 0)
        if score >= 0.5:
            scored.append((score, other))
    scored.sort(key=lambda s: -s[0])
    return [other for _score, other in scored[:limit]]
