"""Forms of the numbers page: the period and filters, and the queries chosen for share of
voice and neighbourhoods."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.models import Medium, OutletType, Tone, Topic, WatchQuery
from iletisim.monitoring.numbers.aggregate import MAX_DAYS, Filters, default_filters


class NumbersFilterForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    medium = forms.ChoiceField(
        label=_("Medium"), required=False, choices=[("", _("All")), *Medium.choices]
    )
    outlet_type = forms.ChoiceField(
        label=_("Outlet type"), required=False, choices=[("", _("All")), *OutletType.choices]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All")), *Topic.choices]
    )
    tone = forms.ChoiceField(
        label=_("Tone"), required=False, choices=[("", _("All")), *Tone.choices]
    )
    query = forms.ModelChoiceField(
        label=_("Watch query"),
        required=False,
        queryset=WatchQuery.objects.order_by("name"),
        empty_label=_("All"),
    )
    relevant_only = forms.BooleanField(label=_("Only items marked relevant"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError(_("The start of the period is after its end."))
        return data

    def filters(self) -> Filters:
        """The chosen filters; the last 30 days when no period is given; at most two years."""
        default = default_filters()
        data = self.cleaned_data if self.is_valid() else {}
        until = data.get("until") or default.until
        since = data.get("since") or (until - (default.until - default.since))
        since = max(since, until - dt.timedelta(days=MAX_DAYS - 1))
        query = data.get("query")
        return Filters(
            since=since,
            until=until,
            medium=data.get("medium", ""),
            outlet_type=data.get("outlet_type", ""),
            topic=data.get("topic", ""),
            tone=data.get("tone", ""),
            query_id=query.pk if query else None,
            relevant_only=bool(data.get("relevant_only")),
        )


class NumbersQueriesForm(forms.Form):
    """Which watch queries stand for the municipality, its peers and the neighbourhoods."""

    own = forms.ModelChoiceField(
        label=_("The municipality's query"),
        required=False,
        queryset=WatchQuery.objects.order_by("name"),
        empty_label="—",
    )
    peers = forms.ModelMultipleChoiceField(
        label=_("Peers (other municipalities, rival names)"),
        required=False,
        queryset=WatchQuery.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"),
        required=False,
        queryset=WatchQuery.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        own = data.get("own")
        chosen = [*data.get("peers", []), *data.get("neighbourhoods", [])]
        if own is not None:
            chosen.append(own)
        if len({query.pk for query in chosen}) < len(chosen):
            raise ValidationError(_("A query can have only one role in the numbers."))
        return data
