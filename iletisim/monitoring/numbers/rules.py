"""Permissions of the numbers page.

Everyone who reads the desk (press officers, the director, the mayor's office, administrators)
sees the figures; exporting them (the figures leave the system) is for the press unit, the
director and administrators; choosing the queries behind share of voice and neighbourhoods is
for those who manage watch queries. Unit staff and unit managers see nothing.
"""

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role

rules.add_perm(
    "monitoring.view_numbers",
    has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER, Role.MAYORS_OFFICE),
)
rules.add_perm("monitoring.export_numbers", has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER))
rules.add_perm(
    "monitoring.choose_numbers_queries", has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER)
)
