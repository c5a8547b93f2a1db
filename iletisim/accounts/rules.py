"""Permission predicates (django-rules) shared by every app, and the accounts permissions.

Other apps build their own `rules.py` from these predicates: `has_role(...)` for what a
role may do anywhere, `is_member_of_unit` for work that belongs to one unit.
"""

from __future__ import annotations

from typing import Any

import rules

from iletisim.accounts.roles import Role


def has_role(*roles: str) -> Any:
    name = "has_role:" + ",".join(sorted(roles))

    @rules.predicate(name=name)
    def _has_role(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles)

    return _has_role


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_staff_member


@rules.predicate
def sees_all_units(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.sees_all_units


@rules.predicate
def is_member_of_unit(user: Any, unit: Any) -> bool:
    """The user belongs to this unit or to a unit above it in the tree."""
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    unit_id = getattr(unit, "pk", unit)
    return unit_id in user.unit_ids


is_admin = has_role(Role.ADMIN)
is_auditor = has_role(Role.AUDITOR)
is_director = has_role(Role.DIRECTOR)
is_unit_manager = has_role(Role.UNIT_MANAGER)

# Who may open a unit's pages: those who look across all units, or the unit's own people.
can_view_unit = sees_all_units | is_member_of_unit

rules.add_perm("accounts.view_unit", is_staff_member & can_view_unit)
rules.add_perm("accounts.list_units", is_staff_member)
rules.add_perm("accounts.manage_users", is_admin)
