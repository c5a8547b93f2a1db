"""Netgsm, a Turkish SMS gateway, from its public HTTP API (GET style).

Sending: `GET {base}/sms/send/get?usercode=&password=&gsmno=&message=&msgheader=&dil=TR`.
The body is plain text: `00 <jobid>` (also `01`/`02 <jobid>`: accepted, the start date was
corrected) means accepted; otherwise a code alone:

    20  the message text is wrong or longer than allowed
    30  wrong user code or password, or no API access (or the IP is not allowed)
    40  the sender name (msgheader) is not defined for the account
    50  the account cannot send İYS-controlled messages this way
    51  no İYS brand code for the account
    70  a parameter is wrong or missing
    80  the sending limit is passed
    85  the same number was sent to too many times within a minute
    100, 101  a system error at Netgsm

Delivery reports: `GET {base}/sms/report?usercode=&password=&bulkid=<jobid>&type=0`, one
line per number `"<gsmno> <status>"` (0 waiting, 1 delivered, 2 timed out, 3 wrong number,
4 not sent to the operator, 11 refused by the operator, 12 sending error, 13 duplicate,
103 failed) or a code alone (30 credentials, 60 no such job, 70 wrong parameters, 100/101).

Turkish characters: `dil=TR` asks Netgsm to send them with the Turkish national language
table (ç, ğ, ı, ş, Ğ, İ, Ş): a part then holds 155 characters, 150 when split. Text without
them is plain GSM 7-bit (160, 153 per part). Characters neither table has (emoji, other
alphabets) are replaced, so a message never silently falls back to 70-character parts.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import httpx
from django.conf import settings

from iletisim.lib.sms.base import SMSError

DEFAULT_BASE = "https://api.netgsm.com.tr"
MAX_PARTS = 6

# GSM 03.38 basic table (+ the escaped extension characters, which take two septets).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")
TURKISH_EXTRA = set("çğışĞİŞ")

SEND_ERRORS = {
    "20": "message text wrong or too long",
    "30": "wrong credentials or no API access",
    "40": "sender name (msgheader) not defined",
    "50": "İYS-controlled sending not allowed",
    "51": "no İYS brand code",
    "70": "wrong or missing parameter",
    "80": "sending limit passed",
    "85": "too many messages to the same number",
    "100": "Netgsm system error",
    "101": "Netgsm system error",
}
# Worth another try later; the rest need someone to fix the account or the message.
RETRYABLE = frozenset({"80", "85", "100", "101"})
DELIVERY_STATUS = {
    "0": "waiting",
    "1": "delivered",
    "2": "expired",
    "3": "wrong_number",
    "4": "not_sent",
    "11": "refused",
    "12": "failed",
    "13": "duplicate",
    "103": "failed",
}
FINAL_STATUSES = frozenset(set(DELIVERY_STATUS.values()) - {"waiting"})


@dataclass(frozen=True)
class Segments:
    turkish: bool
    parts: int
    length: int


def clean_text(text: str) -> str:
    """Keep what GSM 7-bit with the Turkish table can carry; replace the rest."""
    out = []
    for char in text:
        if char in GSM_BASIC or char in GSM_EXTENDED or char in TURKISH_EXTRA:
            out.append(char)
            continue
        if char in "\t\u00a0":
            out.append(" ")
            continue
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(plain if plain and all(c in GSM_BASIC for c in plain) else "?")
    return "".join(out)


def segments(text: str) -> Segments:
    """How many SMS parts Netgsm will bill for this (already cleaned) text."""
    turkish = any(c in TURKISH_EXTRA for c in text)
    length = sum(2 if c in GSM_EXTENDED else 1 for c in text)
    single, multi = (155, 150) if turkish else (160, 153)
    parts = 1 if length <= single else math.ceil(length / multi)
    return Segments(turkish=turkish, parts=parts, length=length)


def fit(text: str) -> str:
    """Clean the text and cut it to MAX_PARTS parts, ending in "..." when cut."""
    text = clean_text(text)
    limit = MAX_PARTS * (150 if segments(text).turkish else 153)
    if segments(text).length <= limit:
        return text
    text = text[:limit]
    while segments(text + "...").length > limit:
        text = text[:-1]
    return text + "..."


def normalise_number(phone: str) -> str:
    """Netgsm takes 5XXXXXXXXX (or 905XXXXXXXXX); we send the 10-digit form."""
    digits = "".join(c for c in phone if c.isdigit())
    if digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    if digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    if len(digits) != 10 or not digits.startswith("5"):
        raise SMSError(f"not a Turkish mobile number: {phone!r}", permanent=True)
    return digits


def _config() -> dict[str, str]:
    return {
        "base": str(getattr(settings, "NETGSM_API_BASE", DEFAULT_BASE)).rstrip("/"),
        "usercode": str(getattr(settings, "NETGSM_USERCODE", "")),
        "password": str(getattr(settings, "NETGSM_PASSWORD", "")),
        "msgheader": str(getattr(settings, "NETGSM_MSGHEADER", "")),
        "timeout": str(getattr(settings, "NETGSM_TIMEOUT_SECONDS", 10)),
    }


def _get(path: str, params: dict[str, str]) -> str:
    config = _config()
    try:
        response = httpx.get(config["base"] + path, params=params, timeout=float(config["timeout"]))
    except httpx.TimeoutException:
        raise SMSError("Netgsm did not answer in time") from None
    except httpx.HTTPError as exc:
        raise SMSError(f"Netgsm unreachable: {exc.__class__.__name__}") from None
    if response.status_code != 200:
        raise SMSError(f"Netgsm answered HTTP {response.status_code}")
    return response.text.strip()


def send(phone: str, text: str) -> str:
    """Send one SMS; return Netgsm's job id. Raises SMSError (permanent or not)."""
    config = _config()
    if not (config["usercode"] and config["password"] and config["msgheader"]):
        raise SMSError(
            "Netgsm is not configured (NETGSM_USERCODE/PASSWORD/MSGHEADER)", permanent=True
        )
    message = fit(text)
    params = {
        "usercode": config["usercode"],
        "password": config["password"],
        "gsmno": normalise_number(phone),
        "message": message,
        "msgheader": config["msgheader"],
    }
    if segments(message).turkish:
        params["dil"] = "TR"
    body = _get("/sms/send/get", params)
    code, _, job = body.partition(" ")
    if code in ("00", "01", "02") and job.strip():
        return job.strip()
    reason = SEND_ERRORS.get(code, "unexpected answer")
    raise SMSError(f"Netgsm {code}: {reason}", permanent=code not in RETRYABLE)


def delivery_report(job_id: str) -> dict[str, str]:
    """{number: status} for one job; statuses are DELIVERY_STATUS's values."""
    config = _config()
    body = _get(
        "/sms/report",
        {
            "usercode": config["usercode"],
            "password": config["password"],
            "bulkid": job_id,
            "type": "0",
        },
    )
    lines = [line.split() for line in body.splitlines() if line.strip()]
    if len(lines) == 1 and len(lines[0]) == 1:
        code = lines[0][0]
        if code == "60":
            return {}
        raise SMSError(f"Netgsm report {code}: {SEND_ERRORS.get(code, 'unexpected answer')}")
    return {
        parts[0]: DELIVERY_STATUS.get(parts[1], "unknown") for parts in lines if len(parts) >= 2
    }
