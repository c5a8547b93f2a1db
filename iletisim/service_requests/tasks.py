"""Background tasks: the router's proposal for a new request, and sending the citizen's
notifications. Safe to run twice: a request with a proposal is left alone, a notification
already marked sent is skipped, and the row is locked while it is being sent."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from iletisim.lib.sms import SMSError
from iletisim.lib.whatsapp import WhatsAppError
from iletisim.service_requests.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
OUTAGE_PATIENCE_SECONDS = 600
# Every task of this app is safe to run twice, so one that a dead worker left "running", or
# that failed because the database went away, is simply queued again.
OWN_TASKS = "iletisim.service_requests."
DATABASE_ERRORS = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")


# New requests are routed in batches: an intake asks for a `propose_pending` run a little
# later, and the other intakes of the same process in the next PROPOSAL_WINDOW seconds ride
# on it (see `schedule_proposals`).
PROPOSAL_DELAY = dt.timedelta(seconds=2)
PROPOSAL_WINDOW = 1.0
_proposals = threading.local()


@task()
def propose_pending() -> int:
    """Propose a unit for every new request still without a proposal."""
    from iletisim.service_requests.actions.intake import propose_pending as propose

    return propose()


@task()
def propose_unit(request_id: int) -> bool:
    """One request's proposal (tasks queued before the batches existed)."""
    from iletisim.service_requests.actions.intake import propose_unit as propose

    return propose(request_id=request_id)


def schedule_proposals() -> None:
    """Ask the worker to route the requests waiting for a proposal: call it in the transaction
    that stores a new request. The task is written in that transaction and runs
    PROPOSAL_DELAY later, so it finds every request this thread commits in the next
    PROPOSAL_WINDOW seconds (they would have to take a second longer to commit to be missed;
    `retry_unproposed` is the belt and braces). Under load that is one task for hundreds of
    requests: one claim, one router and one UPDATE instead of one of each per request."""
    now = time.monotonic()
    if now < getattr(_proposals, "covered_until", 0.0):
        return
    backend = propose_pending.get_backend()
    if backend.supports_defer:
        propose_pending.using(run_after=timezone.now() + PROPOSAL_DELAY).enqueue()
    else:  # e.g. the immediate backend: routed at once, in this transaction
        propose_pending.enqueue()

    def covered() -> None:
        _proposals.covered_until = now + PROPOSAL_WINDOW

    transaction.on_commit(covered)  # a rolled-back task covers nothing


def forget_scheduled_proposals() -> None:
    """For tests: the next intake of this thread writes a task again."""
    _proposals.covered_until = 0.0


@task()
def send_notification(notification_id: int) -> str:
    """Send one notification, once. The row is locked while it is sent; if the database
    goes away after the provider accepted the message, the "sent" mark is written as soon
    as it is back (`_record_sent_after_outage`), so a restart of PostgreSQL never makes the
    citizen hear the same thing twice."""
    from iletisim.service_requests.notify import deliver

    delivered: list[str] = []
    try:
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update()
                .select_related("request")
                .filter(pk=notification_id)
                .first()
            )
            if note is None or note.sent_at is not None:
                return "skipped"
            note.attempts += 1
            try:
                reference = deliver(note)
            except DatabaseError:
                raise
            except Exception as exc:  # the SMTP server or SMS gateway is down: retried later
                logger.warning("notification %s failed: %s", note.pk, exc)
                note.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
                if (isinstance(exc, SMSError) and exc.permanent) or (
                    isinstance(exc, WhatsAppError) and not exc.retryable
                ):
                    note.attempts = MAX_ATTEMPTS  # a bad number or account: no retry
                note.save(update_fields=["attempts", "last_error"])
                return "failed"
            delivered.append(reference or "")
            _record_sent(note, reference or "")
    except DatabaseError:
        if not delivered:
            raise  # nothing went out; the task is queued again (requeue_interrupted)
        _record_sent_after_outage(notification_id, delivered[0])
    return "sent"


def _record_sent(note: Notification, reference: str) -> None:
    note.sent_at = timezone.now()
    note.last_error = ""
    note.provider_ref = reference
    note.save(update_fields=["attempts", "sent_at", "last_error", "provider_ref"])
    if note.channel == Notification.Channel.WHATSAPP:
        from iletisim.service_requests.whatsapp_channel import record_outgoing

        record_outgoing(note, reference)


def _record_sent_after_outage(notification_id: int, reference: str) -> None:
    """The provider has the message but the database went away before the mark was
    committed: keep trying (a restart takes seconds) rather than let it go out again."""
    deadline = time.monotonic() + OUTAGE_PATIENCE_SECONDS
    pause = 0.2
    while True:
        try:
            connection.close()
            with transaction.atomic():
                note = Notification.objects.select_for_update().get(pk=notification_id)
                if note.sent_at is None:
                    note.attempts += 1
                    _record_sent(note, reference)
            logger.warning("notification %s: sent mark written after an outage", notification_id)
            return
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() > deadline:
                logger.error(
                    "notification %s was sent (%s) but could not be marked: %s; it may go "
                    "out again",
                    notification_id,
                    reference,
                    exc,
                )
                raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def retry_pending() -> int:
    """Enqueue again what has not gone out yet (run by the scheduler)."""
    pending = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in pending:
        send_notification.enqueue(pk)
    return len(pending)


def requeue_interrupted(lease: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Queue again this app's tasks that were cut off: still "running" long after they
    started (their worker was killed) or failed on a lost database connection."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cut_off = Q(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - lease) | Q(
        status=TaskResultStatus.FAILED, exception_class_path__in=DATABASE_ERRORS
    )
    return (
        DBTaskResult.objects.filter(task_path__startswith=OWN_TASKS)
        .filter(cut_off)
        .update(
            status=TaskResultStatus.READY,
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
    )


def retry_unproposed(older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Queue the router again for new requests still without a proposal (belt and braces:
    a batch task is written with the requests, so this finds something only after a
    failure or a commit slower than the window of `schedule_proposals`)."""
    from iletisim.service_requests.models import ServiceRequest, Status

    waiting = ServiceRequest.objects.filter(
        status=Status.RECEIVED,
        proposed_unit__isnull=True,
        routing_reason="",
        created_at__lt=timezone.now() - older_than,
    ).count()
    if waiting:
        propose_pending.enqueue()
    return waiting


@task()
def notify_unit_of_new_work(request_id: int, unit_id: int) -> int:
    """E-mail the directorate's staff that a request was routed to them (in Turkish, the
    staff's language). Sent once per routing; a repeated run re-checks the unit first."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from iletisim.accounts.models import User
    from iletisim.service_requests.models import ServiceRequest
    from iletisim.service_requests.notify import public_base_url
    from iletisim.service_requests.staff_mail import deliver_staff_mail

    sr = ServiceRequest.objects.filter(pk=request_id, unit_id=unit_id).first()
    if sr is None:
        return 0  # routed elsewhere meanwhile
    to = sorted(
        set(
            User.objects.filter(memberships__unit_id=unit_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not to:
        return 0
    with translation.override("tr"):
        url = public_base_url() + reverse(
            "service_requests:request-detail", args=[sr.tracking_number]
        )
        subject = _("New request %(number)s for your directorate") % {"number": sr.tracking_number}
        due = f"{sr.due_date:%d.%m.%Y}" if sr.due_date else "—"
        body = f"{subject}\n\n{sr.description[:1000]}\n\n{_('Due')}: {due}\n{url}\n"
    # Once per routing (keyed by the routing's timeline line); retried if the server is down.
    routing = sr.updates.filter(kind="route").order_by("-pk").values_list("pk", flat=True).first()
    deliver_staff_mail(
        key=f"new-work:{sr.pk}:{unit_id}:{routing}", to=to, subject=subject, body=body
    )
    return len(to)


def check_sms_deliveries(limit: int = 200) -> int:
    """Ask the SMS provider what became of sent messages (Netgsm's delivery report)."""
    from iletisim.lib.sms import netgsm, provider_name

    if provider_name() != "netgsm":
        return 0
    since = timezone.now() - dt.timedelta(days=3)
    pending = (
        Notification.objects.filter(channel=Notification.Channel.SMS, sent_at__gte=since)
        .exclude(provider_ref="")
        .exclude(delivery_status__in=netgsm.FINAL_STATUSES)[:limit]
    )
    checked = 0
    for note in pending:
        try:
            report = netgsm.delivery_report(note.provider_ref)
        except SMSError as exc:
            logger.warning("delivery report of %s failed: %s", note.pk, exc)
            continue
        status = next(iter(report.values()), "waiting") if report else "unknown"
        Notification.objects.filter(pk=note.pk).update(
            delivery_status=status, delivery_checked_at=timezone.now()
        )
        checked += 1
    return checked
