"""When an outlet's issues come out, for the tekzip publication deadline.

5187 art. 14: a daily publishes a rebuttal within three days of receiving it; any other
periodical "in the first issue to come out after those three days". So for a weekly,
monthly … outlet the deadline is the date of that issue, which depends on the outlet's
schedule: a periodicity with the date of one known issue (the others are counted from it),
or an explicit publication calendar (a list of dates). When the schedule is not known the
answer is flagged as an estimate.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from iletisim.press.models import MediaOutlet

P = MediaOutlet.Periodicity
EVERY_DAYS = {P.WEEKLY: 7, P.FORTNIGHTLY: 14}
EVERY_MONTHS = {P.MONTHLY: 1, P.BIMONTHLY: 2, P.QUARTERLY: 3}


@dataclass(frozen=True)
class NextIssue:
    on: dt.date
    estimated: bool  # the schedule is not known: the earliest possible day


def _add_months(anchor: dt.date, months: int) -> dt.date:
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(anchor.day, last))


def parse_dates(values: list[str]) -> list[dt.date]:
    """The ISO dates of a publication calendar, sorted; anything else is skipped."""
    found = set()
    for value in values or []:
        try:
            found.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return sorted(found)


def first_issue_after(outlet: MediaOutlet, day: dt.date) -> NextIssue:
    """The first issue strictly after `day`."""
    periodicity = outlet.periodicity
    anchor = outlet.issue_anchor
    if periodicity == P.DAILY:
        return NextIssue(day + dt.timedelta(days=1), estimated=False)
    if periodicity in EVERY_DAYS and anchor:
        step = EVERY_DAYS[P(periodicity)]
        periods = (day - anchor).days // step + 1
        return NextIssue(anchor + dt.timedelta(days=periods * step), estimated=False)
    if periodicity in EVERY_MONTHS and anchor:
        step = EVERY_MONTHS[P(periodicity)]
        months = ((day.year - anchor.year) * 12 + day.month - anchor.month) // step * step
        candidate = _add_months(anchor, months)
        while candidate <= day:
            months += step
            candidate = _add_months(anchor, months)
        return NextIssue(candidate, estimated=False)
    if periodicity == P.CALENDAR:
        for issue in parse_dates(outlet.issue_dates):
            if issue > day:
                return NextIssue(issue, estimated=False)
    return NextIssue(day + dt.timedelta(days=1), estimated=True)
