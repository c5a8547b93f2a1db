"""After a failure (a worker killed mid-task, the database restarted), what was cut off is
queued again and goes out once: the fault run `python -m benchmarks.requests_faults` does
it for real under load; these tests check each recovery step on its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iletisim.service_requests.models import Notification
from iletisim.service_requests.tasks import (
    requeue_interrupted,
    retry_unproposed,
    send_notification,
)
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db


def _row(task_path: str, status: str, **fields) -> DBTaskResult:
    row = DBTaskResult.objects.filter(task_path=task_path).first()
    assert row is not None
    DBTaskResult.objects.filter(pk=row.pk).update(status=status, **fields)
    return row


def test_a_task_left_running_by_a_killed_worker_is_queued_again_after_its_lease():
    sr = make_request()
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    row = _row("iletisim.service_requests.tasks.propose_pending", "RUNNING", started_at=long_ago)
    assert requeue_interrupted(dt.timedelta(minutes=10)) == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.task.call() == 1
    sr.refresh_from_db()
    assert sr.proposed_unit is not None


def test_a_task_still_inside_its_lease_or_failed_for_its_own_reasons_is_left_alone():
    make_request()
    _row("iletisim.service_requests.tasks.propose_pending", "RUNNING", started_at=timezone.now())
    _row(
        "iletisim.service_requests.tasks.send_notification",
        "FAILED",
        exception_class_path="builtins.ValueError",
    )
    assert requeue_interrupted(dt.timedelta(minutes=10)) == 0


def test_a_task_that_lost_its_database_connection_is_queued_again():
    make_request()
    _row(
        "iletisim.service_requests.tasks.send_notification",
        "FAILED",
        exception_class_path="django.db.utils.OperationalError",
    )
    assert requeue_interrupted() == 1
    assert DBTaskResult.objects.ready().filter(task_path__endswith="send_notification").exists()


def test_a_request_left_without_a_proposal_is_routed_again_and_only_once():
    sr = make_request(category=None, description="Çöpler üç gündür alınmadı")
    DBTaskResult.objects.all().delete()  # as if its task had been lost
    assert retry_unproposed(dt.timedelta(0)) == 1
    row = DBTaskResult.objects.get(task_path__endswith="propose_pending")
    assert row.task.call() == 1
    assert row.task.call() == 0
    assert retry_unproposed(dt.timedelta(0)) == 0
    sr.refresh_from_db()
    assert sr.proposed_unit.code == "temizlik-isleri"


def test_a_receipt_sent_once_is_not_sent_again_by_the_recovery_job(smtp_sink, settings):
    settings.SITE_URL = "https://iletisim.belediye.example"
    sr = make_request()
    note = Notification.objects.get(request=sr)
    assert send_notification.call(note.pk) == "sent"
    call_command("requests_send_pending", "--lease", "0")
    for row in DBTaskResult.objects.filter(task_path__endswith="send_notification"):
        row.task.call(*row.args_kwargs["args"])
    assert len(smtp_sink.messages) == 1
    # Its Message-ID is the notification's own, so a copy would be recognised as the same.
    assert smtp_sink.messages[0].message["Message-ID"] == (
        f"<service-request-notification.{note.pk}@iletisim.belediye.example>"
    )
