"""Demo data: each app registers a seeder; `manage.py seed_demo` runs them in order.

Seeders must be idempotent (get_or_create by natural keys): running seed_demo twice gives
the same data, never doubles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

Seeder = Callable[[Any], None]  # called with the command's stdout


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    run: Seeder
    order: int = 100


SEEDERS: dict[str, DemoSeeder] = {}


def register_seeder(name: str, run: Seeder, order: int = 100) -> None:
    SEEDERS[name] = DemoSeeder(name, run, order)


def seed_core(out: TextIO) -> None:
    """One declared day off next month, so the calendar page shows how they look."""
    import datetime as dt

    from django.utils import timezone

    from iletisim.core.actions import add_day_off
    from iletisim.core.calendar import get_calendar
    from iletisim.core.models import DayOff

    existing = DayOff.objects.filter(name__startswith="Örnek idari izin").first()
    if existing is None:
        today = timezone.localdate()
        day = get_calendar().roll_forward(today.replace(day=1) + dt.timedelta(days=40))
        existing = add_day_off(by=None, date=day, name="Örnek idari izin (demo)")
    out.write(f"Demo extra day off: {existing}\n")
