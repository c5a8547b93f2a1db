"""Staff dashboard, audit trail, working-day calendar, health and error pages."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.core import actions
from iletisim.core.audit import known_actions
from iletisim.core.calendar import get_calendar
from iletisim.core.dashboard import panels_for
from iletisim.core.forms import AuditFilterForm, DayOffForm
from iletisim.core.health import health_report
from iletisim.core.models import AuditEntry, DayOff

AUDIT_PAGE_SIZE = 50


@permission_required("core.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": panels_for(request)})


@permission_required("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail, newest first, with keyset pagination on (at, id)."""
    form = AuditFilterForm(request.GET or None, actions=known_actions())
    entries = AuditEntry.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["target"]:
            entries = entries.filter(target_label__icontains=data["target"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
    after_at, after_id = _parse_cursor(request.GET.get("after", ""))
    if after_at is not None:
        entries = entries.filter(Q(at__lt=after_at) | Q(at=after_at, id__lt=after_id))
    page = list(entries.order_by("-at", "-id")[: AUDIT_PAGE_SIZE + 1])
    has_more = len(page) > AUDIT_PAGE_SIZE
    page = page[:AUDIT_PAGE_SIZE]
    next_cursor = _cursor(page[-1]) if has_more else ""
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "entries": page, "next_cursor": next_cursor, "query": query.urlencode()},
    )


def _cursor(entry: AuditEntry) -> str:
    """Keyset cursor "<microseconds since epoch>_<id>": URL-safe, no timezone signs."""
    micros = int(entry.at.timestamp()) * 1_000_000 + entry.at.microsecond
    return f"{micros}_{entry.id}"


def _parse_cursor(cursor: str) -> tuple[dt.datetime | None, int]:
    micros_text, _sep, id_text = cursor.partition("_")
    if not (micros_text.isdigit() and id_text.isdigit()):
        return None, 0
    micros = int(micros_text)
    at = dt.datetime.fromtimestamp(micros // 1_000_000, tz=dt.UTC).replace(
        microsecond=micros % 1_000_000
    )
    return at, int(id_text)


@permission_required("core.view_calendar")
def calendar_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 1990), 2070)
    calendar = get_calendar()
    days = list(calendar.days_off_between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    form = DayOffForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("core.manage_calendar"):
            return permission_denied(request, None)
        if form.is_valid():
            actions.add_day_off(
                by=request.user,
                date=form.cleaned_data["date"],
                name=form.cleaned_data["name"],
                request=request,
            )
            messages.success(request, _("The day off has been added."))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "days": days,
            "form": form,
            "extra_days": DayOff.objects.filter(date__year=year),
            "working_days_left": calendar.working_days_between(today, dt.date(today.year, 12, 31)),
        },
    )


@require_POST
@permission_required("core.manage_calendar")
def day_off_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day_off = get_object_or_404(DayOff, pk=pk)
    year = day_off.date.year
    actions.remove_day_off(by=request.user, day_off=day_off, request=request)
    messages.success(request, _("The day off has been removed."))
    return redirect(f"/staff/calendar/?year={year}")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    ok, report = health_report()
    return JsonResponse(report, status=200 if ok else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
