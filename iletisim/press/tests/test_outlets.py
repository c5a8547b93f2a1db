import datetime as dt

import pytest
from django.urls import reverse

from iletisim.core.models import AuditEntry
from iletisim.monitoring.tests.factories import OutletFactory
from iletisim.press.models import MediaOutlet
from iletisim.press.tests.factories import make_outlet
from iletisim.press.tests.test_views_staff import login

pytestmark = pytest.mark.django_db


def outlet_post(**overrides):
    return {
        "name": "Haftalık Kent",
        "kind": "newspaper",
        "scope": "local",
        "city": "İzmir",
        "periodicity": "weekly",
        "issue_anchor": "2026-05-06",
        "email": "haber@haftalikkent.example",
        "address": "",
        "monitoring_outlet": "",
        "issue_calendar": "",
        **overrides,
    }


def test_a_press_officer_adds_an_outlet_and_it_is_linked_to_monitoring_by_its_name(
    client, make_user
):
    followed = OutletFactory(name="HAFTALIK KENT")
    login(client, make_user, "press_officer")
    response = client.post(reverse("press:outlet-create"), outlet_post(), follow=True)
    assert "Yayın organı kaydedildi" in response.content.decode()
    outlet = MediaOutlet.objects.get(name="Haftalık Kent")
    assert outlet.monitoring_outlet_id == followed.pk
    assert outlet.issue_anchor == dt.date(2026, 5, 6)
    page = client.get(reverse("press:outlet-list")).content.decode()
    assert "HAFTALIK KENT" in page and "Haftalık" in page
    assert AuditEntry.objects.filter(action="press.outlet.created").exists()


def test_a_weekly_without_the_date_of_one_issue_is_refused(client, make_user):
    login(client, make_user, "press_officer")
    response = client.post(reverse("press:outlet-create"), outlet_post(issue_anchor=""))
    assert response.status_code == 200
    assert "Bir sayının tarihini" in response.content.decode()
    assert not MediaOutlet.objects.exists()


def test_a_publication_calendar_is_typed_as_dates_and_bad_ones_are_named(client, make_user):
    login(client, make_user, "press_officer")
    bad = client.post(
        reverse("press:outlet-create"),
        outlet_post(
            periodicity="calendar", issue_anchor="", issue_calendar="15.05.2026\n31.02.2026"
        ),
    )
    assert "31.02.2026" in bad.content.decode()
    client.post(
        reverse("press:outlet-create"),
        outlet_post(
            periodicity="calendar", issue_anchor="", issue_calendar="01.06.2026 15.05.2026"
        ),
    )
    assert MediaOutlet.objects.get().issue_dates == ["2026-05-15", "2026-06-01"]


def test_editing_an_outlet_keeps_its_chosen_monitoring_outlet_and_refuses_a_taken_one(
    client, make_user
):
    first, second = OutletFactory(name="Kent Postası"), OutletFactory(name="Sabah Postası")
    make_outlet("Sabah", monitoring_outlet_id=second.pk)
    ours = make_outlet("Kent", periodicity="daily")
    login(client, make_user, "press_officer")
    url = reverse("press:outlet-edit", args=[ours.pk])
    form = client.get(url).content.decode()
    assert "Kent Postası" in form and "Sabah Postası" not in form  # taken ones are not offered
    client.post(url, outlet_post(name="Kent", periodicity="daily", monitoring_outlet=first.pk))
    ours.refresh_from_db()
    assert ours.monitoring_outlet_id == first.pk
    refused = client.post(
        url, outlet_post(name="Kent", periodicity="daily", monitoring_outlet=second.pk)
    )
    assert refused.status_code == 200
    ours.refresh_from_db()
    assert ours.monitoring_outlet_id == first.pk


def test_the_auditor_sees_the_outlets_but_cannot_change_them(client, make_user):
    outlet = make_outlet()
    login(client, make_user, "auditor", "basin-halkla-iliskiler")
    assert client.get(reverse("press:outlet-list")).status_code == 200
    assert client.get(reverse("press:outlet-create")).status_code == 403
    assert (
        client.post(reverse("press:outlet-edit", args=[outlet.pk]), outlet_post()).status_code
        == 403
    )
