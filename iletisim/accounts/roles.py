"""The roles a person can hold in a unit, and what each role implies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DIRECTOR = "director", _("Director")
    PRESS_OFFICER = "press_officer", _("Press officer")
    PR_OPERATOR = "pr_operator", _("Public relations operator (central desk)")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    MAYORS_OFFICE = "mayors_office", _("Mayor's office")
    AUDITOR = "auditor", _("Auditor (read-only)")


# Roles whose holders must confirm a second factor (TOTP) before opening any staff page.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR, Role.MAYORS_OFFICE})

# Roles that look across every unit's work; the others see only their own units.
MUNICIPALITY_WIDE_ROLES = frozenset(
    {Role.ADMIN, Role.DIRECTOR, Role.PR_OPERATOR, Role.MAYORS_OFFICE, Role.AUDITOR}
)
