"""Distribution by e-mail: choose recipients, build each message, and send them.

Every recipient is a row. A worker claims a batch of queued rows (SELECT … FOR UPDATE SKIP
LOCKED, then marks them "sending" with a lease), sends each message on one SMTP connection
and marks each row sent right after the server accepted it. A worker that dies leaves at
most its claimed rows in "sending"; once their lease runs out another run puts them back in
the queue. So nobody is skipped, and only a message whose acceptance was not yet recorded
when the process died can go out twice (its Message-ID is the same, so the receiver's mail
system can tell).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import logging
import re
import smtplib
import socket
import threading
import time
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.press.contacts import suppress
from iletisim.press.content import html_to_text
from iletisim.press.models import (
    Communication,
    ContactList,
    Distribution,
    Journalist,
    Recipient,
    Segment,
    Suppression,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "press.unsubscribe"
MAX_ATTEMPTS = 3
State = Recipient.State


@transaction.atomic
def create_distribution(
    *,
    by: Any,
    communication: Communication,
    lists: list[ContactList],
    segments: list[Segment],
    mailer: str = "default",
) -> Distribution:
    """Queue one row per reachable address (do-not-contact and suppression always win)."""
    if not communication.is_public():
        raise ValidationError(_("Only a published item whose embargo is over can be sent."))
    if mailer not in settings.MAILERS:
        raise ValidationError(_("Unknown mail server."))
    distribution = Distribution.objects.create(
        communication=communication, mailer=mailer, created_by=by
    )
    distribution.lists.set(lists)
    distribution.segments.set(segments)
    ids: set[int] = set()
    for contact_list in lists:
        ids.update(contact_list.members.values_list("id", flat=True))
    for segment in segments:
        ids.update(segment.journalists().values_list("id", flat=True))
    rows: dict[str, Recipient] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        for j in Journalist.objects.reachable().filter(id__in=chunk).select_related("outlet"):
            email = j.email.lower()
            rows.setdefault(
                email,
                Recipient(
                    distribution=distribution,
                    journalist=j,
                    email=email,
                    name=j.full_name,
                    outlet_name=j.outlet.name if j.outlet else "",
                ),
            )
    Recipient.objects.bulk_create(rows.values(), batch_size=1000)
    log_action(
        "press.distribution.started",
        actor=by,
        target=communication,
        data={"distribution": distribution.pk, "recipients": len(rows)},
    )
    from iletisim.press.tasks import send_distribution

    transaction.on_commit(lambda: send_distribution.enqueue(distribution.pk))
    return distribution


def unsubscribe_token(recipient_id: int) -> str:
    return signing.dumps(recipient_id, salt=UNSUBSCRIBE_SALT)


def recipient_from_token(token: str) -> Recipient | None:
    try:
        recipient_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Recipient.objects.filter(pk=recipient_id).first()


@transaction.atomic
def unsubscribe(*, recipient: Recipient) -> None:
    """One-click unsubscribe (RFC 8058): the address goes on the suppression list."""
    suppress(email=recipient.email, reason=Suppression.Reason.UNSUBSCRIBED)
    Recipient.objects.filter(pk=recipient.pk).update(state=State.UNSUBSCRIBED)
    log_action(
        "press.recipient.unsubscribed",
        target=recipient.distribution.communication,
        data={"distribution": recipient.distribution_id, "recipient": recipient.pk},
    )


NAME_SLOT = "__press_recipient_name__"
URL_SLOT = "__press_unsubscribe_url__"


class MessageTemplate:
    """The message of one communication, rendered once; each recipient's greeting and
    unsubscribe address are filled in per message (rendering templates per recipient would
    cost more than talking to the mail server)."""

    def __init__(self, communication: Communication) -> None:
        site = settings.SITE_URL
        self.site = site
        self.domain = site.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
        self.communication = communication
        self._head = _constant_head(communication.title, self.domain)
        context = {
            "recipient": {"name": NAME_SLOT},
            "communication": communication,
            "photos": [
                {"url": site + p.file.url, "caption": p.caption, "credit": p.credit}
                for p in communication.photos.all()
            ],
            "page_url": site + reverse("press_public:detail", args=[communication.slug]),
            "unsubscribe_url": URL_SLOT,
            "body_text": html_to_text(communication.body),
        }
        with translation.override("tr"):
            self.text = render_to_string("press/email/communication.txt", context)
            self.html = render_to_string("press/email/communication.html", context)
            context["recipient"] = {"name": ""}
            self.text_anonymous = render_to_string("press/email/communication.txt", context)
            self.html_anonymous = render_to_string("press/email/communication.html", context)

    def _parts(self, recipient: Recipient) -> tuple[str, str, str, str]:
        url = self.site + reverse(
            "press_public:unsubscribe", args=[unsubscribe_token(recipient.pk)]
        )
        if recipient.name:
            text = self.text.replace(NAME_SLOT, recipient.name)
            html = self.html.replace(NAME_SLOT, escape(recipient.name))
        else:
            text, html = self.text_anonymous, self.html_anonymous
        message_id = f"<press.{recipient.distribution_id}.{recipient.pk}@{self.domain}>"
        return text.replace(URL_SLOT, url), html.replace(URL_SLOT, escape(url)), url, message_id

    def for_recipient(self, recipient: Recipient) -> EmailMultiAlternatives:
        """The message as Django builds it, for backends other than SMTP."""
        text, html, url, message_id = self._parts(recipient)
        message = EmailMultiAlternatives(
            subject=self.communication.title,
            body=text,
            from_email=settings.PRESS_FROM_EMAIL,
            to=[recipient.email],
            headers={
                "Message-ID": message_id,
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<press.{self.domain}>",
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def raw_for(self, recipient: Recipient) -> tuple[str, bytes]:
        """The same message as wire bytes, written directly: Python's email generator costs
        several milliseconds a message, and it would RFC 2047-encode a long unsubscribe URL
        that mail clients must read as it is."""
        text, html, url, message_id = self._parts(recipient)
        boundary = f"=_press_{recipient.distribution_id}_{recipient.pk}"
        lines = [
            self._head,
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            f"To: {recipient.email}",
            f"Date: {formatdate(usegmt=True)}",
            f"Message-ID: {message_id}",
            f"List-Unsubscribe: <{url}>",
            "",
            f"--{boundary}",
            _part("text/plain", text),
            f"--{boundary}",
            _part("text/html", html),
            f"--{boundary}--",
            "",
        ]
        return message_id, "\r\n".join(lines).encode("ascii")


def _constant_head(subject: str, domain: str) -> str:
    name, address = parseaddr(settings.PRESS_FROM_EMAIL)
    return "\r\n".join(
        [
            "MIME-Version: 1.0",
            f"From: {formataddr((name, address), charset='utf-8')}",
            f"Subject: {Header(subject, 'utf-8').encode()}".replace("\n", "\r\n"),
            f"List-Id: <press.{domain}>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        ]
    )


def _part(content_type: str, body: str) -> str:
    encoded = base64.encodebytes(body.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    return (
        f'Content-Type: {content_type}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded.rstrip()}"
    )


def build_message(recipient: Recipient, communication: Communication) -> EmailMultiAlternatives:
    return MessageTemplate(communication).for_recipient(recipient)


def _requeue_stale(distribution_id: int, now: dt.datetime) -> None:
    lease = dt.timedelta(seconds=settings.PRESS_SEND_LEASE_SECONDS)
    Recipient.objects.filter(
        distribution_id=distribution_id, state=State.SENDING, claimed_at__lt=now - lease
    ).update(state=State.QUEUED)


def _claim(distribution_id: int, size: int) -> list[Recipient]:
    with transaction.atomic():
        ids = list(
            Recipient.objects.select_for_update(skip_locked=True)
            .filter(distribution_id=distribution_id, state=State.QUEUED)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        Recipient.objects.filter(pk__in=ids, state=State.QUEUED).update(
            state=State.SENDING, claimed_at=timezone.now()
        )
    return list(Recipient.objects.filter(pk__in=ids, state=State.SENDING).order_by("id"))


def _set(recipient: Recipient, state: str, **fields: Any) -> None:
    Recipient.objects.filter(pk=recipient.pk, state=State.SENDING).update(
        state=state, attempts=F("attempts") + 1, **fields
    )


_MARK_SENT_SQL = (
    f"UPDATE {Recipient._meta.db_table} SET state = %s, sent_at = %s, message_id = %s, "  # noqa: S608 (table name from the model)
    "attempts = attempts + 1 WHERE id = %s AND state = %s"
)


def _mark_sent(recipient_id: int, message_id: str) -> None:
    """The one write between a message's text and its final dot: kept to a single plain
    statement, since every microsecond here is one the message could be lost in."""
    with db_connection.cursor() as cursor:
        cursor.execute(
            _MARK_SENT_SQL, [State.SENT, timezone.now(), message_id, recipient_id, State.SENDING]
        )


def _give_back(recipients: list[Recipient], error: str) -> None:
    """The server could not be reached: the rows go back to the queue, or fail for good
    after MAX_ATTEMPTS."""
    for r in recipients:
        state = State.FAILED if r.attempts + 1 >= MAX_ATTEMPTS else State.QUEUED
        _set(r, state, error=error[:500])


class Pacer:
    """Keeps one worker's connections under the mail server's rate (messages per second;
    0 = no limit). Several workers each get this rate: set it per worker count."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_at)
            self.next_at = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class Refused(Exception):
    """The server refused this recipient for good (5xx)."""


class Retry(Exception):
    """A temporary failure or a dropped connection: the row goes back to the queue."""


_LEADING_DOT = re.compile(rb"(?m)^\.")


@functools.cache
def _sender_address(from_email: str) -> str:
    return str(parseaddr(from_email)[1])


def _envelope_sender(connection: Any) -> str:
    # prep_address parses the address anew each time: once per process is enough.
    cached = _sender_address(settings.PRESS_FROM_EMAIL)
    return cached if cached.isascii() else connection.prep_address(settings.PRESS_FROM_EMAIL)


def _smtp_transaction(
    connection: Any, smtp: smtplib.SMTP, to: str, data: bytes, mark_sent: Any
) -> None:
    """One SMTP transaction, with the row marked sent between the message's text and the
    final dot. A process killed before the mark leaves a transaction the server discards
    (the row is sent again later); killed after it, only the few microseconds until the dot
    is written are at risk. So a crashed worker neither doubles nor, in practice, skips."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(_envelope_sender(connection))
    if code != 250:
        raise Retry(f"MAIL FROM {code} {reply!r}")
    code, reply = smtp.rcpt(connection.prep_address(to))
    if code not in (250, 251):
        smtp.rset()
        raise (Refused if 500 <= code < 600 else Retry)(f"{code} {reply.decode(errors='replace')}")
    code, reply = smtp.docmd("data")
    if code != 354:
        raise Retry(f"DATA {code} {reply!r}")
    data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    smtp.send(data)
    mark_sent()
    smtp.send(b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        raise (Refused if 500 <= code < 600 else Retry)(f"{code} {reply.decode(errors='replace')}")


def _deliver(
    connection: Any, template: MessageTemplate, recipient: Recipient, mark_sent: Any
) -> None:
    smtp = getattr(connection, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        message_id, data = template.raw_for(recipient)
        try:
            _smtp_transaction(
                connection, smtp, recipient.email, data, lambda: mark_sent(message_id)
            )
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(str(exc)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Retry(f"{exc.__class__.__name__}: {exc}") from exc
        return
    # Any other backend (console, locmem, an ESP through django-anymail): its own sending.
    message = template.for_recipient(recipient)
    try:
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        raise Refused(str(exc)) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise Retry(f"{exc.__class__.__name__}: {exc}") from exc
    mark_sent(message.extra_headers["Message-ID"])


def send_pending(
    distribution_id: int, *, batch_size: int = 100, max_seconds: float | None = None
) -> dict[str, int]:
    """Send queued rows of a distribution until none is left or `max_seconds` have passed
    ("more" in the result then). Safe to run twice, or in two workers at once. "retry"
    means the server was unreachable or dropped us and rows wait for a later run.

    One connection at a time per worker, on purpose: with threads, a thread that has marked
    its row sent may wait for the interpreter lock before writing the final dot, which
    widens the window in which a killed worker loses a message. Run more workers instead."""
    distribution = Distribution.objects.select_related("communication").get(pk=distribution_id)
    template = MessageTemplate(distribution.communication)
    pacer = Pacer(settings.PRESS_MAILER_RATES.get(distribution.mailer, 0))
    _requeue_stale(distribution_id, timezone.now())
    deadline = time.monotonic() + max_seconds if max_seconds is not None else None
    done = _send_loop(distribution, template, pacer, batch_size, deadline)
    _finish_if_done(distribution)
    return done


def _send_loop(
    distribution: Distribution,
    template: MessageTemplate,
    pacer: Pacer,
    batch_size: int,
    deadline: float | None,
) -> dict[str, int]:
    distribution_id = distribution.pk
    done: dict[str, int] = {}
    suppressed_reason: dict[str, str] = {
        Suppression.Reason.UNSUBSCRIBED: State.UNSUBSCRIBED,
        Suppression.Reason.HARD_BOUNCE: State.BOUNCED,
        Suppression.Reason.COMPLAINT: State.COMPLAINED,
    }

    def count(key: str, n: int = 1) -> None:
        done[key] = done.get(key, 0) + n

    _relax_commit(True)
    try:
        while batch := _claim(distribution_id, batch_size):
            # Suppression wins even when it arrived after the rows were queued.
            suppressed = dict(
                Suppression.objects.filter(email__in=[r.email for r in batch]).values_list(
                    "email", "reason"
                )
            )
            connection = mailers[distribution.mailer]
            try:
                connection.open()
            except (OSError, smtplib.SMTPException) as exc:
                _give_back(batch, f"{exc.__class__.__name__}: {exc}")
                count("retry", len(batch))
                break
            sock = getattr(getattr(connection, "connection", None), "sock", None)
            if sock is not None:
                # The text and the final dot are two writes: without this, Nagle's algorithm
                # holds the dot back until the server acknowledges the text.
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sent_ids: list[int] = []
            try:
                for position, recipient in enumerate(batch):
                    if recipient.email in suppressed:
                        _set(recipient, suppressed_reason[suppressed[recipient.email]])
                        continue
                    pacer.wait()

                    def mark_sent(message_id: str, r: Recipient = recipient) -> None:
                        _mark_sent(r.pk, message_id)

                    try:
                        _deliver(connection, template, recipient, mark_sent)
                    except Refused as exc:
                        _set_any(recipient, State.BOUNCED, error=str(exc)[:500])
                        suppress(email=recipient.email, reason=Suppression.Reason.HARD_BOUNCE)
                        count(State.BOUNCED)
                        continue
                    except Retry as exc:
                        # This row and the rest of the batch go back to the queue; the row may
                        # have been marked sent before the server dropped us without accepting it.
                        Recipient.objects.filter(pk=recipient.pk, state=State.SENT).update(
                            state=State.SENDING, sent_at=None, message_id=""
                        )
                        _give_back(batch[position:], str(exc))
                        count("retry", len(batch) - position)
                        break
                    sent_ids.append(recipient.journalist_id or 0)
                    count(State.SENT)
            finally:
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    connection.close()
                Journalist.objects.filter(id__in=sent_ids).update(last_contacted_at=timezone.now())
            if done.get("retry"):
                break
            if deadline is not None and time.monotonic() > deadline:
                done["more"] = 1
                break
    finally:
        _relax_commit(False)
    return done


def _relax_commit(on: bool) -> None:
    """Each row is marked sent in its own commit. On PostgreSQL these commits need not wait
    for the disk: a worker that dies loses nothing (the server has the commit), only a crash
    of the database server itself could forget the last fraction of a second of marks, and
    those messages would be sent again with the same Message-ID."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO %s" % ("off" if on else "DEFAULT"))


def _set_any(recipient: Recipient, state: str, **fields: Any) -> None:
    """Like _set, also from "sent" (the server refused after the row was marked)."""
    Recipient.objects.filter(pk=recipient.pk, state__in=[State.SENDING, State.SENT]).update(
        state=state, **fields
    )


def resume_stalled(now: dt.datetime | None = None) -> list[int]:
    """Distributions with work left and no row claimed within the lease (their worker died,
    or the mail server was down): send them again. Run by the scheduler every minute."""
    from iletisim.press.tasks import send_distribution

    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.PRESS_SEND_LEASE_SECONDS)
    resumed = []
    for distribution in Distribution.objects.filter(finished_at=None):
        rows = distribution.recipients
        if not rows.filter(state__in=[State.QUEUED, State.SENDING]).exists():
            _finish_if_done(distribution)
            continue
        if rows.filter(state=State.SENDING, claimed_at__gte=now - lease).exists():
            continue  # someone is sending right now
        if rows.filter(sent_at__gte=now - lease).exists():
            continue
        send_distribution.enqueue(distribution.pk)
        resumed.append(distribution.pk)
    return resumed


def _finish_if_done(distribution: Distribution) -> None:
    open_rows = distribution.recipients.filter(state__in=[State.QUEUED, State.SENDING])
    if open_rows.exists():
        return
    with transaction.atomic():
        moved = Distribution.objects.filter(pk=distribution.pk, finished_at=None).update(
            finished_at=timezone.now()
        )
        if moved:
            log_action(
                "press.distribution.finished",
                target=distribution.communication,
                data={"distribution": distribution.pk, **distribution.counts()},
            )
