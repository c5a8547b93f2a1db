"""Background tasks of press; each takes ids and is safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from iletisim.press import distribution

# One task sends for at most this long, then queues its continuation: a worker asked to
# stop (deploy, restart) finishes within seconds, and several workers share a long list.
CHUNK_SECONDS = 10.0


@task()
def send_distribution(distribution_id: int) -> dict[str, int]:
    done = distribution.send_pending(distribution_id, max_seconds=CHUNK_SECONDS)
    if done.get("retry"):
        # The mail server was unreachable or dropped us: try again a little later.
        later = timezone.now() + dt.timedelta(seconds=settings.PRESS_RETRY_SECONDS)
        send_distribution.using(run_after=later).enqueue(distribution_id)
    elif done.get("more"):
        send_distribution.enqueue(distribution_id)
    return done
