"""Periodic jobs: a schedule table in code, run by `manage.py run_scheduler` or by cron.

Each job is an idempotent management command. Several schedulers may run against one
database (a second machine, an overlapping deploy): a job is claimed by a conditional
UPDATE on its row, so exactly one of them runs it per period.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from iletisim.core.models import ScheduledJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: dt.timedelta
    args: tuple[str, ...] = field(default_factory=tuple)


JOBS: dict[str, Job] = {}


def register_job(job: Job) -> None:
    JOBS[job.name] = job


def _claim(job: Job, now: dt.datetime) -> bool:
    ScheduledJobRun.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    claimed = ScheduledJobRun.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now
    )
    return claimed == 1


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Run every job whose time has come; return the names of those this process ran."""
    now = now or timezone.now()
    ran = []
    for job in JOBS.values():
        with transaction.atomic():
            claimed = _claim(job, now)
        if not claimed:
            continue
        error = ""
        try:
            call_command(job.command, *job.args, verbosity=0)
        except Exception as exc:  # one failing job must not stop the others
            logger.exception("scheduled job %s failed", job.name)
            error = f"{exc.__class__.__name__}: {exc}"[:2000]
        ScheduledJobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran


register_job(Job("heartbeat", "heartbeat", dt.timedelta(minutes=1)))
register_job(
    Job(
        "prune-task-results",
        "prune_db_task_results",
        dt.timedelta(days=1),
        ("--min-age-days", "14"),
    )
)
register_job(
    Job("prune-login-attempts", "axes_reset_failure_logs", dt.timedelta(days=1), ("--age", "30"))
)
