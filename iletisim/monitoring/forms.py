"""Forms of monitoring: desk filters, item edits, clippings, outlet import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.matching import QuerySyntaxError, QueryTooBroad, parse_query
from iletisim.monitoring.models import (
    Importance,
    ItemStatus,
    Medium,
    Outlet,
    OutletType,
    Scope,
    Source,
    Tone,
    Topic,
    WatchQuery,
)

MAX_UPLOAD = 20 * 1024 * 1024
SCAN_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}


class DeskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ItemStatus.choices]
    )
    outlet_type = forms.ChoiceField(
        label=_("Outlet type"), required=False, choices=[("", _("All")), *OutletType.choices]
    )
    scope = forms.ChoiceField(
        label=_("Scope"), required=False, choices=[("", _("All")), *Scope.choices]
    )
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), required=False, queryset=Outlet.objects.all(), empty_label=_("All")
    )
    source = forms.ModelChoiceField(
        label=_("Source"),
        required=False,
        queryset=Source.objects.select_related("outlet").exclude(kind="manual"),
        empty_label=_("All"),
    )
    watch_query = forms.ModelChoiceField(
        label=_("Watch query"),
        required=False,
        queryset=WatchQuery.objects.order_by("name"),
        empty_label=_("All"),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ItemEditForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate with commas.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    importance = forms.TypedChoiceField(
        label=_("Importance"), choices=Importance.choices, coerce=int
    )


class AddByUrlForm(forms.Form):
    outlet = forms.ModelChoiceField(label=_("Outlet"), queryset=Outlet.objects.all())
    url = forms.URLField(label=_("Address of the article"), max_length=2000)


def _check_upload(upload, allowed: dict[str, bytes]) -> None:  # type: ignore[no-untyped-def]
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("The file is larger than 20 MB."))
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed.values()):
        raise ValidationError(_("This file type is not accepted."))


class ClippingForm(forms.Form):
    outlet = forms.ModelChoiceField(label=_("Outlet"), queryset=Outlet.objects.all())
    medium = forms.ChoiceField(
        label=_("Medium"), choices=[c for c in Medium.choices if c[0] != Medium.ONLINE]
    )
    title = forms.CharField(label=_("Headline"), max_length=500)
    published_at = forms.DateTimeField(
        label=_("Date"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    page = forms.CharField(label=_("Page"), required=False, max_length=20)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    scan = forms.FileField(
        label=_("Scan (PDF, JPEG or PNG)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )  # fmt: skip
    programme = forms.CharField(label=_("Programme"), required=False, max_length=200)
    air_time = forms.DateTimeField(
        label=_("Air time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0
    )
    transcript = forms.CharField(
        label=_("Transcript"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    media_url = forms.URLField(label=_("Audio or video link"), required=False, max_length=2000)

    def clean_scan(self):  # type: ignore[no-untyped-def]
        scan = self.cleaned_data.get("scan")
        if scan:
            _check_upload(scan, SCAN_TYPES)
        return scan


class OutletImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class WatchQueryForm(forms.ModelForm):
    """A watch query; the query text is parsed, and refused with the position or the reason."""

    class Meta:
        model = WatchQuery
        fields = ["name", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})}
        help_texts = {
            "text": _(
                'Words, "phrases", AND, OR, NOT, parentheses, a NEAR/3 b, and prefix* '
                "(at least 3 letters). Inflected Turkish forms match by themselves."
            )
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        try:
            self.parsed = parse_query(text)
        except QuerySyntaxError as exc:
            raise ValidationError(
                _("%(message)s (at character %(position)d: %(excerpt)s)"),
                params={
                    "message": exc.message,
                    "position": exc.position + 1,
                    "excerpt": text[exc.position : exc.position + 20] or _("end of the query"),
                },
                code="syntax",
            ) from exc
        except QueryTooBroad as exc:
            raise ValidationError(
                _("This query would match almost every article: %(reason)s"),
                params={"reason": exc.message},
                code="too_broad",
            ) from exc
        return text


class CorrectionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    tone = forms.ChoiceField(label=_("Tone"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—"), *Topic.choices]  # type: ignore[attr-defined]
        self.fields["tone"].choices = [("", "—"), *Tone.choices]  # type: ignore[attr-defined]
