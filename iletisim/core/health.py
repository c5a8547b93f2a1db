"""What /healthz reports: database reachable, tasks waiting, the worker's last heartbeat."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone


def health_report() -> tuple[bool, dict[str, Any]]:
    report: dict[str, Any] = {"database": "ok", "pending_tasks": None, "worker_heartbeat": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        from django_tasks_db.models import DBTaskResult

        from iletisim.core.models import WorkerHeartbeat

        report["pending_tasks"] = DBTaskResult.objects.ready().count()
        last = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
    except DatabaseError as exc:
        report["database"] = f"error: {exc.__class__.__name__}"
        return False, report
    if last is not None:
        report["worker_heartbeat"] = last.isoformat()
        stale = timezone.now() - last > dt.timedelta(
            minutes=settings.WORKER_HEARTBEAT_STALE_MINUTES
        )
        report["worker"] = "stale" if stale else "ok"
    else:
        report["worker"] = "unknown"
    return True, report
