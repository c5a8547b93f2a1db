"""Spike alerts: is today's count of a query's items far above its last 14 days?

The statistic (docs/monitoring-intelligence.md, "Alerts"): the 14 whole local days before
today give the baseline, days without any item counting as 0. With their mean μ and their
population standard deviation σ, today is a spike when

    today ≥ max(min_count, μ + k · max(σ, 1))

k is the rule's `spike_sigmas` (3 by default) and min_count its `spike_min_count` (5): the
floor of 1 on σ keeps a flat history (σ = 0) from calling one extra item a spike, and
min_count keeps a quiet query (μ ≈ 0) from spiking on two items. Today is counted as it
stands (a partial day), so a spike is noticed during the day, not after it.
An item counts on the local day it was found (`fetched_at`); every copy of a story counts,
since a story taken up by many outlets is exactly what a spike should show.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from iletisim.monitoring.models import QueryHit

HISTORY_DAYS = 14


@dataclass(frozen=True)
class Spike:
    today: int
    mean: float
    std: float
    threshold: float

    @property
    def is_spike(self) -> bool:
        return self.today >= self.threshold

    def as_data(self) -> dict[str, float]:
        return {
            "today": self.today,
            "mean": round(self.mean, 2),
            "std": round(self.std, 2),
            "threshold": round(self.threshold, 2),
        }


def assess(today: int, history: list[int], *, sigmas: float, min_count: int) -> Spike:
    """The statistic above; `history` holds the previous days' counts (zeros included)."""
    mean = sum(history) / len(history) if history else 0.0
    variance = sum((count - mean) ** 2 for count in history) / len(history) if history else 0.0
    std = math.sqrt(variance)
    threshold = max(float(min_count), mean + sigmas * max(std, 1.0))
    return Spike(today, mean, std, threshold)


def daily_counts(query_ids: list[int], *, now: dt.datetime) -> dict[int, tuple[int, list[int]]]:
    """{query id: (today's count, the 14 previous days' counts, oldest first)} in one query."""
    local_today = timezone.localtime(now).date()
    first_day = local_today - dt.timedelta(days=HISTORY_DAYS)
    start = timezone.make_aware(dt.datetime.combine(first_day, dt.time()))
    rows = (
        QueryHit.objects.filter(query_id__in=query_ids, item__fetched_at__gte=start)
        .annotate(day=TruncDate("item__fetched_at", tzinfo=timezone.get_current_timezone()))
        .values("query_id", "day")
        .annotate(count=Count("id"))
    )
    per_query: dict[int, dict[dt.date, int]] = {qid: {} for qid in query_ids}
    for row in rows:
        per_query[row["query_id"]][row["day"]] = row["count"]
    days = [first_day + dt.timedelta(days=n) for n in range(HISTORY_DAYS)]
    return {
        qid: (counts.get(local_today, 0), [counts.get(day, 0) for day in days])
        for qid, counts in per_query.items()
    }
