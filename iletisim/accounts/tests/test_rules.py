"""The permission predicates, tested directly: who may open which unit's pages."""

import pytest

from iletisim.accounts.models import Unit
from iletisim.accounts.roles import Role

pytestmark = pytest.mark.django_db


def unit(code):
    return Unit.objects.get(code=code)


def test_a_units_staff_sees_only_its_own_unit(make_user):
    staff = make_user(Role.UNIT_STAFF, "fen-isleri")
    assert staff.has_perm("accounts.view_unit", unit("fen-isleri"))
    assert not staff.has_perm("accounts.view_unit", unit("zabita"))
    assert not staff.has_perm("accounts.view_unit", unit("basin-halkla-iliskiler"))


def test_a_unit_manager_sees_the_units_below_theirs(make_user):
    manager = make_user(Role.UNIT_MANAGER, "basin-halkla-iliskiler")
    assert manager.has_perm("accounts.view_unit", unit("basin-yayin"))
    assert manager.has_perm("accounts.view_unit", unit("halkla-iliskiler"))
    assert not manager.has_perm("accounts.view_unit", unit("fen-isleri"))


def test_staff_of_a_sub_unit_does_not_see_the_parent_directorate(make_user):
    press = make_user(Role.UNIT_STAFF, "basin-yayin")
    assert press.has_perm("accounts.view_unit", unit("basin-yayin"))
    assert not press.has_perm("accounts.view_unit", unit("basin-halkla-iliskiler"))


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.DIRECTOR, Role.PR_OPERATOR, Role.MAYORS_OFFICE, Role.AUDITOR]
)
def test_municipality_wide_roles_see_every_unit(make_user, role):
    user = make_user(role, "basin-halkla-iliskiler")
    assert all(user.has_perm("accounts.view_unit", u) for u in Unit.objects.all())


def test_a_press_officer_is_not_municipality_wide(make_user):
    press = make_user(Role.PRESS_OFFICER, "basin-yayin")
    assert not press.has_perm("accounts.view_unit", unit("fen-isleri"))


def test_a_user_without_a_role_or_deactivated_sees_nothing(make_user):
    nobody = make_user(None)
    assert not nobody.has_perm("accounts.view_unit", unit("fen-isleri"))
    assert not nobody.has_perm("accounts.list_units")
    former = make_user(Role.ADMIN)
    former.is_active = False
    former.save()
    former.__dict__.pop("role_set", None)
    assert not former.has_perm("accounts.view_unit", unit("fen-isleri"))


@pytest.mark.parametrize(
    ("role", "audit", "manage_calendar", "manage_users"),
    [
        (Role.ADMIN, True, True, True),
        (Role.AUDITOR, True, False, False),
        (Role.DIRECTOR, False, False, False),
        (Role.PRESS_OFFICER, False, False, False),
        (Role.PR_OPERATOR, False, False, False),
        (Role.UNIT_MANAGER, False, False, False),
        (Role.UNIT_STAFF, False, False, False),
        (Role.MAYORS_OFFICE, False, False, False),
    ],
)
def test_platform_permissions_per_role(make_user, role, audit, manage_calendar, manage_users):
    user = make_user(role, "basin-halkla-iliskiler")
    assert user.has_perm("core.view_audit") is audit
    assert user.has_perm("core.manage_calendar") is manage_calendar
    assert user.has_perm("accounts.manage_users") is manage_users
    assert user.has_perm("core.view_dashboard")


def test_two_factor_is_required_for_admin_director_and_mayors_office(make_user):
    assert make_user(Role.ADMIN).requires_two_factor
    assert make_user(Role.DIRECTOR).requires_two_factor
    assert make_user(Role.MAYORS_OFFICE, "ozel-kalem").requires_two_factor
    assert not make_user(Role.PRESS_OFFICER).requires_two_factor
    assert not make_user(Role.AUDITOR).requires_two_factor
