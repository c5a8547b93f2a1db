"""Items' text and search text compressed with lz4 instead of pglz on PostgreSQL.

Every filed item writes both (a few kilobytes each, compressed into TOAST): lz4 compresses
and decompresses several times faster, which the database, sharing the workers' cores,
spends on every item. Rows already stored keep pglz until they are rewritten; both are
read alike. A server built without lz4 keeps pglz (the migration does nothing there).
SQLite has no such setting.
"""

from django.db import DatabaseError, migrations, transaction

COLUMNS = ("text", "search_text")


def set_compression(method):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        alter = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS)
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(f"ALTER TABLE monitoring_item {alter}")
        except DatabaseError:  # PostgreSQL built without lz4: pglz stays
            pass

    return run


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0010_alert_rule_by_sms")]
    operations = [migrations.RunPython(set_compression("lz4"), set_compression("pglz"))]
