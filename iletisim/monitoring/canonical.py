"""Canonical article addresses: one URL per article, whatever tracking or mobile dress it wears.

canonical_url("https://m.example.com.tr/amp/haber/1?utm_source=x&id=3#top")
-> "https://www.example.com.tr/haber/1?id=3"   (with `www` only if the input had it)
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "ref_url",
        "cmpid", "from", "share", "s_cid", "_ga", "ito", "ns_source", "ns_mchannel",
        "ns_campaign", "amp", "outputtype", "spref", "xtor", "rss",
    }
)  # fmt: skip
MOBILE_PREFIXES = ("m.", "mobile.", "mobil.", "amp.")


def canonical_url(url: str) -> str:
    """Strip tracking parameters, fragments, AMP and mobile dress; lower-case the host."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s.lower() not in {"amp"}]
    path = "/".join(segments) or "/"
    if path.endswith(".amp"):
        path = path[: -len(".amp")]
    if path.endswith("/amp.html"):
        path = path[: -len("/amp.html")] + "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return urlunsplit((scheme, host, path, urlencode(query), ""))
