"""A trigram index for the desk's search on PostgreSQL (see `service_requests/search.py`).

`search_text` holds the Turkish-folded description and address; the desk's words are
matched with LIKE '%word%', which a GIN index with `gin_trgm_ops` serves. SQLite has no
such index; the search scans there. pg_trgm is a trusted extension (PostgreSQL 13+): the
database owner may create it. On a large live table, create the index by hand first with
CREATE INDEX CONCURRENTLY under the same name; this migration then leaves it as it is.
"""

from django.db import migrations

EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
CREATE = (
    "CREATE INDEX IF NOT EXISTS sr_search_trgm ON service_requests_servicerequest "
    "USING gin (search_text gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS sr_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXTENSION)
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0011_data_correction")]
    operations = [migrations.RunPython(create, drop)]
