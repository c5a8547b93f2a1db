"""Writes of the platform itself: declaring and withdrawing extra days off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from iletisim.core.audit import log_action
from iletisim.core.calendar import forget_days_off
from iletisim.core.models import DayOff


@transaction.atomic
def add_day_off(*, by: Any, date: dt.date, name: str, request: HttpRequest | None = None) -> DayOff:
    day_off = DayOff.objects.create(date=date, name=name)
    log_action(
        "core.day_off.added",
        actor=by,
        target=day_off,
        data={"date": date.isoformat()},
        request=request,
    )
    _forget_now_and_after_commit()
    return day_off


@transaction.atomic
def remove_day_off(*, by: Any, day_off: DayOff, request: HttpRequest | None = None) -> None:
    data = {"date": day_off.date.isoformat(), "name": day_off.name}
    log_action("core.day_off.removed", actor=by, target=day_off, data=data, request=request)
    day_off.delete()
    _forget_now_and_after_commit()


def _forget_now_and_after_commit() -> None:
    # Now, for this request; after commit too, in case another process re-cached the old
    # list between the two.
    forget_days_off()
    transaction.on_commit(forget_days_off)
