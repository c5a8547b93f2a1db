"""A data subject's requests about the personal data held in a citizen request (KVKK, Law
6698, art. 11): a copy of it (show, art. 11(1)(b)), its correction (art. 11(1)(d)) or its
erasure (art. 11(1)(e)), asked from the tracking page and answered by the desk within 30
days (art. 13). One model, `DataCorrection`, with a `kind`; the name stays from when it held
corrections only."""

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
    """One data subject's request (show, correct or erase). A correction's values are kept
    only until the desk decides; afterwards only the names of the fields remain (the request
    itself holds the data). A copy or an erasure holds no values at all."""

    class Kind(models.TextChoices):
        SHOW = "show", _("A copy of my personal data")
        CORRECT = "correct", _("Correction of personal data")
        ERASE = "erase", _("Erasure of my personal data")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the desk")
        APPLIED = "applied", _("Corrected")
        REFUSED = "refused", _("Refused")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CORRECT)
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
                fields=["request", "kind"],
                condition=models.Q(state="pending"),
                name="sr_one_pending_data_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_state_display()}"

    @classmethod
    def waiting_counts(cls) -> dict[str, int]:
        """How many wait for the desk and how many are past their due date (one query, on
        the (state, due_date) index)."""
        counts = cls.objects.filter(state=cls.State.PENDING).aggregate(
            waiting=models.Count("pk"),
            overdue=models.Count("pk", filter=models.Q(due_date__lt=timezone.localdate())),
        )
        return {"corrections_waiting": counts["waiting"], "corrections_overdue": counts["overdue"]}

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.PENDING and self.due_date < timezone.localdate()

    def field_labels(self) -> list[str]:
        return [str(CORRECTABLE_FIELDS.get(name, name)) for name in self.fields]
