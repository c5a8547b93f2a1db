"""The kinds of request, the channels they arrive through, and the status machine
(`Status` + `TRANSITIONS`, read by `ServiceRequest.transition()`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    REQUEST = "request", _("Request")
    REPORT = "report", _("Report of a violation")
    THANKS = "thanks", _("Thanks")
    INFORMATION = "information", _("Information request (Law 4982)")
    PETITION = "petition", _("Petition (Law 3071)")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone (Alo 153)")
    WALK_IN = "walk_in", _("Walk-in")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    CIMER = "cimer", _("CİMER transfer")
    OPEN311 = "open311", _("Open311 (another system)")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CITIZEN = "waiting_citizen", _("Waiting for the citizen")
    ANSWER_REVIEW = "answer_review", _("Answer awaiting approval")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded to another body")
    DUPLICATE = "duplicate", _("Duplicate (merged)")
    REJECTED = "rejected", _("Rejected")
    REOPENED = "reopened", _("Reopened")


S = Status
# Which status may follow which. One table, read by ServiceRequest.transition().
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset(
        {S.ROUTED, S.WAITING_CITIZEN, S.FORWARDED, S.DUPLICATE, S.REJECTED, S.ANSWERED}
    ),
    S.ROUTED: frozenset(
        {
            S.ROUTED,
            S.IN_PROGRESS,
            S.WAITING_CITIZEN,
            S.ANSWER_REVIEW,
            S.ANSWERED,
            S.FORWARDED,
            S.DUPLICATE,
            S.REJECTED,
        }
    ),
    S.IN_PROGRESS: frozenset(
        {S.ROUTED, S.WAITING_CITIZEN, S.ANSWER_REVIEW, S.ANSWERED, S.FORWARDED, S.REJECTED}
    ),
    S.WAITING_CITIZEN: frozenset({S.RECEIVED, S.IN_PROGRESS, S.ROUTED, S.CLOSED}),
    S.ANSWER_REVIEW: frozenset({S.ANSWERED, S.IN_PROGRESS}),
    S.ANSWERED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.FORWARDED: frozenset({S.CLOSED, S.REOPENED}),
    S.DUPLICATE: frozenset({S.REOPENED}),
    S.REJECTED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset(
        {S.ROUTED, S.IN_PROGRESS, S.ANSWER_REVIEW, S.ANSWERED, S.FORWARDED, S.REJECTED}
    ),
}
OPEN_STATUSES = frozenset(
    {S.RECEIVED, S.ROUTED, S.IN_PROGRESS, S.WAITING_CITIZEN, S.ANSWER_REVIEW, S.REOPENED}
)


class TransitionError(Exception):
    """A status change the TRANSITIONS table does not allow."""
