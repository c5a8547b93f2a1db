"""Background tasks of the press summary; each takes ids and is safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from iletisim.monitoring.summary import actions
from iletisim.monitoring.summary.models import PressSummary


@task()
def deliver(summary_id: int) -> str:
    """Send the summary; after an SMTP failure, try again in a minute while retries last."""
    outcome = actions.deliver_summary(summary_id=summary_id)
    if outcome == "failed":
        attempts = PressSummary.objects.filter(pk=summary_id).values_list(
            "send_attempts", flat=True
        )
        if attempts and attempts[0] <= settings.SUMMARY_SEND_RETRIES:
            later = timezone.now() + dt.timedelta(seconds=settings.SUMMARY_RETRY_SECONDS)
            deliver.using(run_after=later).enqueue(summary_id)
    return outcome
