"""`manage.py legal_deadline KIND YYYY-MM-DD`: print the due date (ISO) as the last line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import DEADLINE_KINDS, due_date


class Command(BaseCommand):
    help = "Print the legal due date for an event of the given kind (days run from the day after)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="one of: " + ", ".join(sorted(DEADLINE_KINDS)))
        parser.add_argument("date", help="the event's date (receipt, publication), YYYY-MM-DD")
        parser.add_argument("--explain", action="store_true", help="also print the rule")

    def handle(self, *args: Any, kind: str, date: str, explain: bool, **options: Any) -> None:
        if kind not in DEADLINE_KINDS:
            raise CommandError(
                f"unknown kind {kind!r}; known kinds: {', '.join(sorted(DEADLINE_KINDS))}"
            )
        try:
            event = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"not a date in YYYY-MM-DD form: {date!r}") from None
        calendar = get_calendar()
        try:
            due = due_date(kind, event, calendar)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if explain:
            rule = DEADLINE_KINDS[kind]
            self.stdout.write(f"{rule.law}: {rule.description}")
            if calendar.is_half_day(due):
                self.stdout.write("note: the due date is a half day (the office closes at 13:00)")
        self.stdout.write(due.isoformat())
