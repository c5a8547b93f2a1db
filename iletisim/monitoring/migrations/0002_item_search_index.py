"""Full-text index for the desk's search on PostgreSQL (`simple` config over folded text).

SQLite has no such index; the desk falls back to substring matching there.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS mon_item_search ON monitoring_item "
    "USING gin (to_tsvector('simple'::regconfig, search_text))"
)
DROP = "DROP INDEX IF EXISTS mon_item_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
