"""Background tasks of the platform itself."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.tasks import task
from django.utils import timezone

from iletisim.core.models import WorkerHeartbeat


@task()
def heartbeat() -> str:
    """Stamp that a worker is alive and running tasks; the scheduler enqueues it each minute."""
    worker = f"{socket.gethostname()}:{os.getpid()}"
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker, defaults={"beat_at": now})
    # Workers that stopped long ago (restarts give new pids) are forgotten.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    return worker
