"""The demo monitoring data goes through the real pipeline: stories from copies, watch-query
hits, topic and tone, numbers worth a look, and a spike for today's burst."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.monitoring import demo_news
from iletisim.monitoring.alerts import actions as alerts
from iletisim.monitoring.alerts.models import Alert, AlertKind
from iletisim.monitoring.models import Item, QueryHit, Story, WatchQuery

pytestmark = pytest.mark.django_db
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_news_is_filed_matched_classified_and_toned_by_the_pipeline():
    seed()

    items = Item.objects.filter(url__startswith="https://demo.invalid/haber/")
    copies = sum(len(story[2]) for story in demo_news.STORIES)
    assert items.count() == copies
    # every copy joined its story: one story per demo story, however many outlets carried it
    assert Story.objects.filter(items__in=items).distinct().count() == len(demo_news.STORIES)
    assert not items.filter(matched_by_query=False).exists()
    assert not items.filter(topic__isnull=True).exists()
    assert set(items.values_list("tone", flat=True)) == {"positive", "neutral", "negative"}

    # the Turkish-aware matcher found the name in its inflected forms (Belediyesi'nden, ...)
    own = WatchQuery.objects.get(name="Örnek Belediyesi")
    inflected = items.get(
        title="Örnek Belediyesi'nden Caddebostan'a yeni park müjdesi", url__endswith="/0"
    )
    assert QueryHit.objects.filter(query=own, item=inflected).exists()
    blame = items.filter(title="Göztepe'de toplanmayan çöpler tepki çekti").first()
    assert blame is not None and blame.tone == "negative"
    peer = WatchQuery.objects.get(name="Yenikent Belediyesi")
    assert not QueryHit.objects.filter(query=peer, item=inflected).exists()


def test_seeding_again_adds_nothing():
    seed()
    counts = (Item.objects.count(), QueryHit.objects.count(), Story.objects.count())
    assert "news items added: 0" in seed()
    assert (Item.objects.count(), QueryHit.objects.count(), Story.objects.count()) == counts


def test_the_numbers_page_shows_the_municipality_against_its_peers(client):
    seed()
    client.force_login(User.objects.get(username="basin"))

    page = client.get(reverse("monitoring:numbers")).content.decode()

    for name in ("Örnek Belediyesi", "Yenikent Belediyesi", "Deniztepe Belediyesi", "Fikirtepe"):
        assert name in page
    assert "Bu dönemde eşleşme yok" not in page


@pytest.mark.parametrize("hour", [0, 3, 15])
def test_todays_burst_is_a_spike_for_the_press_officers_at_any_hour(hour):
    moment = dt.datetime(2026, 11, 26, hour, 20, tzinfo=ISTANBUL)
    with time_machine.travel(moment, tick=False):
        seed()
        assert alerts.check_spikes() >= 1

    spike = Alert.objects.get(kind=AlertKind.SPIKE, recipient__username="basin")
    assert spike.data["query"] == "Örnek Belediyesi"
    assert User.objects.get(username="basin").has_role(Role.PRESS_OFFICER)
