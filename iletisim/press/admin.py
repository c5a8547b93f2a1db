"""Admin for the contact book's reference data (outlets, lists, segments, suppression)."""

from django.contrib import admin

from iletisim.press.models import ContactList, Journalist, MediaOutlet, Segment, Suppression


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "city", "is_daily"]
    list_filter = ["kind", "scope"]
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
