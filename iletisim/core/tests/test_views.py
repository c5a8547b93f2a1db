"""Dashboard, audit trail, calendar and unit pages, by role."""

import datetime as dt

import pytest

from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action
from iletisim.core.models import AuditEntry, DayOff

pytestmark = pytest.mark.django_db


def nav_keys(response):
    return [item["key"] for item in response.context["staff_nav"]]


ALL_ROLES = [
    (Role.ADMIN, "basin-halkla-iliskiler"),
    (Role.DIRECTOR, "basin-halkla-iliskiler"),
    (Role.PRESS_OFFICER, "basin-yayin"),
    (Role.PR_OPERATOR, "halkla-iliskiler"),
    (Role.UNIT_MANAGER, "fen-isleri"),
    (Role.UNIT_STAFF, "fen-isleri"),
    (Role.MAYORS_OFFICE, "ozel-kalem"),
    (Role.AUDITOR, "basin-halkla-iliskiler"),
]


@pytest.mark.parametrize(("role", "unit"), ALL_ROLES)
def test_the_menu_offers_exactly_the_areas_the_role_may_open(client, as_role, role, unit):
    """Every registered area is in the menu if and only if its page opens (not 403)."""
    from django.urls import reverse

    from iletisim.core.navigation import all_items

    as_role(role, unit)
    shown = set(nav_keys(client.get("/staff/")))
    for item in all_items():
        status = client.get(reverse(item.url_name)).status_code
        assert (item.key in shown) == (status == 200), (item.key, status)
        assert status in (200, 403), (item.key, status)


@pytest.mark.parametrize(
    ("role", "unit", "audit", "people"),
    [
        (Role.ADMIN, "basin-halkla-iliskiler", True, True),
        (Role.AUDITOR, "basin-halkla-iliskiler", True, False),
        (Role.DIRECTOR, "basin-halkla-iliskiler", False, False),
        (Role.UNIT_STAFF, "fen-isleri", False, False),
    ],
)
def test_administration_areas_are_offered_to_admins_and_auditors_only(
    client, as_role, role, unit, audit, people
):
    as_role(role, unit)
    shown = nav_keys(client.get("/staff/"))
    assert shown[:3] == ["dashboard", "units", "calendar"]
    assert ("audit" in shown) is audit
    assert ("people" in shown) is people


def test_the_dashboard_shows_panels_by_role(client, as_role):
    as_role(Role.ADMIN)
    admin_panels = [p["key"] for p in client.get("/staff/").context["panels"]]
    assert {"my-roles", "calendar", "audit", "system"} <= set(admin_panels)
    client.logout()
    as_role(Role.UNIT_STAFF, "fen-isleri")
    staff_panels = [p["key"] for p in client.get("/staff/").context["panels"]]
    assert staff_panels[:2] == ["my-roles", "calendar"]
    assert not {"audit", "system"} & set(staff_panels)


def test_a_units_staff_is_refused_another_units_page(client, as_role):
    as_role(Role.UNIT_STAFF, "fen-isleri")
    assert client.get("/staff/units/fen-isleri/").status_code == 200
    response = client.get("/staff/units/zabita/")
    assert response.status_code == 403
    assert "yetkiniz" in response.content.decode().lower()
    listed = [u.code for u in client.get("/staff/units/").context["units"]]
    assert listed == ["fen-isleri"]


def test_an_unknown_unit_is_404(client, as_role):
    as_role(Role.ADMIN)
    assert client.get("/staff/units/no-such-unit/").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.DIRECTOR, Role.PRESS_OFFICER, Role.UNIT_STAFF, Role.MAYORS_OFFICE]
)
def test_only_admins_and_auditors_open_the_audit_trail(client, as_role, role):
    as_role(role)
    assert client.get("/staff/audit/").status_code == 403


def test_the_audit_trail_filters_by_action_and_pages_without_gaps(client, as_role):
    auditor = as_role(Role.AUDITOR)
    for n in range(120):
        log_action("core.day_off.added", actor=auditor, data={"n": n})
    log_action("core.day_off.removed", actor=auditor)
    seen, url = [], "/staff/audit/?action=core.day_off.added"
    for _page in range(10):
        if not url:
            break
        response = client.get(url)
        assert response.status_code == 200
        seen += [e.data["n"] for e in response.context["entries"]]
        cursor = response.context["next_cursor"]
        url = f"/staff/audit/?action=core.day_off.added&after={cursor}" if cursor else ""
    assert seen == list(range(119, -1, -1))


def test_the_audit_trail_rejects_a_reversed_date_range(client, as_role):
    as_role(Role.ADMIN)
    response = client.get("/staff/audit/?since=2026-05-02&until=2026-05-01")
    assert "başlangıç tarihi" in response.content.decode().lower()


def test_an_admin_declares_a_day_off_and_deadlines_move(client, as_role):
    from iletisim.core.calendar import get_calendar

    as_role(Role.ADMIN)
    before = get_calendar().add_working_days(dt.date(2026, 3, 17), 15)
    response = client.post("/staff/calendar/", {"date": "2026-03-23", "name": "İdari izin"})
    assert response.status_code == 302
    assert DayOff.objects.get().name == "İdari izin"
    assert get_calendar().add_working_days(dt.date(2026, 3, 17), 15) == before + dt.timedelta(
        days=1
    )
    assert AuditEntry.objects.filter(action="core.day_off.added").count() == 1


def test_declaring_the_same_day_twice_or_a_weekend_is_refused(client, as_role):
    as_role(Role.ADMIN)
    client.post("/staff/calendar/", {"date": "2026-03-23", "name": "İdari izin"})
    again = client.post("/staff/calendar/", {"date": "2026-03-23", "name": "Yine"})
    assert again.status_code == 200 and again.context["form"].errors
    weekend = client.post("/staff/calendar/", {"date": "2026-03-28", "name": "Cumartesi"})
    assert weekend.context["form"].errors
    assert DayOff.objects.count() == 1


def test_staff_see_the_calendar_but_cannot_change_it(client, as_role):
    as_role(Role.PRESS_OFFICER, "basin-yayin")
    page = client.get("/staff/calendar/?year=2026")
    assert page.status_code == 200
    assert "Kurban Bayramı" in page.content.decode()
    assert client.post("/staff/calendar/", {"date": "2026-03-23", "name": "x"}).status_code == 403
    assert not DayOff.objects.exists()


def test_an_admin_removes_a_day_off(client, as_role):
    as_role(Role.ADMIN)
    client.post("/staff/calendar/", {"date": "2026-03-23", "name": "İdari izin"})
    day_off = DayOff.objects.get()
    assert client.post(f"/staff/calendar/days-off/{day_off.pk}/delete/").status_code == 302
    assert not DayOff.objects.exists()
    assert AuditEntry.objects.filter(action="core.day_off.removed").exists()
