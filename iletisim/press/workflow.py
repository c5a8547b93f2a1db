"""The approval workflow of communications: one TRANSITIONS table and who may take each step.

Draft → press unit review → director approval → mayor's office approval (required for
statements and rebuttals, optional otherwise) → published, or scheduled while under embargo.
Every review step can approve, approve with a comment, or send back to draft.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from iletisim.accounts.roles import Role
from iletisim.press.models import Communication, Status

# (action, from) -> to. "approve" from director review goes on to the mayor's office only
# when the item needs it (see `target_status`).
TRANSITIONS: dict[tuple[str, str], str] = {
    ("submit", Status.DRAFT): Status.PRESS_REVIEW,
    ("approve", Status.PRESS_REVIEW): Status.DIRECTOR_REVIEW,
    ("approve", Status.DIRECTOR_REVIEW): Status.MAYOR_REVIEW,
    ("approve", Status.MAYOR_REVIEW): Status.APPROVED,
    ("send_back", Status.PRESS_REVIEW): Status.DRAFT,
    ("send_back", Status.DIRECTOR_REVIEW): Status.DRAFT,
    ("send_back", Status.MAYOR_REVIEW): Status.DRAFT,
    ("publish", Status.APPROVED): Status.PUBLISHED,
    ("lift_embargo", Status.SCHEDULED): Status.PUBLISHED,
}

# Who decides at each review step.
STEP_ROLES: dict[str, tuple[str, ...]] = {
    Status.PRESS_REVIEW: (Role.PRESS_OFFICER,),
    Status.DIRECTOR_REVIEW: (Role.DIRECTOR,),
    Status.MAYOR_REVIEW: (Role.MAYORS_OFFICE,),
}
# Steps at which the author may not decide on their own text (four eyes).
NO_SELF_APPROVAL = frozenset(STEP_ROLES)

ACTION_LABELS = {
    "submit": _("Send to review"),
    "approve": _("Approve"),
    "send_back": _("Send back"),
    "publish": _("Publish"),
}


class TransitionRefused(Exception):
    pass


def target_status(communication: Communication, action: str) -> str:
    try:
        target = TRANSITIONS[(action, communication.status)]
    except KeyError:
        raise TransitionRefused(_("This step is not possible in the current state.")) from None
    if target == Status.MAYOR_REVIEW and not communication.needs_mayor:
        target = Status.APPROVED
    return target


def refusal(user: Any, communication: Communication, action: str) -> str | None:
    """Why `user` may not take `action` now, or None when they may."""
    if (action, communication.status) not in TRANSITIONS:
        return str(_("This step is not possible in the current state."))
    if action in ("submit", "publish"):
        if not user.has_role(Role.PRESS_OFFICER, Role.ADMIN):
            return str(_("Only the press office can do this."))
        return None
    if action in ("approve", "send_back"):
        roles = STEP_ROLES[communication.status]
        if not user.has_role(*roles):
            return str(_("You do not decide at this step."))
        if communication.status in NO_SELF_APPROVAL and communication.author_id == user.pk:
            return str(_("The author cannot decide on their own text."))
        return None
    return str(_("Unknown step."))


def available_actions(user: Any, communication: Communication) -> list[str]:
    return [a for a in ACTION_LABELS if refusal(user, communication, a) is None]
