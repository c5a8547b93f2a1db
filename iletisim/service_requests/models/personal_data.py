"""A data subject's requests about the personal data held in a citizen request (KVKK, Law
6698): today the correction of contact details (art. 11(1)(d)), asked from the tracking page
and decided by the desk within 30 days (art. 13). Showing and erasing are management
commands (`requests_personal_data show|erase|correct`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .service_request import ServiceRequest

# The request's fields a citizen may ask to correct, with their labels.
CORRECTABLE_FIELDS: dict[str, object] = {
    "citizen_name": _("Name and surname"),
    "citizen_phone": _("Mobile phone"),
    "citizen_email": _("E-mail address"),
    "address": _("Address or place"),
}


class DataCorrection(models.Model):
    """One correction request. The corrected values are kept only until the desk decides;
    afterwards only the names of the fields remain (the request itself holds the data)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the desk")
        APPLIED = "applied", _("Corrected")
        REFUSED = "refused", _("Refused")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="corrections"
    )
    fields = models.JSONField(default=list)
    changes = models.JSONField(default=dict)
    note = models.TextField(_("explanation"), blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    due_date = models.DateField(_("answer due by"))
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refuse_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("personal data correction")
        verbose_name_plural = _("personal data corrections")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "due_date"], name="sr_correction_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="pending"),
                name="sr_one_pending_correction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_state_display()}"

    def field_labels(self) -> list[str]:
        return [str(CORRECTABLE_FIELDS.get(name, name)) for name in self.fields]
