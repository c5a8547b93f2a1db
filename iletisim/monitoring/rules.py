"""Permissions of monitoring: the press officers, the director, the mayor's office and
administrators use the clipping desk; unit staff and unit managers do not."""

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role

desk_roles = has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER, Role.MAYORS_OFFICE)
editors = has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER)

rules.add_perm("monitoring.view_desk", desk_roles)
rules.add_perm("monitoring.edit_items", editors)
rules.add_perm("monitoring.add_clipping", editors)
rules.add_perm("monitoring.manage_outlets", editors)
rules.add_perm("monitoring.manage_queries", editors)
rules.add_perm("monitoring.manage_alerts", editors)
