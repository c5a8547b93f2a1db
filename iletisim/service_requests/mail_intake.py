"""E-mail intake: poll an IMAP mailbox (e.g. halkla.iliskiler@…) and turn new mails into
requests, or attach them to the request whose tracking number is in the subject.

- No double import: the highest UID seen per mailbox (with its UIDVALIDITY) is kept in
  `MailboxState`, and every mail's Message-ID (or a hash of the mail when it has none) in
  `InboundMail`, which also says what became of it.
- Bounces and auto-replies are recorded and skipped: `Auto-Submitted` other than "no",
  `Precedence: bulk/junk/list/auto_reply`, `X-Autoreply`/`X-Autorespond`, delivery status
  notifications (`multipart/report`, `message/delivery-status`), mail from MAILER-DAEMON.
- Attachments go through the same upload checks as the web form; refused ones are named on
  the request. A mail larger than SERVICE_REQUESTS_IMAP_MAX_MAIL_MB is not downloaded, and a
  mail that cannot be read is recorded as failed: one bad mail never stops the others.
- A reply is attached only when it comes from the request's own e-mail address; otherwise
  it becomes a new request (knowing a tracking number is not enough to write into one).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from iletisim.lib.turkish import as_browsers_read
from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    Channel,
    InboundMail,
    MailboxState,
    RequestType,
    ServiceRequest,
)
from iletisim.service_requests.uploads import MAX_FILES, CleanFile, clean_bytes

logger = logging.getLogger("iletisim.mail_intake")
TRACKING_RE = re.compile(r"\b(\d{4}-\d{6})\b")
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
MAX_TEXT = 10_000


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    security: str  # ssl, starttls, none
    folder: str
    max_mail_bytes: int

    @property
    def key(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"[:200]


def config_from_settings() -> MailboxConfig | None:
    host = str(getattr(settings, "SERVICE_REQUESTS_IMAP_HOST", ""))
    if not host:
        return None
    return MailboxConfig(
        host=host,
        port=int(getattr(settings, "SERVICE_REQUESTS_IMAP_PORT", 993)),
        user=str(getattr(settings, "SERVICE_REQUESTS_IMAP_USER", "")),
        password=str(getattr(settings, "SERVICE_REQUESTS_IMAP_PASSWORD", "")),
        security=str(getattr(settings, "SERVICE_REQUESTS_IMAP_SECURITY", "ssl")),
        folder=str(getattr(settings, "SERVICE_REQUESTS_IMAP_FOLDER", "INBOX")),
        max_mail_bytes=int(getattr(settings, "SERVICE_REQUESTS_IMAP_MAX_MAIL_MB", 25)) << 20,
    )


def _connect(config: MailboxConfig) -> imaplib.IMAP4:
    if config.security == "ssl":
        client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            config.host, config.port, ssl_context=ssl.create_default_context(), timeout=30
        )
    else:
        client = imaplib.IMAP4(config.host, config.port, timeout=30)
        if config.security == "starttls":
            client.starttls(ssl.create_default_context())
    client.login(config.user, config.password)
    return client


@dataclass
class PollResult:
    created: int = 0
    attached: int = 0
    skipped: int = 0
    failed: int = 0

    def count(self, outcome: str) -> None:
        name = {"duplicate": "skipped", "auto": "skipped"}.get(outcome, outcome)
        setattr(self, name, getattr(self, name) + 1)


def poll(config: MailboxConfig | None = None) -> PollResult:
    """Fetch and import every mail that arrived since the last poll."""
    config = config or config_from_settings()
    result = PollResult()
    if config is None:
        return result
    client = _connect(config)
    try:
        status, _data = client.select(_quote(config.folder), readonly=True)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {config.folder}")
        uidvalidity = int((client.response("UIDVALIDITY")[1] or [b"0"])[0] or 0)
        state, _ = MailboxState.objects.get_or_create(mailbox=config.key)
        if state.uidvalidity != uidvalidity:
            # The server renumbered the folder: start over; Message-IDs prevent doubles.
            state.uidvalidity, state.last_uid = uidvalidity, 0
            state.save()
        status, data = client.uid("SEARCH", f"UID {state.last_uid + 1}:*")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > state.last_uid)
        for uid in uids:
            outcome = _import_one(client, config, uid, uidvalidity)
            result.count(outcome)
            MailboxState.objects.filter(pk=state.pk).update(last_uid=uid)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return result


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _import_one(client: imaplib.IMAP4, config: MailboxConfig, uid: int, uidvalidity: int) -> str:
    where = {"mailbox": config.key, "uid": uid, "uidvalidity": uidvalidity}
    status, data = client.uid("FETCH", str(uid), "(RFC822.SIZE)")
    match = re.search(rb"RFC822\.SIZE (\d+)", data[0] if data and data[0] else b"")
    size = int(match.group(1)) if match else 0
    if size > config.max_mail_bytes:
        return _record(
            f"uid:{config.key}:{uidvalidity}:{uid}",
            "failed",
            f"mail of {size} bytes is over the limit; not downloaded",
            **where,
        )
    status, data = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
    raw = next((part[1] for part in data if isinstance(part, tuple)), None)
    if status != "OK" or raw is None:
        return _record(f"uid:{config.key}:{uidvalidity}:{uid}", "failed", "not fetched", **where)
    try:
        return import_message(raw, **where)
    except Exception as exc:  # a mail we cannot read must not stop the mailbox
        logger.exception("mail uid %s could not be imported", uid)
        key = "sha:" + hashlib.sha256(raw).hexdigest()
        return _record(key, "failed", f"{exc.__class__.__name__}: {exc}"[:300], **where)


def _record(key: str, outcome: str, detail: str = "", **fields: Any) -> str:
    _obj, created = InboundMail.objects.get_or_create(
        message_key=key[:255], defaults={"outcome": outcome, "detail": detail[:300], **fields}
    )
    return outcome if created else "duplicate"


def is_automatic(msg: EmailMessage) -> str:
    """Why this mail is a bounce or an auto-reply, or "" for a person's mail."""
    auto = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = str(msg.get("Precedence", "")).strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    for header in ("X-Autoreply", "X-Autorespond"):
        if header in msg:
            return header
    if msg.get_content_type() == "multipart/report":
        return "multipart/report"
    for part in msg.walk():
        if part.get_content_type() in (
            "message/delivery-status",
            "message/disposition-notification",
        ):
            return part.get_content_type()
    sender = parseaddr(str(msg.get("From", "")))[1].lower()
    if sender.startswith(("mailer-daemon@", "postmaster@")) or msg.get("Return-Path") == "<>":
        return "bounce sender"
    return ""


def _text(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = None
    windows = as_browsers_read(body.get_content_charset() or "")
    if windows:  # an ISO 8859-9 mail from Outlook writes ’ with windows-1254's byte
        payload = body.get_payload(decode=True)
        with contextlib.suppress(UnicodeDecodeError):
            content = payload.decode(windows) if isinstance(payload, bytes) else None
    if content is None:
        try:
            content = body.get_content()
        except (LookupError, ValueError, AssertionError):
            payload = body.get_payload(decode=True) or b""
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if body.get_content_type() == "text/html":
        content = strip_tags(content)
    # Quoted earlier mails are not the citizen's new words.
    lines = [line for line in str(content).splitlines() if not line.startswith(">")]
    return "\n".join(lines).strip()[:MAX_TEXT]


def _attachments(msg: EmailMessage) -> tuple[list[CleanFile], list[str]]:
    files: list[CleanFile] = []
    problems: list[str] = []
    for part in msg.iter_attachments():
        name = part.get_filename() or "ek"
        try:
            data = part.get_payload(decode=True)
        except Exception:
            data = None
        if not isinstance(data, bytes) or not data:
            problems.append(_("%(name)s could not be read.") % {"name": name})
            continue
        if len(files) >= MAX_FILES:
            problems.append(_("%(name)s: too many attachments.") % {"name": name})
            continue
        try:
            files.append(clean_bytes(name, data))
        except ValidationError as exc:
            problems.append(" ".join(exc.messages))
    return files, problems


def _message_key(msg: EmailMessage, raw: bytes) -> str:
    message_id = str(msg.get("Message-ID", "") or "").strip()
    if message_id:
        return "mid:" + hashlib.sha256(message_id.encode()).hexdigest()
    return "sha:" + hashlib.sha256(raw).hexdigest()


def import_message(raw: bytes, **where: Any) -> str:
    """Import one raw mail; returns created, attached, auto, duplicate or failed."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    key = _message_key(msg, raw)
    if InboundMail.objects.filter(message_key=key).exists():
        return "duplicate"
    reason = is_automatic(msg)
    if reason:
        return _record(key, "auto", reason, **where)
    name, address = parseaddr(str(msg.get("From", "")))
    if "@" not in address:
        return _record(key, "failed", "no sender address", **where)
    subject = " ".join(str(msg.get("Subject", "")).split())[:300]
    with translation.override(settings.LANGUAGE_CODE):
        text = _text(msg)
        files, problems = _attachments(msg)
        if problems:
            text += "\n\n" + _("Attachments not accepted: %(list)s") % {"list": "; ".join(problems)}
    existing = _request_replied_to(subject, address)
    with transaction.atomic():
        if existing is not None:
            sr = actions.add_citizen_message(
                sr=existing, text=text or subject, files=files, channel=Channel.EMAIL
            )
            outcome = "attached"
        else:
            sr = actions.submit_request(
                type=RequestType.COMPLAINT,
                description="\n\n".join(p for p in (subject, text) if p) or address,
                channel=Channel.EMAIL,
                citizen_name=name[:150],
                citizen_email=address[:254],
                notify_by="email",
                files=files,
                submission_key="email:" + hashlib.sha256(key.encode()).hexdigest()[:56],
            )
            outcome = "created"
        _record(key, outcome, "; ".join(problems), request=sr, **where)
    return outcome


def _request_replied_to(subject: str, address: str) -> ServiceRequest | None:
    match = TRACKING_RE.search(subject)
    if not match:
        return None
    return (
        ServiceRequest.objects.filter(
            tracking_number=match.group(1), citizen_email__iexact=address, anonymised_at=None
        )
        .exclude(status__in=("duplicate",))
        .first()
    )
