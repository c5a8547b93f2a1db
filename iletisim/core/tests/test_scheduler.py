import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iletisim.core.models import ScheduledJobRun
from iletisim.core.scheduler import run_due_jobs

pytestmark = pytest.mark.django_db


def test_due_jobs_run_once_per_period_even_with_two_schedulers():
    now = timezone.now()
    first = run_due_jobs(now)
    assert "heartbeat" in first
    # A second scheduler at the same moment finds nothing due.
    assert run_due_jobs(now) == []
    assert DBTaskResult.objects.filter(task_path__endswith="heartbeat").count() == 1
    # A minute later the heartbeat is due again, the daily jobs are not.
    later = run_due_jobs(now + dt.timedelta(minutes=1, seconds=1))
    assert "heartbeat" in later
    assert not {"prune-task-results", "prune-login-attempts"} & set(later)


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch):
    from iletisim.core import scheduler

    monkeypatch.setitem(
        scheduler.JOBS, "broken", scheduler.Job("broken", "no_such_command", dt.timedelta(hours=1))
    )
    ran = run_due_jobs()
    assert "broken" in ran and "heartbeat" in ran
    assert "Unknown command" in ScheduledJobRun.objects.get(name="broken").last_error
