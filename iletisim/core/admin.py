"""Django admin: the audit trail and the scheduler's state, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iletisim.core.models import AuditEntry, ScheduledJobRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "target_label", "ip")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_label", "action")


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "next_run_at", "last_started_at", "last_finished_at", "last_error")
