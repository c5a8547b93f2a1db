"""Django admin for units (admins may rename and add them; codes are fixed once created)
and the API tokens of integrations (a new key is shown once; scopes are the registered ones).

People and roles are managed on the staff People page, which writes the audit trail; the
admin shows them read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iletisim.accounts import actions
from iletisim.accounts.models import ApiToken, Membership, Unit, User
from iletisim.accounts.scopes import registered_scopes
from iletisim.core.admin import ReadOnlyAdmin


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "is_active", "position")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_en", "code", "subjects")
    ordering = ("position", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        actions.save_unit(by=request.user, unit=obj, request=request)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return False  # deactivate instead: requests and releases refer to units


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role", "unit")


class ApiTokenForm(forms.ModelForm):
    """The scopes as checkboxes of the registered ones, stored comma separated."""

    scopes = forms.MultipleChoiceField(label=_("scopes"), widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(name, f"{name}: {label}") for name, label in registered_scopes().items()]
        if self.instance.pk:
            self.initial["scopes"] = sorted(self.instance.scope_set())

    def clean_scopes(self) -> str:
        return ",".join(self.cleaned_data["scopes"])


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A new token gets a random key, shown once; only its hash is kept. Ticking "issue a new
    key" on existing tokens replaces their keys the same way (the old key stops working)."""

    form = ApiTokenForm
    list_display = ["name", "user", "scopes", "key_hint", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "user__username", "key_hint"]
    readonly_fields = ["key_hint", "last_used_at", "created_at"]
    raw_id_fields = ["user"]
    actions = ["issue_new_key"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            actions.change_api_token(by=request.user, token=obj, request=request)  # type: ignore[arg-type]
            return
        key = actions.issue_api_token(by=request.user, token=obj, request=request)  # type: ignore[arg-type]
        self._show_once(request, obj, key)

    @admin.action(description=_("Issue a new API key"))
    def issue_new_key(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            key = actions.issue_api_token(by=request.user, token=token, request=request)  # type: ignore[arg-type]
            self._show_once(request, token, key)

    def _show_once(self, request: HttpRequest, token: ApiToken, key: str) -> None:
        messages.warning(
            request,
            gettext("API key of %(name)s (shown only now): %(key)s")
            % {"name": token.name, "key": key},
        )
