"""Who may do what with citizen requests.

The central desk (pr_operator) and the roles that look across all units see every request;
directorate staff and managers see only requests routed to their unit (or below it).
Contact details are shown to those who need to reach the citizen: the desk, the unit's
manager and the person the request is assigned to; everyone else sees them masked.
"""

from __future__ import annotations

from typing import Any

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role, is_member_of_unit, sees_all_units


@rules.predicate
def in_request_unit(user: Any, sr: Any) -> bool:
    return sr is not None and sr.unit_id is not None and is_member_of_unit(user, sr.unit_id)


@rules.predicate
def is_assignee(user: Any, sr: Any) -> bool:
    return sr is not None and sr.assignee_id is not None and sr.assignee_id == user.pk


is_desk = has_role(Role.PR_OPERATOR, Role.ADMIN)
is_unit_worker = has_role(Role.UNIT_STAFF, Role.UNIT_MANAGER)
is_unit_manager = has_role(Role.UNIT_MANAGER)

rules.add_perm(
    "service_requests.view_inbox",
    is_desk | has_role(Role.DIRECTOR, Role.MAYORS_OFFICE, Role.AUDITOR),
)
rules.add_perm("service_requests.view_unit_inbox", is_unit_worker)
rules.add_perm("service_requests.intake", is_desk)
rules.add_perm("service_requests.view_request", sees_all_units | (is_unit_worker & in_request_unit))
rules.add_perm("service_requests.route_request", is_desk)
rules.add_perm("service_requests.publish_answer", is_desk)
rules.add_perm("service_requests.work_request", is_desk | (is_unit_worker & in_request_unit))
rules.add_perm("service_requests.assign_request", is_desk | (is_unit_manager & in_request_unit))
rules.add_perm(
    "service_requests.view_contact",
    is_desk | (is_unit_manager & in_request_unit) | (is_unit_worker & is_assignee),
)
rules.add_perm("service_requests.export_personal_data", is_desk)
# Deciding a data subject's correction (KVKK art. 11) changes contact details: the desk only.
rules.add_perm("service_requests.correct_personal_data", is_desk)
rules.add_perm("service_requests.view_dashboard", sees_all_units | is_unit_worker)
