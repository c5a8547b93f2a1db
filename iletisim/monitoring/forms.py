"""Forms of monitoring: desk filters, item edits, clippings, outlet import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iletisim.lib import turkish
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
    copies = forms.ChoiceField(
        label=_("Copies of a story"),
        required=False,
        choices=[("", _("One row per story")), ("all", _("Each copy on its own row"))],
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


def _http_only(url: str) -> str:
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationError(_("Enter an address starting with http:// or https://."))
    return url


class OutletForm(forms.ModelForm):
    """An outlet as staff type it in; a local outlet needs its city."""

    class Meta:
        model = Outlet
        fields = [
            "name", "type", "scope", "city", "district", "website", "reach", "reach_kind",
            "reach_source", "reach_date", "leaning_note",
        ]  # fmt: skip
        widgets = {
            "reach_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "leaning_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # Django's capfirst upper-cases "il" to "Il": Turkish wants "İl".
            verbose = str(getattr(Outlet._meta.get_field(name), "verbose_name", field.label))
            field.label = turkish.upper(verbose[:1]) + verbose[1:]

    def clean_website(self) -> str:
        return _http_only(self.cleaned_data["website"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == Scope.LOCAL and not data.get("city"):
            self.add_error("city", _("A local outlet needs its city."))
        if data.get("reach") and not data.get("reach_kind"):
            self.add_error("reach_kind", _("Say what the reach counts."))
        return data


class SourceForm(forms.Form):
    """Where an outlet publishes: the kind (see sources.REGISTRY), its address, and for an
    HTML listing page the CSS selectors of the article links and their headlines."""

    kind = forms.ChoiceField(label=_("Kind"))
    url = forms.URLField(label=_("Address"), required=False, max_length=1000)
    link_selector = forms.CharField(
        label=_("CSS selector of the article links"), required=False, max_length=300,
        help_text=_("HTML listing pages only; empty means every link inside an article."),
    )  # fmt: skip
    title_selector = forms.CharField(
        label=_("CSS selector of the headline, inside each link"), required=False,
        max_length=300,
    )  # fmt: skip

    def __init__(self, *args: Any, outlet: Outlet, source: Source | None = None, **kwargs: Any):
        from iletisim.monitoring.sources import kind_choices

        if source is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": source.kind,
                "url": source.url,
                "link_selector": source.settings.get("link", ""),
                "title_selector": source.settings.get("title", ""),
            }
        super().__init__(*args, **kwargs)
        self.outlet, self.source = outlet, source
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]

    def clean_url(self) -> str:
        return _http_only(self.cleaned_data["url"])

    def clean_link_selector(self) -> str:
        return _css_selector(self.cleaned_data["link_selector"].strip())

    def clean_title_selector(self) -> str:
        return _css_selector(self.cleaned_data["title_selector"].strip())

    def clean(self) -> dict[str, Any]:
        from iletisim.monitoring.sources import REGISTRY

        data = super().clean() or {}
        kind = REGISTRY.get(data.get("kind", ""))
        url = data.get("url", "")
        if kind is not None and kind.POLLED and not url and "url" not in self.errors:
            self.add_error("url", _("This kind of source needs its address."))
        duplicates = Source.objects.filter(outlet=self.outlet, kind=data.get("kind"), url=url)
        if self.source is not None:
            duplicates = duplicates.exclude(pk=self.source.pk)
        if kind is not None and duplicates.exists():
            raise ValidationError(_("This outlet already has this source."))
        return data

    @property
    def settings(self) -> dict[str, str]:
        """What `Source.settings` will hold for the chosen kind."""
        data = self.cleaned_data
        if data["kind"] != "html":
            return {}
        found = {"link": data["link_selector"], "title": data["title_selector"]}
        return {key: value for key, value in found.items() if value}


def _css_selector(selector: str) -> str:
    from cssselect import GenericTranslator, SelectorError

    if selector:
        try:
            GenericTranslator().css_to_xpath(selector)
        except SelectorError as exc:
            raise ValidationError(_("This is not a valid CSS selector.")) from exc
    return selector
