"""The alert rule page: who may use it, saving with an audit entry, what the form refuses."""

from __future__ import annotations

import pytest

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring.alerts.models import AlertRule
from iletisim.monitoring.models import WatchQuery

pytestmark = pytest.mark.django_db
RULES = "/staff/monitoring/alerts/"


@pytest.fixture
def query():
    return WatchQuery.objects.create(name="Başkan", text='"Belediye Başkanı"')


def form_data(query, people, **overrides):
    data = {
        "name": "Olumsuz ulusal haberler",
        "query": query.pk,
        "active": "on",
        "delivery": "immediate",
        "negative_only": "on",
        "min_reach": "100000",
        "spikes": "on",
        "spike_sigmas": "3",
        "spike_min_count": "5",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "recipients": [person.pk for person in people],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", [Role.PRESS_OFFICER, Role.DIRECTOR, Role.ADMIN])
def test_press_officers_the_director_and_admins_manage_alert_rules(client, as_role, role, query):
    user = as_role(role)
    AlertRule.objects.create(query=query, name="Mevcut kural")
    assert "Mevcut kural" in client.get(RULES).content.decode()
    response = client.post(RULES + "new/", form_data(query, [user]))
    assert response.status_code == 302
    assert AlertRule.objects.filter(name="Olumsuz ulusal haberler").exists()


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Role.UNIT_STAFF, "fen-isleri"),
        (Role.UNIT_MANAGER, "fen-isleri"),
        (Role.MAYORS_OFFICE, "ozel-kalem"),
        (Role.PR_OPERATOR, "basin-halkla-iliskiler"),
        (Role.AUDITOR, "basin-halkla-iliskiler"),
    ],
)
def test_other_roles_cannot_open_or_change_alert_rules(client, as_role, role, unit, query):
    user = as_role(role, unit)
    rule = AlertRule.objects.create(query=query, name="Mevcut kural")
    assert client.get(RULES).status_code == 403
    assert client.post(RULES + "new/", form_data(query, [user])).status_code == 403
    assert client.post(f"{RULES}{rule.pk}/", form_data(query, [user])).status_code == 403
    assert AlertRule.objects.count() == 1 and AlertRule.objects.get().name == "Mevcut kural"


def test_a_saved_rule_and_its_changes_are_audited(client, as_role, query, make_user):
    officer = as_role(Role.PRESS_OFFICER)
    director = make_user(Role.DIRECTOR, "basin-halkla-iliskiler")
    client.post(RULES + "new/", form_data(query, [officer]))
    rule = AlertRule.objects.get()
    assert rule.created_by == officer and list(rule.recipients.all()) == [officer]
    created = AuditEntry.objects.get(action="monitoring.alert_rule.created")
    assert created.data["min_reach"] == 100000 and created.data["recipients"] == [officer.pk]
    client.post(f"{RULES}{rule.pk}/", form_data(query, [officer, director], min_reach="0"))
    changed = AuditEntry.objects.get(action="monitoring.alert_rule.updated")
    assert changed.data["min_reach"] == [100000, 0]
    assert changed.data["recipients"] == [[officer.pk], sorted([officer.pk, director.pk])]
    assert "name" not in changed.data


def test_only_people_who_may_open_the_desk_can_be_recipients(client, as_role, query, make_user):
    as_role(Role.PRESS_OFFICER)
    outsider = make_user(Role.UNIT_STAFF, "fen-isleri")
    page = client.get(RULES + "new/").content.decode()
    assert outsider.email not in page
    response = client.post(RULES + "new/", form_data(query, [outsider]))
    assert response.status_code == 200 and not AlertRule.objects.exists()


def test_quiet_hours_need_both_ends(client, as_role, query):
    officer = as_role(Role.PRESS_OFFICER)
    response = client.post(RULES + "new/", form_data(query, [officer], quiet_end=""))
    assert "Sessiz saatlerin" in response.content.decode()
    assert not AlertRule.objects.exists()


def test_the_rule_page_needs_a_csrf_token(as_role, query):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    user = as_role(Role.PRESS_OFFICER)
    strict.force_login(user)
    assert strict.post(RULES + "new/", form_data(query, [user])).status_code == 403
    assert not AlertRule.objects.exists()


def test_a_rule_can_ask_for_whatsapp_and_the_list_says_so(client, as_role, query):
    officer = as_role(Role.PRESS_OFFICER)

    client.post(RULES + "new/", form_data(query, [officer], by_whatsapp="on"))

    rule = AlertRule.objects.get()
    assert rule.by_whatsapp and not rule.by_sms
    assert AuditEntry.objects.get(action="monitoring.alert_rule.created").data["by_whatsapp"]
    assert "Hemen · WhatsApp" in client.get(RULES).text
