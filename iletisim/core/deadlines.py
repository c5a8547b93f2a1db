"""Legal deadlines by kind: one registry that the `legal_deadline` command and apps share.

Later apps add kinds with `register_deadline` (e.g. tekzip). Each rule takes the event date
(receipt, publication …) and a calendar, and returns the last day to act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iletisim.lib.calendar import WorkingCalendar

Rule = Callable[[dt.date, WorkingCalendar], dt.date]


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    law: str
    description: str | Promise
    rule: Rule


DEADLINE_KINDS: dict[str, DeadlineKind] = {}


def register_deadline(kind: DeadlineKind) -> None:
    DEADLINE_KINDS[kind.code] = kind


def due_date(code: str, event: dt.date, calendar: WorkingCalendar) -> dt.date:
    try:
        kind = DEADLINE_KINDS[code]
    except KeyError:
        raise KeyError(code) from None
    return kind.rule(event, calendar)


def working_days(n: int) -> Rule:
    return lambda event, cal: cal.add_working_days(event, n)


def calendar_days_rolled(n: int) -> Rule:
    return lambda event, cal: cal.add_calendar_days_rolled(event, n)


for _kind in (
    DeadlineKind(
        "bilgi-edinme",
        "4982 s. Bilgi Edinme Hakkı Kanunu m. 11",
        _("Information request: answered within 15 working days of receipt"),
        working_days(15),
    ),
    DeadlineKind(
        "bilgi-edinme-uzatma",
        "4982 s. Bilgi Edinme Hakkı Kanunu m. 11",
        _("Information request needing another unit: 30 working days, applicant told in writing"),
        working_days(30),
    ),
    DeadlineKind(
        "dilekce",
        "3071 s. Dilekçe Hakkı Kanunu m. 7",
        _("Petition: answered within 30 days"),
        calendar_days_rolled(30),
    ),
    DeadlineKind(
        "kvkk-basvuru",
        "6698 s. KVKK m. 13",
        _("Data subject's request: answered within 30 days, free of charge"),
        calendar_days_rolled(30),
    ),
):
    register_deadline(_kind)
