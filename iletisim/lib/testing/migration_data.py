"""Put back the rows that data migrations create, after a transactional test flushed them.

Browser tests run against live_server and therefore in transactional tests, which end with a
flush of every table: the default organisation and other reference data created by data
migrations are gone for the next test. A data migration function marked with
`fn.reapply_after_flush = True` (it must be idempotent: get_or_create) is run again here.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython


def reapply_data_migrations() -> int:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = 0
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    for key in plan:
        migration = loader.graph.nodes[key]
        for operation in migration.operations:
            if isinstance(operation, RunPython) and getattr(
                operation.code, "reapply_after_flush", False
            ):
                operation.code(apps, None)  # type: ignore[arg-type]
                applied += 1
    return applied
