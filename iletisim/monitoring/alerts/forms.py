"""The alert rule form: recipients limited to people who may open the desk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.alerts.actions import RULE_FIELDS, eligible_recipients
from iletisim.monitoring.alerts.models import AlertRule


class RecipientChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} <{obj.email}>"


class AlertRuleForm(forms.ModelForm):
    recipients = RecipientChoiceField(
        label=_("Recipients"),
        queryset=eligible_recipients(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Press officers, the director, the mayor's office and administrators."),
    )

    class Meta:
        model = AlertRule
        fields = [*RULE_FIELDS, "recipients"]  # what the audit entry records, and who
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        # capfirst() would write "Izleme" for "izleme": the label is given capitalised.
        labels = {"query": _("Watch query")}
        help_texts = {
            "min_reach": _("0: every outlet."),
            "spike_sigmas": _(
                "A spike is today's count at or above the 14-day mean plus this many "
                "standard deviations (at least 1)."
            ),
            "urgent": _("Urgent alerts are not held until the quiet hours end."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = eligible_recipients()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            raise ValidationError(_("Give both ends of the quiet hours, or neither."))
        if start is not None and start == end:
            raise ValidationError(_("The quiet hours must not start and end at the same time."))
        return data
