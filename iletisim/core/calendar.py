"""The working-day calendar with the database's extra days off folded in."""

from __future__ import annotations

from django.core.cache import cache

from iletisim.lib.calendar import WorkingCalendar

_CACHE_KEY = "core.calendar.days_off.v1"


def get_calendar() -> WorkingCalendar:
    """A calendar that knows the public holidays and the admin-declared days off."""
    from iletisim.core.models import DayOff

    days_off = cache.get(_CACHE_KEY)
    if days_off is None:
        days_off = dict(DayOff.objects.values_list("date", "name"))
        cache.set(_CACHE_KEY, days_off, 300)
    return WorkingCalendar(extra_days_off=days_off)


def forget_days_off() -> None:
    """Call after changing DayOff rows so the next calendar sees them."""
    cache.delete(_CACHE_KEY)
