import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("press", "0002_coordination_tasks"), ("monitoring", "0005_corrections")]
AFTER = [("press", "0003_outlet_schedule_links_api_tokens")]


@pytest.mark.django_db(transaction=True)
def test_existing_outlets_are_linked_to_monitoring_by_name_and_dailies_keep_their_clock():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Outlet = old.get_model("monitoring", "Outlet")
    MediaOutlet = old.get_model("press", "MediaOutlet")
    followed = Outlet.objects.create(name="KENT POSTASI", type="local_newspaper", scope="local")
    Outlet.objects.create(name="Başka Gazete", type="local_newspaper", scope="local")
    MediaOutlet.objects.create(name="Kent  Postası", kind="newspaper", scope="local", is_daily=True)
    MediaOutlet.objects.create(name="Haftalık Dergi", kind="magazine", scope="local")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    MediaOutlet = new.get_model("press", "MediaOutlet")
    kent = MediaOutlet.objects.get(name="Kent  Postası")
    assert kent.monitoring_outlet_id == followed.pk
    assert kent.periodicity == "daily"
    weekly = MediaOutlet.objects.get(name="Haftalık Dergi")
    assert weekly.monitoring_outlet_id is None
    assert weekly.periodicity == ""


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
