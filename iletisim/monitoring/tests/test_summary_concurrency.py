"""Two schedulers and two workers at the same moment: one summary, sent once."""

from __future__ import annotations

import pytest
from django.db import connection

from iletisim.lib.testing.concurrency import in_threads
from iletisim.monitoring.summary import actions
from iletisim.monitoring.summary.models import PressSummary
from iletisim.monitoring.tests.factories import ItemFactory
from iletisim.monitoring.tests.test_summary_actions import MORNING, night

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_schedulers_drafting_at_the_same_moment_make_one_summary_sent_once(
    smtp_sink, settings, make_user
):
    settings.SUMMARY_RECIPIENTS = ["baskan@belediye.example"]
    ItemFactory(fetched_at=night())

    drafted = in_threads(lambda: actions.draft_summary(now=MORNING))

    assert PressSummary.objects.count() == 1
    assert sum(1 for d in drafted if isinstance(d, PressSummary)) == 1
    summary = PressSummary.objects.get()
    actions.approve_summary(summary=summary, by=make_user("press_officer"))

    outcomes = in_threads(lambda: actions.deliver_summary(summary_id=summary.pk))

    assert outcomes.count("sent") == 1
    assert all(o in ("sent", "skipped") or connection.vendor == "sqlite" for o in outcomes)
    assert len([m for m in smtp_sink.messages if "baskan@belediye.example" in m.rcpt_tos]) == 1
