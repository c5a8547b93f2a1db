from unittest import mock

import pytest
from django.db import OperationalError

from iletisim.core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_tasks_and_worker(client):
    heartbeat.enqueue()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["pending_tasks"] == 1
    assert body["worker"] == "unknown"


def test_healthz_shows_the_last_worker_heartbeat(client):
    heartbeat.call()
    body = client.get("/healthz").json()
    assert body["worker"] == "ok"
    assert body["worker_heartbeat"]


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "iletisim.core.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
