"""The service catalogue in Django's admin: categories with their extra questions,
neighbourhoods, routing rules and reply templates are edited by administrators. Requests
themselves are worked on in the staff pages, never here."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.service_requests.models import (
    Category,
    CategoryQuestion,
    Neighbourhood,
    Open311Client,
    ReplyTemplate,
    RoutingRule,
)


class QuestionInline(admin.TabularInline):
    model = CategoryQuestion
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_unit", "target_days", "is_public", "desk_publishes"]
    list_filter = ["default_unit", "is_public", "desk_publishes", "is_active"]
    search_fields = ["name", "name_en", "code", "keywords"]
    inlines = [QuestionInline]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "is_active", "position"]
    list_filter = ["unit", "is_active"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category"]
    search_fields = ["title", "body"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """A new client gets a random key, shown once; only its hash is kept. Ticking "issue a
    new key" on an existing client replaces its key the same way."""

    list_display = ["name", "key_hint", "is_active", "rate_per_hour", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["key_hint", "last_used_at", "created_at"]
    actions = ["issue_new_key"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        key = None if change else obj.set_key()
        super().save_model(request, obj, form, change)
        if key:
            self._announce(request, obj, key)

    @admin.action(description=_("Issue a new API key"))
    def issue_new_key(self, request: HttpRequest, queryset: Any) -> None:
        for client in queryset:
            key = client.set_key()
            client.save(update_fields=["key_hash", "key_hint"])
            self._announce(request, client, key)

    def _announce(self, request: HttpRequest, client: Open311Client, key: str) -> None:
        log_action(
            "service_requests.open311.key_issued",
            actor=request.user,
            target=client,
            data={"hint": client.key_hint},
            request=request,
        )
        messages.warning(
            request,
            _("API key of %(name)s (shown only now): %(key)s") % {"name": client.name, "key": key},
        )
