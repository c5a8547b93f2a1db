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

import contextlib
import datetime as dt
import logging
import smtplib
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
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
    for start in range(0, len(ids), 2000):
        chunk = sorted(ids)[start : start + 2000]
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


def build_message(recipient: Recipient, communication: Communication) -> EmailMultiAlternatives:
    site = settings.SITE_URL
    domain = site.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    unsubscribe_url = site + reverse(
        "press_public:unsubscribe", args=[unsubscribe_token(recipient.pk)]
    )
    page_url = site + reverse("press_public:detail", args=[communication.slug])
    context = {
        "recipient": recipient,
        "communication": communication,
        "photos": [
            {"url": site + p.file.url, "caption": p.caption, "credit": p.credit}
            for p in communication.photos.all()
        ],
        "page_url": page_url,
        "unsubscribe_url": unsubscribe_url,
        "body_text": html_to_text(communication.body),
    }
    with translation.override("tr"):
        text = render_to_string("press/email/communication.txt", context)
        html = render_to_string("press/email/communication.html", context)
    message = EmailMultiAlternatives(
        subject=communication.title,
        body=text,
        from_email=settings.PRESS_FROM_EMAIL,
        to=[recipient.email],
        headers={
            # The same id on every attempt, so a receiver can drop a repeat.
            "Message-ID": f"<press.{recipient.distribution_id}.{recipient.pk}@{domain}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<press.{domain}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


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


def _give_back(recipients: list[Recipient], error: str) -> None:
    """The server could not be reached: the rows go back to the queue, or fail for good
    after MAX_ATTEMPTS."""
    for r in recipients:
        state = State.FAILED if r.attempts + 1 >= MAX_ATTEMPTS else State.QUEUED
        _set(r, state, error=error[:500])


class Pacer:
    """Keeps one worker under the mail server's rate (messages per second; 0 = no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def send_pending(distribution_id: int, *, batch_size: int = 100) -> dict[str, int]:
    """Send every queued row of a distribution. Safe to run twice, or in two workers at once.
    Returns how many rows this run moved to each state; "retry" means the server was
    unreachable and rows wait for a later run."""
    distribution = Distribution.objects.select_related("communication").get(pk=distribution_id)
    communication = distribution.communication
    done: dict[str, int] = {}
    pacer = Pacer(settings.PRESS_MAILER_RATES.get(distribution.mailer, 0))
    _requeue_stale(distribution_id, timezone.now())
    suppressed_reason: dict[str, str] = {
        Suppression.Reason.UNSUBSCRIBED: State.UNSUBSCRIBED,
        Suppression.Reason.HARD_BOUNCE: State.BOUNCED,
        Suppression.Reason.COMPLAINT: State.COMPLAINED,
    }
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
            done["retry"] = done.get("retry", 0) + len(batch)
            break
        sent_ids: list[int] = []
        try:
            for position, recipient in enumerate(batch):
                if recipient.email in suppressed:
                    _set(recipient, suppressed_reason[suppressed[recipient.email]])
                    continue
                message = build_message(recipient, communication)
                pacer.wait()
                try:
                    connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused as exc:
                    _set(recipient, State.BOUNCED, error=str(exc)[:500])
                    suppress(email=recipient.email, reason=Suppression.Reason.HARD_BOUNCE)
                    done[State.BOUNCED] = done.get(State.BOUNCED, 0) + 1
                    continue
                except (OSError, smtplib.SMTPException) as exc:
                    # Dropped connection or a temporary failure: this row and the rest of the
                    # batch go back to the queue for the next run.
                    _give_back(batch[position:], f"{exc.__class__.__name__}: {exc}")
                    done["retry"] = done.get("retry", 0) + len(batch) - position
                    break
                _set(
                    recipient,
                    State.SENT,
                    sent_at=timezone.now(),
                    message_id=message.extra_headers["Message-ID"],
                )
                sent_ids.append(recipient.journalist_id or 0)
                done[State.SENT] = done.get(State.SENT, 0) + 1
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.close()
            Journalist.objects.filter(id__in=sent_ids).update(last_contacted_at=timezone.now())
        if done.get("retry"):
            break
    _finish_if_done(distribution)
    return done


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
