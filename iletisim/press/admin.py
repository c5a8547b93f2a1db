"""Admin for the contact book's reference data (outlets, lists, segments, suppression). API
tokens are accounts' (one admin for every app's scopes)."""

from django.contrib import admin

from iletisim.press.models import (
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
