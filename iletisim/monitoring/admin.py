"""Django admin for outlets and sources (administrators add and correct them here)."""

from django.contrib import admin

from iletisim.monitoring.models import Outlet, Source


class SourceInline(admin.TabularInline):
    model = Source
    fields = ["kind", "url", "settings", "paused", "consecutive_failures", "last_error"]
    readonly_fields = ["consecutive_failures", "last_error"]
    extra = 0


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "scope", "city", "reach"]
    list_filter = ["type", "scope"]
    search_fields = ["name", "city"]
    inlines = [SourceInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["outlet", "kind", "url", "paused", "consecutive_failures", "last_success_at"]
    list_filter = ["kind", "paused"]
    search_fields = ["outlet__name", "url"]
    list_select_related = ["outlet"]
