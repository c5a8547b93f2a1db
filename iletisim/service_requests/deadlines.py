"""Numbers and dates of a new request: the tracking number of the year and the due date
(the category's service standard or the legal deadline, whichever comes first)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import due_date as legal_due_date
from iletisim.service_requests.models import Category, RequestType, TrackingSequence

# Which legal deadline applies to which type. Complaints, suggestions and requests are
# petitions in the sense of 3071 ("dilek ve şikayet"); thanks need no answer by law.
LEGAL_KIND = {
    RequestType.INFORMATION: "bilgi-edinme",
    RequestType.PETITION: "dilekce",
    RequestType.COMPLAINT: "dilekce",
    RequestType.SUGGESTION: "dilekce",
    RequestType.REQUEST: "dilekce",
    RequestType.REPORT: "dilekce",
}


def compute_due_date(
    *, type: str, category: Category | None, received: dt.date
) -> tuple[dt.date | None, str]:
    """The earlier of the category's service standard and the legal deadline, and its name."""
    calendar = get_calendar()
    candidates: list[tuple[dt.date, str]] = []
    if category is not None and category.target_days:
        candidates.append((calendar.add_working_days(received, category.target_days), "target"))
    kind = LEGAL_KIND.get(type)  # type: ignore[call-overload]
    if kind:
        candidates.append((legal_due_date(kind, received, calendar), kind))
    if not candidates:
        return None, ""
    return min(candidates)


_NEXT_SQL = (
    f"UPDATE {TrackingSequence._meta.db_table} SET last = last + 1 "  # noqa: S608 (the model's table)
    "WHERE year = %s RETURNING last"
)


def next_tracking_number(year: int) -> str:
    """The next number of the year: one UPDATE … RETURNING, so two never collide.

    Called outside the intake's transaction, the row lock lasts one statement and parallel
    intakes do not queue behind each other's commits; the price is a gap in the year's
    numbers when the request then fails to save (rare: everything is validated first).
    """
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(_NEXT_SQL, [year])
            row = cursor.fetchone()
        if row is not None:
            return f"{year}-{row[0]:06d}"
        TrackingSequence.objects.get_or_create(year=year)  # the first number of a new year
    raise RuntimeError(f"no tracking sequence for {year}")
