"""The outgoing mail servers of a distribution: pools, rate limits shared by every worker,
and failover.

A distribution's `mailer` names one `MAILERS` alias or a pool of them
(`PRESS_MAILER_POOLS`, e.g. `{"press": ["default", "backup"]}`). Each alias may have a rate
limit (`PRESS_MAILER_RATES`, messages per second). The limit holds for all workers together:
a worker reserves its next sending slots in the alias's `MailServer` row with one
`INSERT … ON CONFLICT DO UPDATE … RETURNING` (atomic on PostgreSQL and SQLite), so two
workers, on one machine or several, never get the same slot. A server that could not be
reached is marked down for `PRESS_SERVER_DOWN_SECONDS`; every worker tries the servers that
are up first and a server marked down only when no other one answers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

from iletisim.press.models import MailServer

TABLE = MailServer._meta.db_table


def servers(mailer: str) -> list[str]:
    """The MAILERS aliases behind a distribution's `mailer`."""
    pools: dict[str, list[str]] = settings.PRESS_MAILER_POOLS
    return list(pools.get(mailer) or [mailer])


def known(mailer: str) -> bool:
    return all(alias in settings.MAILERS for alias in servers(mailer))


def rate(alias: str) -> float:
    return float(settings.PRESS_MAILER_RATES.get(alias, 0) or 0)


def by_preference(aliases: list[str], now: float | None = None) -> tuple[list[str], list[str]]:
    """The servers not marked down (in the pool's order), and those marked down."""
    now = time.time() if now is None else now
    down = set(
        MailServer.objects.filter(alias__in=aliases, down_until__gt=now).values_list(
            "alias", flat=True
        )
    )
    return [a for a in aliases if a not in down], [a for a in aliases if a in down]


def _greatest() -> str:
    return "GREATEST" if connection.vendor == "postgresql" else "MAX"


def mark_down(alias: str, now: float | None = None) -> None:
    until = (time.time() if now is None else now) + settings.PRESS_SERVER_DOWN_SECONDS
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (alias, next_slot, down_until) VALUES (%s, 0, %s) "  # noqa: S608 (table name from the model)
            "ON CONFLICT (alias) DO UPDATE SET down_until = excluded.down_until",
            [alias, until],
        )


def mark_up(alias: str) -> None:
    MailServer.objects.filter(alias=alias, down_until__gt=0).update(down_until=0)


def reserve(alias: str, count: int, now: float | None = None) -> list[float]:
    """Reserve `count` sending slots on `alias` for this worker: the Unix times at which each
    message may start. No limit: all of them now, without touching the database."""
    now = time.time() if now is None else now
    per_second = rate(alias)
    if per_second <= 0 or count <= 0:
        return [now] * count
    interval = 1.0 / per_second
    span = interval * count
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (alias, next_slot, down_until) VALUES (%s, %s, 0) "  # noqa: S608 (table name from the model)
            f"ON CONFLICT (alias) DO UPDATE SET next_slot = {_greatest()}({TABLE}.next_slot, %s) + %s "
            "RETURNING next_slot",
            [alias, now + span, now, span],
        )
        end = float(cursor.fetchone()[0])
    start = end - span
    return [start + i * interval for i in range(count)]
