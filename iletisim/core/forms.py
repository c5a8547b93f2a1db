"""Forms of the platform's staff pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from iletisim.core.models import DayOff


class DayOffForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=150)

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if DayOff.objects.filter(date=date).exists():
            raise forms.ValidationError(_("This day is already declared off."))
        if date.weekday() >= 5:
            raise forms.ValidationError(_("This day is a weekend day: it is off anyway."))
        return date


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    target = forms.CharField(label=_("Target"), required=False, max_length=150)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, actions: Mapping[str, object], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("All actions"))] + [(k, f"{v} ({k})") for k, v in actions.items()]
        self.fields["action"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:  # type: ignore[operator]
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
