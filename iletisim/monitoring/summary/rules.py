"""Permissions of the press summary and the media reports.

The press officer edits and approves; the director approves too when SUMMARY_DIRECTOR_APPROVAL
is set; the mayor's office reads; unit staff and unit managers see nothing.
"""

import rules

from iletisim.accounts.roles import Role
from iletisim.accounts.rules import has_role

readers = has_role(Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER, Role.MAYORS_OFFICE)
editors = has_role(Role.ADMIN, Role.PRESS_OFFICER)

rules.add_perm("monitoring.view_summary", readers)
rules.add_perm("monitoring.edit_summary", editors)
rules.add_perm("monitoring.approve_summary", editors)
rules.add_perm("monitoring.director_approve_summary", has_role(Role.ADMIN, Role.DIRECTOR))
rules.add_perm("monitoring.view_reports", readers)
