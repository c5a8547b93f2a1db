"""Two workers delivering alerts at the same moment: each alert is e-mailed exactly once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from iletisim.accounts.roles import Role
from iletisim.lib.testing.concurrency import in_threads
from iletisim.monitoring.alerts import actions
from iletisim.monitoring.alerts.models import Alert, AlertRule
from iletisim.monitoring.models import WatchQuery
from iletisim.monitoring.tests.factories import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_send_each_due_alert_exactly_once(smtp_sink, make_user):
    people = [
        make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler", email=f"basin{n}@belediye.example")
        for n in range(3)
    ]
    query = WatchQuery.objects.create(name="Belediye", text="belediye")
    rule = AlertRule.objects.create(query=query, name="Hepsi", negative_only=False)
    rule.recipients.set(people)
    now = timezone.now()
    Alert.objects.bulk_create(
        Alert(
            rule=rule,
            recipient=person,
            kind="item",
            key=f"item:{item.pk}",
            item=item,
            data={"query": query.name},
            due_at=now,
        )
        for person in people
        for item in ItemFactory.create_batch(4)
    )

    outcomes = in_threads(lambda: actions.deliver_due_alerts(now=now))

    if connection.vendor == "postgresql":
        assert sum(outcomes) == 12
    # Whatever each worker claimed, nobody got an alert twice and nothing was lost.
    sent_keys = [
        (tuple(mail.rcpt_tos), line)
        for mail in smtp_sink.messages
        for line in mail.text().splitlines()
        if "/staff/monitoring/items/" in line
    ]
    assert len(sent_keys) == len(set(sent_keys))
    if connection.vendor == "postgresql":  # SQLite's shared test database may lock instead
        assert Alert.objects.filter(sent_at__isnull=False).count() == len(sent_keys) == 12
