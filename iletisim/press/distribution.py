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
import datetime as dt
import logging
import time
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.press import channels
from iletisim.press.channels.base import BOUNCED, FAILED, RETRY, SENT, Result
from iletisim.press.clicks import LinkTracker
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
    mailer: str | None = None,
) -> Distribution:
    """Queue one row per reachable address (do-not-contact and suppression always win)."""
    if not communication.is_public():
        raise ValidationError(_("Only a published item whose embargo is over can be sent."))
    mailer = mailer or settings.PRESS_MAILER
    if not channels.pool.known(mailer):
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
        self.tracker = LinkTracker() if settings.PRESS_CLICK_TRACKING else None
        # reverse() once, not per message (tokens need no quoting: base64url and ":").
        path = reverse("press_public:unsubscribe", args=["TOKEN"])
        self._unsubscribe_prefix, self._unsubscribe_suffix = (site + path).split("TOKEN", 1)
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
        url = self._unsubscribe_prefix + unsubscribe_token(recipient.pk) + self._unsubscribe_suffix
        if recipient.name:
            text = self.text.replace(NAME_SLOT, recipient.name)
            html = self.html.replace(NAME_SLOT, escape(recipient.name))
        else:
            text, html = self.text_anonymous, self.html_anonymous
        message_id = f"<press.{recipient.distribution_id}.{recipient.pk}@{self.domain}>"
        html = html.replace(URL_SLOT, escape(url))
        if self.tracker is not None:
            html = self.tracker.rewrite(html, recipient.pk, keep=url)
        return text.replace(URL_SLOT, url), html, url, message_id

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
        claim = timezone.now()
        Recipient.objects.filter(pk__in=ids, state=State.QUEUED).update(
            state=State.SENDING, claimed_at=claim
        )
    return list(
        Recipient.objects.filter(pk__in=ids, state=State.SENDING, claimed_at=claim).order_by("id")
    )


def _set(recipient: Recipient, state: str, **fields: Any) -> None:
    Recipient.objects.filter(pk=recipient.pk, state=State.SENDING).update(
        state=state, attempts=F("attempts") + 1, **fields
    )


_MARK_SENT_SQL = (
    f"UPDATE {Recipient._meta.db_table} SET state = %s, sent_at = %s, "  # noqa: S608 (table name from the model)
    "attempts = attempts + 1, message_id = CASE id {cases} END "
    "WHERE id IN ({ids}) AND state = %s AND claimed_at IN ({claims}) RETURNING id"
)


def mark_sent(pairs: list[tuple[Recipient, str]]) -> set[int]:
    """Mark rows sent with their Message-IDs in one statement; returns the ids it marked.

    A row is marked only while it is still "sending" under the claim this worker made
    (`claimed_at` unchanged): a row whose lease ran out and that another worker claimed
    again is not, and the channel then abandons that message without its final dot. This is
    the write the channels make between the messages' text and their final dots."""
    if not pairs:
        return set()
    claims = sorted({r.claimed_at for r, _m in pairs if r.claimed_at is not None})
    if not claims:
        return set()
    sql = _MARK_SENT_SQL.format(
        cases=" ".join(["WHEN %s THEN %s"] * len(pairs)),
        ids=", ".join(["%s"] * len(pairs)),
        claims=", ".join(["%s"] * len(claims)),
    )
    adapt = db_connection.ops.adapt_datetimefield_value
    params: list[Any] = [State.SENT, adapt(timezone.now())]
    for recipient, message_id in pairs:
        params += [recipient.pk, message_id]
    params += [r.pk for r, _m in pairs] + [State.SENDING, *(adapt(c) for c in claims)]
    with db_connection.cursor() as wrapper:
        # The driver's own cursor: Django's wrapper would, with DEBUG on, format and log the
        # statement after it ran, i.e. inside the window before the final dots.
        cursor = wrapper.cursor
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _give_back(recipients: list[Recipient], error: str) -> None:
    """The server could not be reached: the rows go back to the queue, or fail for good
    after MAX_ATTEMPTS."""
    for r in recipients:
        state = State.FAILED if r.attempts + 1 >= MAX_ATTEMPTS else State.QUEUED
        _set(r, state, error=error[:500])


def send_pending(
    distribution_id: int, *, batch_size: int = 100, max_seconds: float | None = None
) -> dict[str, int]:
    """Send queued rows of a distribution until none is left or `max_seconds` have passed
    ("more" in the result then). Safe to run twice, or in two workers at once. "retry"
    means a server was unreachable or dropped us and rows wait for a later run."""
    distribution = Distribution.objects.select_related("communication").get(pk=distribution_id)
    template = MessageTemplate(distribution.communication)
    _requeue_stale(distribution_id, timezone.now())
    per_second = sum(channels.pool.rate(a) for a in channels.pool.servers(distribution.mailer))
    if per_second > 0:
        # Claim no more than can go out well within the lease, or another worker would take
        # the tail of the batch back while this one is still pacing through it.
        lease = settings.PRESS_SEND_LEASE_SECONDS
        batch_size = min(batch_size, max(1, int(per_second * lease / 2)))
    deadline = time.monotonic() + max_seconds if max_seconds is not None else None
    done = _send_loop(distribution, template, batch_size, deadline)
    _finish_if_done(distribution)
    return done


_SUPPRESSED_STATE: dict[str, str] = {
    Suppression.Reason.UNSUBSCRIBED: State.UNSUBSCRIBED,
    Suppression.Reason.HARD_BOUNCE: State.BOUNCED,
    Suppression.Reason.COMPLAINT: State.COMPLAINED,
}


def _send_loop(
    distribution: Distribution,
    template: MessageTemplate,
    batch_size: int,
    deadline: float | None,
) -> dict[str, int]:
    done: dict[str, int] = {}

    def count(key: str, n: int = 1) -> None:
        done[key] = done.get(key, 0) + n

    channel = channels.open_channel(distribution.mailer, template, mark_sent)
    _relax_commit(True)
    try:
        while batch := _claim(distribution.pk, batch_size):
            # Suppression wins even when it arrived after the rows were queued.
            suppressed = dict(
                Suppression.objects.filter(email__in=[r.email for r in batch]).values_list(
                    "email", "reason"
                )
            )
            for recipient in batch:
                if recipient.email in suppressed:
                    _set(recipient, _SUPPRESSED_STATE[suppressed[recipient.email]])
            to_send = [r for r in batch if r.email not in suppressed]
            sent_ids = [_apply(result, count) for result in channel.send(to_send) if result.outcome]
            Journalist.objects.filter(id__in=[i for i in sent_ids if i]).update(
                last_contacted_at=timezone.now()
            )
            if channel.unreachable:
                break
            if deadline is not None and time.monotonic() > deadline:
                done["more"] = 1
                break
    finally:
        channel.close()
        _relax_commit(False)
    return done


def _apply(result: Result, count: Any) -> int:
    """Write one channel result on its row; returns the journalist id when it was sent."""
    recipient = result.recipient
    count(result.outcome)
    if result.outcome == SENT:
        return recipient.journalist_id or 0
    if result.outcome == BOUNCED:
        _set_any(recipient, State.BOUNCED, error=result.error[:500])
        suppress(email=recipient.email, reason=Suppression.Reason.HARD_BOUNCE)
    elif result.outcome == FAILED:
        _set(recipient, State.FAILED, error=result.error[:500])
    elif result.outcome == RETRY:
        # Marked sent before the server dropped us without accepting it: back to "sending"
        # first, so that the row returns to the queue like the others.
        Recipient.objects.filter(pk=recipient.pk, state=State.SENT).update(
            state=State.SENDING, sent_at=None, message_id=""
        )
        _give_back([recipient], result.error)
    return 0


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
