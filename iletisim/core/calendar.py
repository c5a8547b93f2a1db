"""The working-day calendar with the database's extra days off folded in."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache

from iletisim.lib.calendar import WorkingCalendar

_CACHE_KEY = "core.calendar.days_off.v1"
# The last calendar built, with the days off it was built from: building one costs about a
# millisecond (the `holidays` package tabulates each year on first use), and every new
# citizen request asks for one to compute its due date.
_last: dict[str, tuple[dict[dt.date, str], WorkingCalendar]] = {}


def get_calendar() -> WorkingCalendar:
    """A calendar that knows the public holidays and the admin-declared days off."""
    from iletisim.core.models import DayOff

    days_off = cache.get(_CACHE_KEY)
    if days_off is None:
        days_off = dict(DayOff.objects.values_list("date", "name"))
        cache.set(_CACHE_KEY, days_off, 300)
    last = _last.get("calendar")
    if last is not None and last[0] == days_off:
        return last[1]
    calendar = WorkingCalendar(extra_days_off=dict(days_off))
    _last["calendar"] = (days_off, calendar)
    return calendar


def forget_days_off() -> None:
    """Call after changing DayOff rows so the next calendar sees them."""
    cache.delete(_CACHE_KEY)
    _last.clear()
