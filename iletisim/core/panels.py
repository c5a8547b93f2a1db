"""The platform's own navigation entries and dashboard panels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.core.calendar import get_calendar
from iletisim.core.dashboard import Panel, register_panel
from iletisim.core.health import health_report
from iletisim.core.models import AuditEntry
from iletisim.core.navigation import NavItem, register


def _my_roles(request: HttpRequest) -> dict[str, Any]:
    memberships = request.user.memberships.select_related("unit").order_by("unit__position")  # type: ignore[union-attr]
    return {"memberships": memberships}


def _calendar(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    calendar = get_calendar()
    upcoming = list(calendar.days_off_between(today, today + dt.timedelta(days=60)))[:6]
    return {
        "today_working": calendar.is_working_day(today),
        "today_half": calendar.is_half_day(today) if calendar.is_working_day(today) else False,
        "upcoming": upcoming,
        "next_working_day": calendar.next_working_day(today),
    }


def _recent_audit(request: HttpRequest) -> dict[str, Any]:
    return {"entries": list(AuditEntry.objects.select_related("actor")[:8])}


def _system(request: HttpRequest) -> dict[str, Any]:
    ok, report = health_report()
    return {"ok": ok, "report": report}


def register_core() -> None:
    register(
        NavItem(
            "dashboard", _("Dashboard"), "core:dashboard", "core.view_dashboard", _("General"), 0
        ),
        NavItem(
            "calendar", _("Working days"), "core:calendar", "core.view_calendar", _("General"), 20
        ),
        NavItem(
            "audit",
            _("Audit trail"),
            "core:audit-list",
            "core.view_audit",
            _("Administration"),
            900,
        ),
    )
    register_panel(
        Panel(
            "my-roles",
            _("My roles"),
            "core/panels/my_roles.html",
            "core.view_dashboard",
            _my_roles,
            0,
        )
    )
    register_panel(
        Panel(
            "calendar",
            _("Working days"),
            "core/panels/calendar.html",
            "core.view_dashboard",
            _calendar,
            10,
        )
    )
    register_panel(
        Panel(
            "audit",
            _("Latest audit entries"),
            "core/panels/audit.html",
            "core.view_audit",
            _recent_audit,
            50,
        )
    )
    register_panel(
        Panel(
            "system", _("System health"), "core/panels/system.html", "core.view_system", _system, 60
        )
    )
