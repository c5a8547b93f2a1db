"""Two workers routing the waiting requests at the same moment: each request gets one
proposal and one audit entry, whoever took it."""

from __future__ import annotations

import pytest
from django.db import connection

from iletisim.core.models import AuditEntry
from iletisim.lib.testing.concurrency import in_threads
from iletisim.service_requests.actions import propose_pending
from iletisim.service_requests.models import ServiceRequest
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_propose_each_waiting_request_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL (CI runs on it)")
    texts = ["Çöpler üç gündür alınmadı", "Sokakta derin bir çukur var", "Parktaki salıncak kırık"]
    for n in range(60):
        make_request(category=None, description=f"{texts[n % 3]} ({n})")

    stored = in_threads(lambda: propose_pending(limit=7))

    assert all(isinstance(count, int) for count in stored), stored
    assert sum(stored) == 60
    assert not ServiceRequest.objects.filter(routing_reason="").exists()
    proposed = AuditEntry.objects.filter(action="service_requests.request.proposed")
    assert proposed.count() == 60
    assert proposed.values("target_id").distinct().count() == 60
