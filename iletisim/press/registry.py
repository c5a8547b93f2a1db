"""What press plugs into the platform: audit vocabulary, API token scopes, legal deadline
kinds, staff menu, dashboard panel, periodic jobs and the demo seeder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.scopes import register_scopes
from iletisim.core.audit import register_actions
from iletisim.core.dashboard import Panel, register_panel
from iletisim.core.demo import register_seeder
from iletisim.core.navigation import NavItem, PublicLink, register, register_public
from iletisim.core.scheduler import Job, register_job

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "press.communication.created": _("Communication created"),
    "press.communication.edited": _("Communication edited"),
    "press.communication.submitted": _("Communication sent to review"),
    "press.communication.approved": _("Communication approved"),
    "press.communication.approved_with_comment": _("Communication approved with a comment"),
    "press.communication.sent_back": _("Communication sent back with required changes"),
    "press.communication.published": _("Communication published"),
    "press.communication.scheduled": _("Communication scheduled under embargo"),
    "press.communication.embargo_lifted": _("Embargo over, communication public"),
    "press.photo.added": _("Photo added to a communication"),
    "press.document.added": _("Document added to a communication"),
    "press.outlet.created": _("Outlet added to the contact book"),
    "press.outlet.edited": _("Outlet of the contact book changed"),
    "press.rebuttal.created": _("Article answered by a rebuttal recorded"),
    "press.rebuttal.clipping_linked": _("Clipping linked to a rebuttal"),
    "press.api.token_issued": _("Press API token issued"),  # before tokens moved to accounts
    "press.api.contacts_read": _("Media contacts read through the API"),
    "press.journalist.created": _("Journalist added to the contact book"),
    "press.journalist.edited": _("Journalist's details changed"),
    "press.journalist.imported": _("Journalists imported"),
    "press.journalist.exported": _("Journalists exported"),
    "press.journalist.dnc_set": _("Journalist marked do-not-contact"),
    "press.journalist.dnc_lifted": _("Do-not-contact lifted"),
    "press.list.created": _("Contact list created"),
    "press.list.members_added": _("Journalists added to a contact list"),
    "press.segment.created": _("Segment created"),
    "press.distribution.started": _("Distribution started"),
    "press.distribution.finished": _("Distribution finished"),
    "press.recipient.unsubscribed": _("Recipient unsubscribed"),
    "press.recipient.bounced": _("Bounce report received for a recipient"),
    "press.recipient.complained": _("Recipient marked the message as spam"),
    "press.rebuttal.sent": _("Rebuttal sent to the outlet"),
    "press.rebuttal.outcome_recorded": _("Rebuttal outcome recorded"),
    "press.rebuttal.reminded": _("Rebuttal deadline reminder sent"),
    "press.request.received": _("Journalist's request received"),
    "press.request.assigned": _("Journalist's request assigned"),
    "press.request.task_added": _("Coordination task given to a directorate"),
    "press.request.answered": _("Journalist's request answered"),
    "press.request.task_done": _("Coordination task done"),
    "press.request.anonymised": _("Journalist's request anonymised"),
}

API_SCOPES: dict[str, str | Promise] = {
    "press:communications": _("Published communications"),
    "press:contacts": _("The media contact book"),
    "press:requests:read": _("Journalists' requests, read"),
    "press:requests:write": _("Journalists' requests, write"),
}


def _panel(request: HttpRequest) -> dict[str, Any]:
    from iletisim.press.models import REVIEW_STATUSES, Communication

    mine = Communication.objects.visible_to(request.user)
    return {
        "in_review": mine.filter(status__in=REVIEW_STATUSES).count(),
        "latest": list(mine.order_by("-updated_at", "-id")[:5]),
    }


def register_press() -> None:
    from iletisim.press.demo import seed_press
    from iletisim.press.tekzip import register_kinds

    register_actions(AUDIT_ACTIONS)
    register_scopes("press", API_SCOPES)
    register_kinds()
    register_public(
        PublicLink(
            "press-room",
            _("Press room"),
            "press_public:archive",
            30,
            _("Press releases, statements and announcements; accreditation for journalists."),
        )
    )
    register(
        NavItem(
            "press-communications",
            _("Communications"),
            "press:communication-list",
            "press.list_communications",
            _("Press office"),
            200,
        ),
        NavItem(
            "press-contacts",
            _("Media contacts"),
            "press:journalist-list",
            "press.view_contacts",
            _("Press office"),
            210,
        ),
        NavItem(
            "press-events",
            _("Press events"),
            "press:event-calendar",
            "press.list_communications",
            _("Press office"),
            205,
        ),
        NavItem(
            "press-requests",
            _("Journalists' requests"),
            "press:request-list",
            "press.view_requests",
            _("Press office"),
            215,
        ),
        NavItem(
            "press-tasks",
            _("Press coordination tasks"),
            "press:task-list",
            "press.view_tasks",
            _("Press office"),
            217,
        ),
        NavItem(
            "press-rebuttals",
            _("Rebuttals (tekzip)"),
            "press:rebuttal-list",
            "press.view_rebuttals",
            _("Press office"),
            220,
        ),
    )
    register_panel(
        Panel(
            "press",
            _("Press office"),
            "press/panel.html",
            "press.list_communications",
            _panel,
            30,
        )
    )
    register_job(Job("press-embargoes", "press_lift_embargoes", dt.timedelta(minutes=1)))
    register_job(
        Job("press-resume-distributions", "press_resume_distributions", dt.timedelta(minutes=1))
    )
    register_job(Job("press-bounce-mailbox", "press_poll_bounces", dt.timedelta(minutes=5)))
    register_job(Job("press-tekzip-reminders", "press_tekzip_reminders", dt.timedelta(hours=6)))
    register_job(Job("press-anonymise-requests", "press_anonymise_requests", dt.timedelta(days=1)))
    register_seeder("press", seed_press, order=70)  # after monitoring: links outlets
