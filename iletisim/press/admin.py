"""Admin for the contact book's reference data (outlets, lists, segments, suppression) and
the press API tokens."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.press.models import (
    ApiToken,
    ContactList,
    Journalist,
    MediaOutlet,
    Segment,
    Suppression,
)


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "city", "periodicity"]
    list_filter = ["kind", "scope", "periodicity"]
    raw_id_fields = ["monitoring_outlet"]
    search_fields = ["name", "city"]


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ["full_name", "outlet", "city", "legal_basis", "do_not_contact"]
    list_filter = ["do_not_contact", "legal_basis"]
    search_fields = ["full_name", "email", "beats"]
    raw_id_fields = ["outlet"]


@admin.register(ContactList)
class ContactListAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    raw_id_fields = ["members"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "outlet_kind", "beat", "city"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "at"]
    list_filter = ["reason"]
    search_fields = ["email"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A new token's key is shown once; only its hash is kept."""

    list_display = ["name", "user", "scopes", "key_hint", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["key_hint", "last_used_at", "created_at"]
    raw_id_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        key = None if change else obj.set_key()
        super().save_model(request, obj, form, change)
        if key:
            log_action(
                "press.api.token_issued",
                actor=request.user,
                target=obj,
                data={"hint": obj.key_hint, "scopes": obj.scopes},
                request=request,
            )
            messages.warning(
                request,
                _("API key of %(name)s (shown only now): %(key)s") % {"name": obj.name, "key": key},
            )
