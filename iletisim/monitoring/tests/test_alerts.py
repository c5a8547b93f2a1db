"""Alerts: which hits raise one and for whom, one per person and story, quiet hours,
digests, spikes, and delivery by e-mail through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.core.scheduler import JOBS
from iletisim.monitoring import watch
from iletisim.monitoring.alerts import actions, spikes
from iletisim.monitoring.alerts.models import Alert, AlertDelivery, AlertRule
from iletisim.monitoring.models import QueryHit, Story, WatchQuery
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory

pytestmark = pytest.mark.django_db
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
NEGATIVE = "Kadıköy Belediyesi'nin ihalesinde yolsuzluk skandalı: vatandaşlar şikayetçi."
POSITIVE = "Kadıköy Belediyesi yeni parkı hizmete açtı; vatandaşlar çok memnun, başarılı bir iş."


def at(hour: int, minute: int = 0, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ISTANBUL)


@pytest.fixture(autouse=True)
def _fresh_matcher():
    watch.forget_matcher()
    yield
    watch.forget_matcher()


@pytest.fixture
def officer(make_user):
    return make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler", email="basin@belediye.example")


@pytest.fixture
def query():
    return WatchQuery.objects.create(name="Belediye", text='"Kadıköy Belediyesi"')


def make_rule(query, people, **fields) -> AlertRule:
    fields.setdefault("name", "Olumsuz haberler")
    fields.setdefault("spikes", False)
    rule = AlertRule.objects.create(query=query, **fields)
    rule.recipients.set(people)
    return rule


def arrive(text: str, *, reach: int = 50_000, story: Story | None = None, **fields):
    """An item as the pipeline files it: stored, in a story, then matched."""
    item = ItemFactory(
        title=fields.pop("title", "Belediyede son durum"),
        text=text,
        outlet=OutletFactory(reach=reach),
        published_at=fields.pop("published_at", timezone.now()),
        **fields,
    )
    item.story = story or Story.objects.create(title=item.title, first_item=item)
    item.save(update_fields=["story"])
    watch.match_item(item)
    return item


def test_a_negative_item_from_a_big_outlet_is_emailed_to_the_rules_recipients(
    smtp_sink, officer, query, django_capture_on_commit_callbacks
):
    make_rule(query, [officer], min_reach=10_000)
    with django_capture_on_commit_callbacks(execute=True):
        item = arrive(NEGATIVE, title="İhalede yolsuzluk iddiası")
    assert item.tone == "negative"
    assert actions.deliver_due_alerts() == 1
    [mail] = smtp_sink.messages
    assert mail.rcpt_tos == ["basin@belediye.example"]
    assert "İhalede yolsuzluk iddiası" in mail.subject and "Belediye" in mail.subject
    assert f"/staff/monitoring/items/{item.pk}/" in mail.text()
    assert AuditEntry.objects.filter(action="monitoring.alert.sent").count() == 1
    assert actions.deliver_due_alerts() == 0  # sent once
    assert len(smtp_sink.messages) == 1


def test_positive_items_and_small_outlets_raise_no_immediate_alert(officer, query):
    make_rule(query, [officer], min_reach=10_000)
    arrive(POSITIVE)
    arrive(NEGATIVE, reach=2_000)
    assert not Alert.objects.exists()


def test_a_rule_for_every_item_alerts_on_positive_news_too(officer, query):
    make_rule(query, [officer], negative_only=False)
    arrive(POSITIVE)
    assert Alert.objects.get().recipient == officer


def test_copies_of_one_story_make_one_alert_per_person_even_across_queries(officer, query):
    other = WatchQuery.objects.create(name="İhale", text="ihale*")
    make_rule(query, [officer])
    make_rule(other, [officer], name="İhaleler")
    first = arrive(NEGATIVE, title="Yolsuzluk iddiası")
    arrive(NEGATIVE, title="Yolsuzluk iddiası (kopya)", story=first.story)
    assert QueryHit.objects.count() == 4
    alert = Alert.objects.get()
    assert alert.key == f"story:{first.story_id}" and alert.item == first


def test_a_person_who_cannot_open_the_desk_is_never_alerted(make_user, officer, query):
    outsider = make_user(Role.UNIT_STAFF, "fen-isleri")
    rule = make_rule(query, [officer, outsider])
    arrive(NEGATIVE)
    assert list(Alert.objects.values_list("recipient", flat=True)) == [officer.pk]
    rule.recipients.set([outsider])
    arrive(NEGATIVE, title="Başka bir haber")
    assert Alert.objects.count() == 1


def test_an_old_article_found_late_raises_no_alert(officer, query):
    make_rule(query, [officer])
    arrive(NEGATIVE, published_at=timezone.now() - dt.timedelta(days=5))
    assert not Alert.objects.exists()


def test_quiet_hours_hold_an_alert_until_they_end(smtp_sink, officer, query):
    make_rule(query, [officer], quiet_start=dt.time(22), quiet_end=dt.time(7))
    with time_machine.travel(at(23, 15), tick=False):
        arrive(NEGATIVE, title="Gece gelen haber")
        assert actions.deliver_due_alerts() == 0
    with time_machine.travel(at(6, 59, day=11), tick=False):
        assert actions.deliver_due_alerts() == 0
    assert smtp_sink.messages == []
    with time_machine.travel(at(7, 0, day=11), tick=False):
        assert actions.deliver_due_alerts() == 1
    assert "Gece gelen haber" in smtp_sink.messages[0].subject


def test_an_urgent_rule_is_sent_during_quiet_hours(smtp_sink, officer, query):
    make_rule(query, [officer], quiet_start=dt.time(22), quiet_end=dt.time(7), urgent=True)
    with time_machine.travel(at(2, 30), tick=False):
        arrive(NEGATIVE)
        assert actions.deliver_due_alerts() == 1
    assert len(smtp_sink.messages) == 1


def test_quiet_hours_within_one_day_are_respected(officer, query):
    rule = make_rule(query, [officer], quiet_start=dt.time(12), quiet_end=dt.time(13, 30))
    assert actions.due_time(rule, at(12, 10)) == at(13, 30)
    assert actions.due_time(rule, at(13, 30)) == at(13, 30)
    assert actions.due_time(rule, at(11, 59)) == at(11, 59)


def test_an_hourly_digest_gathers_the_hours_alerts_into_one_email(smtp_sink, officer, query):
    make_rule(query, [officer], delivery=AlertDelivery.HOURLY)
    with time_machine.travel(at(10, 5), tick=False):
        arrive(NEGATIVE, title="Birinci haber")
        arrive(NEGATIVE, title="İkinci haber")
        assert actions.deliver_due_alerts() == 0
    with time_machine.travel(at(11, 0), tick=False):
        assert actions.deliver_due_alerts() == 2
    [mail] = smtp_sink.messages
    assert "2" in mail.subject
    assert "Birinci haber" in mail.text() and "İkinci haber" in mail.text()


def test_a_daily_digest_waits_for_the_configured_time_and_quiet_hours(officer, query, settings):
    settings.MONITORING_ALERT_DAILY_AT = "08:30"
    rule = make_rule(query, [officer], delivery=AlertDelivery.DAILY)
    assert actions.due_time(rule, at(9, 0)) == at(8, 30, day=11)
    assert actions.due_time(rule, at(7, 0)) == at(8, 30)
    rule.quiet_start, rule.quiet_end = dt.time(20), dt.time(9)
    assert actions.due_time(rule, at(7, 0)) == at(9, 0)


def test_a_failed_sending_is_kept_and_retried_by_the_next_run(smtp_sink, officer, query):
    make_rule(query, [officer])
    arrive(NEGATIVE)
    smtp_sink.handler.refuse.add("basin@belediye.example")
    assert actions.deliver_due_alerts() == 0
    alert = Alert.objects.get()
    assert alert.sent_at is None and alert.attempts == 1 and "550" in alert.last_error
    smtp_sink.handler.refuse.clear()
    assert actions.deliver_due_alerts() == 1
    assert len(smtp_sink.messages) == 1


# --- SMS -------------------------------------------------------------------------------------


def test_a_rule_that_asks_for_sms_texts_the_recipients_phone_once_besides_the_email(
    smtp_sink, officer, query, settings
):
    from iletisim.lib.sms import console

    settings.SMS_PROVIDER = "console"
    officer.phone = "0532 111 22 33"
    officer.save(update_fields=["phone"])
    make_rule(query, [officer], by_sms=True)
    console.OUTBOX.clear()
    arrive(NEGATIVE, title="İhalede yolsuzluk iddiası")
    assert actions.deliver_due_alerts() == 1
    [(phone, text)] = console.OUTBOX
    assert phone == "0532 111 22 33"
    assert "İhalede yolsuzluk iddiası" in text and "/staff/monitoring/" in text
    assert len(text) <= 160
    assert len(smtp_sink.messages) == 1
    assert AuditEntry.objects.filter(action="monitoring.alert.sms_sent").count() == 1
    assert actions.deliver_due_alerts() == 0
    assert len(console.OUTBOX) == 1


def test_no_sms_for_rules_without_it_for_digests_or_for_recipients_without_a_phone(
    smtp_sink, officer, query, make_user, settings
):
    from iletisim.lib.sms import console

    settings.SMS_PROVIDER = "console"
    officer.phone = "05321112233"
    officer.save(update_fields=["phone"])
    no_phone = make_user(Role.DIRECTOR, "basin-halkla-iliskiler", email="mudur@belediye.example")
    make_rule(query, [officer], name="E-posta", by_sms=False)
    make_rule(query, [no_phone], name="SMS, telefonsuz", by_sms=True)
    console.OUTBOX.clear()
    arrive(NEGATIVE)
    assert actions.deliver_due_alerts() == 2
    assert console.OUTBOX == []


def test_a_digest_rule_asking_for_sms_is_emailed_only(smtp_sink, officer, query, settings):
    from iletisim.lib.sms import console

    settings.SMS_PROVIDER = "console"
    officer.phone = "05321112233"
    officer.save(update_fields=["phone"])
    make_rule(query, [officer], by_sms=True, delivery=AlertDelivery.HOURLY)
    console.OUTBOX.clear()
    with time_machine.travel(at(10, 5), tick=False):
        arrive(NEGATIVE)
    with time_machine.travel(at(11, 0), tick=False):
        assert actions.deliver_due_alerts() == 1
    assert len(smtp_sink.messages) == 1
    assert console.OUTBOX == []


def test_an_sms_gateway_that_is_down_leaves_the_emailed_alert_sent(
    smtp_sink, officer, query, settings
):
    settings.SMS_PROVIDER = "netgsm"
    settings.NETGSM_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    settings.NETGSM_USERCODE, settings.NETGSM_PASSWORD = "8501234567", "secret"
    officer.phone = "05321112233"
    officer.save(update_fields=["phone"])
    make_rule(query, [officer], by_sms=True)
    arrive(NEGATIVE)
    assert actions.deliver_due_alerts() == 1
    assert Alert.objects.get().sent_at is not None
    assert len(smtp_sink.messages) == 1
    assert not AuditEntry.objects.filter(action="monitoring.alert.sms_sent").exists()


# --- WhatsApp --------------------------------------------------------------------------------


@pytest.fixture
def graph(settings):
    from iletisim.lib.testing.whatsapp import FakeGraphAPI

    with FakeGraphAPI() as fake:
        settings.WHATSAPP_ACCESS_TOKEN = fake.access_token
        settings.WHATSAPP_PHONE_NUMBER_ID = fake.phone_number_id
        settings.WHATSAPP_API_BASE = fake.api_base
        yield fake


def test_a_rule_that_asks_for_whatsapp_sends_the_approved_template_once(
    smtp_sink, officer, query, graph
):
    officer.phone = "0532 111 22 33"
    officer.save(update_fields=["phone"])
    make_rule(query, [officer], by_whatsapp=True)
    arrive(NEGATIVE, title="İhalede yolsuzluk iddiası")

    assert actions.deliver_due_alerts() == 1
    assert actions.deliver_due_alerts() == 0

    [message] = graph.sent
    assert message["to"] == "905321112233"
    assert message["type"] == "template"  # staff never wrote to us: no free text allowed
    assert message["template"]["name"] == "izleme_uyarisi"
    what, link = (p["text"] for p in message["template"]["components"][0]["parameters"])
    assert "İhalede yolsuzluk iddiası" in what and link.endswith("/staff/monitoring/")
    assert len(smtp_sink.messages) == 1
    entry = AuditEntry.objects.get(action="monitoring.alert.whatsapp_sent")
    assert entry.data["message"] == message["id"]


def test_no_whatsapp_for_digests_or_without_a_number_and_a_refusal_keeps_the_email(
    smtp_sink, officer, query, graph, make_user
):
    officer.phone = "05321112233"
    officer.save(update_fields=["phone"])
    no_phone = make_user(Role.DIRECTOR, "basin-halkla-iliskiler", email="mudur@belediye.example")
    make_rule(query, [no_phone], name="Numarasız", by_whatsapp=True)
    make_rule(query, [officer], name="Saatlik", by_whatsapp=True, delivery=AlertDelivery.HOURLY)
    arrive(NEGATIVE)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert actions.deliver_due_alerts() == 2
    assert graph.sent == []

    make_rule(query, [officer], name="Hemen", by_whatsapp=True)
    graph.fail_next.append((400, {"message": "Template name does not exist", "code": 132001}))
    arrive("Kadıköy Belediyesi'nde ikinci skandal: vatandaşlar şikayetçi.", title="İkinci")
    assert actions.deliver_due_alerts() == 2  # "Hemen" and "Numarasız"; "Saatlik" waits
    assert len(graph.sent) == 0  # Meta refused the template
    assert Alert.objects.filter(rule__name="Hemen").get().sent_at is not None
    assert not AuditEntry.objects.filter(action="monitoring.alert.whatsapp_sent").exists()


@pytest.mark.parametrize(
    ("typed", "international"),
    [
        ("0532 111 22 33", "905321112233"),
        ("532 111 2233", "905321112233"),
        ("+90 (532) 111-22-33", "905321112233"),
        ("0049 30 1234567", "49301234567"),
        ("", None),
        ("1234", None),
    ],
)
def test_staff_phone_numbers_are_put_in_international_form(typed, international):
    from iletisim.lib.turkish import international_phone

    assert international_phone(typed) == international


# --- Spikes ------------------------------------------------------------------------------


def test_the_spike_threshold_is_the_mean_plus_k_standard_deviations():
    flat = [2] * 14
    assert spikes.assess(5, flat, sigmas=3, min_count=5).threshold == 5  # sigma floored at 1
    assert spikes.assess(5, flat, sigmas=3, min_count=5).is_spike
    assert not spikes.assess(4, flat, sigmas=3, min_count=5).is_spike
    varied = [0, 4] * 7  # mean 2, population sd 2
    result = spikes.assess(8, varied, sigmas=3, min_count=5)
    assert (result.mean, result.std, result.threshold) == (2, 2, 8) and result.is_spike
    assert not spikes.assess(7, varied, sigmas=3, min_count=5).is_spike


def test_a_quiet_query_needs_the_minimum_count_to_spike():
    silent = [0] * 14
    assert spikes.assess(4, silent, sigmas=3, min_count=5).threshold == 5
    assert not spikes.assess(4, silent, sigmas=3, min_count=5).is_spike


def test_daily_counts_put_each_hit_on_its_local_day_with_empty_days_as_zero(query):
    now = at(15)
    for days_ago, count in ((0, 3), (1, 2), (13, 1), (14, 4), (15, 9)):
        for _ in range(count):
            item = ItemFactory(fetched_at=now - dt.timedelta(days=days_ago))
            QueryHit.objects.create(query=query, item=item)
    # 00:30 local today is still yesterday in UTC: counted on today, the local day.
    QueryHit.objects.create(query=query, item=ItemFactory(fetched_at=at(0, 30)))
    today, history = spikes.daily_counts([query.pk], now=now)[query.pk]
    assert today == 4
    assert len(history) == 14 and history[-1] == 2 and history[1] == 1 and history[0] == 4
    assert sum(history) == 7


def test_a_spike_is_alerted_once_a_day_by_the_scheduled_job(smtp_sink, officer, query):
    make_rule(query, [officer], negative_only=True, spikes=True, spike_min_count=3)
    now = at(14)
    for days_ago in range(1, 15):  # one item a day for two weeks
        QueryHit.objects.create(
            query=query, item=ItemFactory(fetched_at=now - dt.timedelta(days=days_ago))
        )
    for hour in (9, 10, 11, 12):
        QueryHit.objects.create(query=query, item=ItemFactory(fetched_at=at(hour)))
    assert "monitoring-alerts" in JOBS
    outputs = []
    with time_machine.travel(now, tick=False):
        for _run in range(2):
            out = io.StringIO()
            call_command("monitoring_alerts", stdout=out)
            outputs.append(out.getvalue())
    assert "spike alerts: 1, alerts sent: 1" in outputs[0]
    assert "spike alerts: 0, alerts sent: 0" in outputs[1]  # the log says nothing new either
    [mail] = smtp_sink.messages
    assert "Belediye" in mail.subject
    assert "4" in mail.text()
    alert = Alert.objects.get()
    assert alert.kind == "spike" and alert.data["threshold"] == 4.0


def test_no_spike_when_today_is_ordinary(officer, query):
    make_rule(query, [officer], spikes=True, spike_min_count=3)
    now = at(14)
    for days_ago in range(0, 15):
        QueryHit.objects.create(
            query=query, item=ItemFactory(fetched_at=now - dt.timedelta(days=days_ago))
        )
    assert actions.check_spikes(now=now) == 0


def test_alerts_sent_more_than_90_days_ago_are_forgotten(officer, query):
    make_rule(query, [officer], negative_only=False)
    arrive(POSITIVE)
    Alert.objects.update(sent_at=timezone.now() - dt.timedelta(days=91))
    arrive(POSITIVE, title="Yeni haber")
    Alert.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    assert actions.prune_sent_alerts() == 1
    assert Alert.objects.get().item.title == "Yeni haber"
