"""Forms of press: input only; the rules live in actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit
from iletisim.press.models import (
    Communication,
    ContactList,
    Journalist,
    MediaOutlet,
    PressRequest,
    Rebuttal,
    Segment,
)
from iletisim.press.periodicity import parse_dates


class CommunicationForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        Unit.objects.active().directorates(),
        label=_("Directorates concerned"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Communication
        fields = [
            "kind",
            "title",
            "lead",
            "body",
            "tags",
            "video_links",
            "embargo_until",
            "event_at",
            "event_place",
            "mayor_approval",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "lead": forms.Textarea(attrs={"rows": 3}),
            "video_links": forms.Textarea(attrs={"rows": 2}),
            "embargo_until": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
            "event_at": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
        }

    def clean_video_links(self) -> str:
        lines = [v.strip() for v in self.cleaned_data.get("video_links", "").splitlines()]
        check = URLValidator(schemes=["http", "https"])
        bad = []
        for line in filter(None, lines):
            try:
                check(line)
            except forms.ValidationError:
                bad.append(line)
        if bad:
            raise forms.ValidationError(
                _("Not a web address: %(values)s") % {"values": ", ".join(bad[:3])}
            )
        return "\n".join(filter(None, lines))


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "approve", "send_back", "publish")]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    caption = forms.CharField(label=_("Caption"), max_length=300)
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)
    usage_rights = forms.CharField(label=_("Usage rights"), max_length=300, required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, DOCX, XLSX or ODT)"))
    title = forms.CharField(label=_("Title"), max_length=200)


class DistributionForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        ContactList.objects.all(),
        label=_("Lists"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    segments = forms.ModelMultipleChoiceField(
        Segment.objects.all(),
        label=_("Segments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    mailer = forms.ChoiceField(label=_("Send through"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The configured ways out: pools first, then the single servers and the ESP. Shown
        # only when there is a choice; otherwise PRESS_MAILER is used.
        names = [*settings.PRESS_MAILER_POOLS, *settings.MAILERS]
        field = self.fields["mailer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in dict.fromkeys(names)]
        field.initial = settings.PRESS_MAILER
        if len(field.choices) < 2:
            field.widget = forms.HiddenInput()

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("lists") and not data.get("segments"):
            raise forms.ValidationError(_("Choose at least one list or segment."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    data_source = forms.CharField(
        label=_("Source of the data"),
        max_length=200,
        help_text=_("Where these contacts came from (KVKK)."),
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Journalist.LegalBasis.choices)


class JournalistFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    scope = forms.ChoiceField(
        label=_("Scope"), choices=[("", "—"), *MediaOutlet.Scope.choices], required=False
    )


class RebuttalForm(forms.ModelForm):
    clipping_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Rebuttal
        fields = [
            "medium",
            "outlet",
            "article_title",
            "article_url",
            "article_page",
            "article_published_on",
            "article_lines",
        ]
        widgets = {
            "article_published_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
        }


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Rebuttal.Outcome.choices)
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    page = forms.CharField(label=_("Page"), max_length=20, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SentForm(forms.Form):
    on = forms.DateField(
        label=_("Sent on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    received_on = forms.DateField(
        label=_("Received by the outlet on"),
        required=False,
        help_text=_("From the delivery receipt; the publication deadline runs from it."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("on") and data.get("received_on") and data["received_on"] < data["on"]:
            raise forms.ValidationError(_("The outlet cannot receive it before it was sent."))
        return data


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All")),
            ("release", _("Press release")),
            ("statement", _("Statement")),
            ("announcement", _("Announcement")),
            ("invitation", _("Media invitation")),
        ],
    )


class AccreditationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    outlet = forms.CharField(label=_("Outlet"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    message = forms.CharField(
        label=_("What do you need?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    website = forms.CharField(  # honeypot: hidden from people, filled by bots
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the personal data notice and agree that my data is processed to answer this request."
        )
    )


class IntakeForm(forms.ModelForm):
    """A request taken by phone or e-mail."""

    class Meta:
        model = PressRequest
        fields = ["kind", "channel", "full_name", "outlet_name", "email", "phone", "message"]


class TaskForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.active().directorates(), label=_("Directorate"))
    description = forms.CharField(label=_("What is needed"), max_length=300)
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer and what was given"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name"]


class SegmentForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["name", "scope", "outlet_kind", "beat", "city"]


class AddToListForm(forms.Form):
    contact_list = forms.ModelChoiceField(ContactList.objects.all(), label=_("List"))
    journalists = forms.ModelMultipleChoiceField(Journalist.objects.all())


class OutletForm(forms.ModelForm):
    """An outlet of the contact book; `monitoring_outlet` offers monitoring's outlets (ids
    and names from monitoring's selectors, set by the action)."""

    monitoring_outlet = forms.TypedChoiceField(
        label=_("Same outlet in monitoring"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Left empty, an outlet of the same name in monitoring is linked."),
    )
    issue_calendar = forms.CharField(
        label=_("Publication calendar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The dates of the coming issues, one per line (DD.MM.YYYY)."),
    )

    class Meta:
        model = MediaOutlet
        fields = [
            "name",
            "kind",
            "scope",
            "city",
            "periodicity",
            "issue_anchor",
            "email",
            "address",
        ]
        widgets = {
            "issue_anchor": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: object, monitoring_choices: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["monitoring_outlet"]
        field.choices = [("", "—"), *monitoring_choices]  # type: ignore[attr-defined]
        if self.instance.pk:
            field.initial = self.instance.monitoring_outlet_id
            self.fields["issue_calendar"].initial = "\n".join(
                f"{d:%d.%m.%Y}" for d in parse_dates(self.instance.issue_dates)
            )

    def clean_issue_calendar(self) -> list[str]:
        found, bad = [], []
        for line in self.cleaned_data.get("issue_calendar", "").split():
            for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
                try:
                    found.append(dt.datetime.strptime(line, fmt).date())
                    break
                except ValueError:
                    continue
            else:
                bad.append(line)
        if bad:
            raise forms.ValidationError(
                _("Not a date: %(values)s") % {"values": ", ".join(bad[:5])}
            )
        return [d.isoformat() for d in sorted(set(found))]

    def clean(self) -> dict:
        data = super().clean() or {}
        periodicity = data.get("periodicity")
        periodic = {
            MediaOutlet.Periodicity.WEEKLY,
            MediaOutlet.Periodicity.FORTNIGHTLY,
            MediaOutlet.Periodicity.MONTHLY,
            MediaOutlet.Periodicity.BIMONTHLY,
            MediaOutlet.Periodicity.QUARTERLY,
        }
        if periodicity in periodic and not data.get("issue_anchor"):
            self.add_error(
                "issue_anchor", _("Give the date of one issue, so the others can be counted.")
            )
        if periodicity == MediaOutlet.Periodicity.CALENDAR and not data.get("issue_calendar"):
            self.add_error("issue_calendar", _("Give the dates of the coming issues."))
        return data


class JournalistForm(forms.ModelForm):
    """One journalist typed in or corrected by the press office; do-not-contact has its own
    buttons (only an admin lifts it)."""

    class Meta:
        model = Journalist
        fields = [
            "full_name",
            "email",
            "outlet",
            "role",
            "beats",
            "phones",
            "city",
            "language",
            "notes",
            "legal_basis",
            "data_source",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"beats": _("Comma separated, e.g. local government, transport.")}

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "").strip()
        taken = Journalist.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError(
                _("%(name)s already has this address.") % {"name": taken.first()}
            )
        return email
