"""The working-day calendar: Turkish public holidays, half-day eves and extra days off.

Pure functions over a `WorkingCalendar`; the database-backed list of extra days off
(idari izin, köprü günleri) lives in `iletisim.core.models.DayOff`, and
`iletisim.core.calendar.get_calendar()` builds a calendar that includes it.

Counting rules (see docs/decisions/0002-counting-legal-deadlines.md):
- days run from the day after the event;
- Saturdays, Sundays, public holidays and extra days off are not working days;
- half-day eves (arife, 28 Ekim) are working days: the office is open in the morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import holidays

WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    working: bool
    half_day: bool
    name: str


@dataclass
class WorkingCalendar:
    """Working days in Turkey, with optional extra days off and extra half days."""

    extra_days_off: dict[dt.date, str] = field(default_factory=dict)

    # The Islamic holidays are tabulated by the `holidays` package for a bounded range of
    # years; outside it a "working day" answer would silently be wrong, so we refuse.
    FIRST_YEAR = 1990
    LAST_YEAR = 2070

    @cached_property
    def _public(self) -> holidays.HolidayBase:
        # expand=True (the default) computes each year on first use.
        return holidays.country_holidays("TR", language="tr")

    @cached_property
    def _half(self) -> holidays.HolidayBase:
        return holidays.country_holidays("TR", language="tr", categories=("half_day",))

    def _check_range(self, day: dt.date) -> None:
        if not self.FIRST_YEAR <= day.year <= self.LAST_YEAR:
            raise ValueError(
                f"{day.isoformat()} is outside the calendar's years "
                f"{self.FIRST_YEAR}-{self.LAST_YEAR}"
            )

    def holiday_name(self, day: dt.date) -> str | None:
        self._check_range(day)
        if day in self.extra_days_off:
            return self.extra_days_off[day]
        name = self._public.get(day)
        return str(name) if name else None

    def is_half_day(self, day: dt.date) -> bool:
        self._check_range(day)
        return day in self._half and self.is_working_day(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in WEEKEND and self.holiday_name(day) is None

    def describe(self, day: dt.date) -> DayInfo:
        half = self.is_half_day(day)
        name = self.holiday_name(day) or (str(self._half.get(day)) if half else "")
        return DayInfo(date=day, working=self.is_working_day(day), half_day=half, name=name)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        candidate = day + dt.timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += dt.timedelta(days=1)
        return candidate

    def roll_forward(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, otherwise the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date on which the `days`-th working day after `start` ends.

        The day of the event never counts: counting starts the day after.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        for _ in range(days):
            current = self.next_working_day(current)
        return current

    def add_calendar_days_rolled(self, start: dt.date, days: int) -> dt.date:
        """`start` + `days` calendar days, moved to the next working day if it is not one."""
        if days < 0:
            raise ValueError("days must not be negative")
        return self.roll_forward(start + dt.timedelta(days=days))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def days_off_between(self, start: dt.date, end: dt.date) -> Iterable[DayInfo]:
        """Non-working days and half days in [start, end], for display."""
        current = start
        while current <= end:
            info = self.describe(current)
            if info.name and (not info.working or info.half_day):
                yield info
            current += dt.timedelta(days=1)
