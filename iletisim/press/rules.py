"""Permissions of press: the press office writes and sends, the director and the mayor's
office approve their steps (see workflow.py), unit staff see only the items that concern
their directorate, the auditor reads."""

from __future__ import annotations

from typing import Any

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role, is_member_of_unit, is_staff_member, sees_all_units

is_press_officer = has_role(Role.PRESS_OFFICER)
is_press_writer = has_role(Role.PRESS_OFFICER, Role.ADMIN)
is_press_reader = has_role(
    Role.PRESS_OFFICER, Role.ADMIN, Role.DIRECTOR, Role.MAYORS_OFFICE, Role.AUDITOR
)


@rules.predicate
def concerns_my_unit(user: Any, communication: Any) -> bool:
    if communication is None or not getattr(user, "is_authenticated", False):
        return False
    return any(
        unit_id in user.unit_ids for unit_id in communication.units.values_list("id", flat=True)
    )


rules.add_perm("press.list_communications", is_staff_member)
rules.add_perm(
    "press.view_communication",
    is_staff_member & (sees_all_units | is_press_officer | concerns_my_unit),
)
rules.add_perm("press.add_communication", is_press_writer)
rules.add_perm("press.change_communication", is_press_writer)
rules.add_perm("press.view_contacts", is_press_reader)
rules.add_perm("press.manage_contacts", is_press_writer)
rules.add_perm("press.lift_do_not_contact", has_role(Role.ADMIN))
rules.add_perm("press.view_distributions", is_press_reader)
rules.add_perm("press.distribute", is_press_writer)
rules.add_perm("press.view_rebuttals", is_press_reader)
rules.add_perm("press.manage_rebuttals", is_press_writer)
rules.add_perm("press.view_requests", is_press_reader)
rules.add_perm("press.manage_requests", is_press_writer)


@rules.predicate
def is_member_of_task_unit(user: Any, task: Any) -> bool:
    return task is not None and is_member_of_unit(user, task.unit_id)


rules.add_perm("press.view_tasks", is_staff_member)
# The auditor reads only, even in their own unit.
rules.add_perm(
    "press.complete_task", (is_press_writer | is_member_of_task_unit) & ~has_role(Role.AUDITOR)
)
