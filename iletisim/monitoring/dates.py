"""Publication date sanity: feeds and pages lie about dates.

A date in the future, or older than `MAX_AGE`, is not trusted on its own; it is kept only
when a second source (the feed and the page agree within a day) backs it. Otherwise the
time the item was found stands in for it.
"""

from __future__ import annotations

import datetime as dt

FUTURE_TOLERANCE = dt.timedelta(hours=2)  # clocks and time zones drift
MAX_AGE = dt.timedelta(days=365)
AGREEMENT = dt.timedelta(days=1)


def plausible(value: dt.datetime | None, now: dt.datetime) -> bool:
    return value is not None and now - MAX_AGE <= value <= now + FUTURE_TOLERANCE


def choose_published_at(
    candidates: list[dt.datetime | None], now: dt.datetime
) -> tuple[dt.datetime, bool]:
    """The publication date to store and whether it is trusted.

    A plausible date from any source is trusted. An implausible one is trusted only if a
    second source gives the same day; a date in the future never is.
    """
    dates = [d for d in candidates if d is not None]
    for value in dates:
        if plausible(value, now):
            return value, True
    for i, value in enumerate(dates):
        if value > now + FUTURE_TOLERANCE:
            continue
        if any(abs(value - other) <= AGREEMENT for other in dates[i + 1 :]):
            return value, True
    return now, False
