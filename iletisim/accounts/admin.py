"""Django admin for units (admins may rename and add them; codes are fixed once created).

People and roles are managed on the staff People page, which writes the audit trail; the
admin shows them read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iletisim.accounts import actions
from iletisim.accounts.models import Membership, Unit, User
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
