"""Forms: the public intake form, the staff intake form and the small action forms.

Forms only check input; the rules of the workflow live in actions.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit
from iletisim.service_requests.models import (
    Category,
    CategoryQuestion,
    Channel,
    Neighbourhood,
    RequestType,
)
from iletisim.service_requests.uploads import MAX_FILES, CleanFile, clean_upload

MAX_TEXT = 5000


def valid_national_id(value: str) -> bool:
    """The TC kimlik no checksum: 11 digits, no leading zero, two check digits."""
    if len(value) != 11 or not value.isdigit() or value[0] == "0":
        return False
    d = [int(c) for c in value]
    tenth = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return d[9] == tenth and d[10] == sum(d[:10]) % 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            files = [data]
        if len(files) > MAX_FILES:
            raise ValidationError(_("You can attach at most %(n)d files.") % {"n": MAX_FILES})
        return [clean_upload(f) for f in files]


class RequestFormBase(forms.Form):
    type = forms.ChoiceField(label=_("What kind of request is it?"), choices=RequestType.choices)
    category = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("I don't know / other"),
        widget=forms.Select(attrs={"data-search-label": _("Search the subjects")}),
    )
    description = forms.CharField(
        label=_("Your request"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        help_text=_("What is the problem or request? Where exactly? (at most 5,000 characters)"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose"),
    )
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    citizen_name = forms.CharField(label=_("Name and surname"), max_length=150, required=False)
    citizen_phone = forms.RegexField(
        label=_("Mobile phone"),
        regex=r"^\+?[0-9 ()-]{10,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number such as 0532 123 45 67.")},
    )
    citizen_email = forms.EmailField(label=_("E-mail address"), required=False)
    notify_by = forms.ChoiceField(
        label=_("How shall we keep you informed?"),
        choices=[("email", _("E-mail")), ("sms", _("SMS")), ("both", _("E-mail and SMS"))],
        initial="both",
        required=False,
    )
    national_id = forms.CharField(
        label=_("TC kimlik no"),
        max_length=11,
        required=False,
        help_text=_("Only for information requests (Law 4982): the law requires your identity."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions: list[CategoryQuestion] = []
        category_id = self.data.get("category") if self.is_bound else None
        if category_id and str(category_id).isdigit():
            self.questions = list(CategoryQuestion.objects.filter(category_id=category_id))
        for q in self.questions:
            self.fields[f"q_{q.code}"] = self._question_field(q)

    @staticmethod
    def _question_field(q: CategoryQuestion) -> forms.Field:
        label = q.display_label
        if q.datatype == CategoryQuestion.Datatype.NUMBER:
            return forms.IntegerField(label=label, required=q.required, min_value=0)
        if q.datatype == CategoryQuestion.Datatype.CHOICE:
            return forms.ChoiceField(
                label=label,
                required=q.required,
                choices=[("", "—")] + [(c, c) for c in q.choices()],
            )
        if q.datatype == CategoryQuestion.Datatype.YESNO:
            return forms.ChoiceField(
                label=label,
                required=q.required,
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect if q.required else forms.Select,
            )
        return forms.CharField(label=label, required=q.required, max_length=500)

    def question_fields(self) -> list[Any]:
        return [self[f"q_{q.code}"] for q in self.questions]

    def answers(self) -> dict[str, Any]:
        return {
            q.code: self.cleaned_data.get(f"q_{q.code}")
            for q in self.questions
            if self.cleaned_data.get(f"q_{q.code}") not in (None, "")
        }

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip()
        if value and not valid_national_id(value):
            raise ValidationError(_("This is not a valid TC kimlik no."))
        return value

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("type") == RequestType.INFORMATION:
            if not data.get("citizen_name"):
                self.add_error(
                    "citizen_name",
                    _(
                        "An information request cannot be anonymous: the law (4982, art. 6) "
                        "requires your name and surname."
                    ),
                )
            if not data.get("national_id"):
                self.add_error(
                    "national_id",
                    _("An information request made online requires your TC kimlik no."),
                )
            if not (data.get("citizen_email") or data.get("address")):
                self.add_error(
                    "citizen_email", _("Give an e-mail address or a postal address to answer to.")
                )
        if data.get("type") == RequestType.PETITION:
            if not data.get("citizen_name"):
                self.add_error(
                    "citizen_name",
                    _(
                        "A petition cannot be anonymous: the law (3071, art. 6) requires your "
                        "name and surname."
                    ),
                )
            if not (data.get("citizen_email") or data.get("address")):
                self.add_error(
                    "citizen_email", _("Give an e-mail address or a postal address to answer to.")
                )
        return data


class PublicRequestForm(RequestFormBase):
    """The citizen's form: attachments, KVKK acknowledgement, honeypot and form token."""

    attachments = MultipleFileField(
        label=_("Photos or PDF documents"),
        required=False,
        help_text=_("Up to 5 files, JPEG, PNG or PDF, each at most 10 MB."),
    )
    kvkk = forms.BooleanField(
        label=_("I have read the clarification text on personal data (KVKK)."),
        error_messages={"required": _("Please read and acknowledge the clarification text.")},
    )
    # Bots fill every field; people never see this one (hidden by CSS and aria-hidden).
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class StaffIntakeForm(RequestFormBase):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.WEB]
    )
    kvkk = forms.BooleanField(
        label=_("The citizen was told how their personal data are processed (KVKK)."),
        required=False,
    )
    attachments = MultipleFileField(label=_("Photos or PDF documents"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A letter or a walk-in citizen signs on paper; the online TC kimlik rule does not apply.
        if "national_id" in self.errors and not data.get("national_id"):
            del self.errors["national_id"]
        return data


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RouteForm(VersionedForm):
    unit = forms.ModelChoiceField(
        label=_("Directorate"),
        queryset=Unit.objects.active().exclude(code="diger-kurum").exclude(kind="sub_unit"),
    )


class ForwardForm(VersionedForm):
    competent_body = forms.CharField(label=_("Competent body"), max_length=200)


class AssignForm(VersionedForm):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]


class BulkAssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]


class TextForm(VersionedForm):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT
    )


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Tracking number of the original request"), max_length=16)


class CitizenReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT
    )


class DataRequestForm(forms.Form):
    """A citizen asks for a copy (`show`) or the erasure (`erase`) of their personal data;
    an erasure must be confirmed, as it cannot be undone."""

    kind = forms.ChoiceField(
        choices=[("show", "show"), ("erase", "erase")], widget=forms.HiddenInput
    )
    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "erase" and not data.get("confirm"):
            self.add_error("confirm", _("Confirm that you want your data erased."))
        return data


class CorrectionForm(forms.Form):
    """A citizen's correction of their contact details: only what should change is filled."""

    citizen_name = forms.CharField(label=_("Name and surname"), max_length=150, required=False)
    citizen_phone = forms.RegexField(
        label=_("Mobile phone"),
        regex=r"^\+?[0-9 ()-]{10,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number such as 0532 123 45 67.")},
    )
    citizen_email = forms.EmailField(label=_("E-mail address"), required=False)
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    note = forms.CharField(
        label=_("What is wrong? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def changes(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("citizen_name", "citizen_phone", "citizen_email", "address")
            if self.cleaned_data.get(name)
        }


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    solved = forms.TypedChoiceField(
        label=_("Was your problem solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("All")
    )
    unit = forms.ModelChoiceField(
        label=_("Directorate"),
        queryset=Unit.objects.active(),
        required=False,
        empty_label=_("All"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    correction = forms.BooleanField(label=_("Personal data request waiting (KVKK)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from iletisim.service_requests.models import Status

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["type"].choices = [("", _("All")), *RequestType.choices]  # type: ignore[attr-defined]
        self.fields["channel"].choices = [("", _("All")), *Channel.choices]  # type: ignore[attr-defined]
