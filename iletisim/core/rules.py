"""Permissions of the platform's own pages."""

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role, is_admin, is_staff_member

rules.add_perm("core.view_dashboard", is_staff_member)
rules.add_perm("core.view_audit", has_role(Role.ADMIN, Role.AUDITOR))
rules.add_perm("core.view_calendar", is_staff_member)
rules.add_perm("core.manage_calendar", is_admin)
rules.add_perm("core.view_system", is_admin)
