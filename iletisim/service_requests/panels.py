"""Navigation entries, the dashboard panel, scheduled jobs and the demo seeder of
service_requests, registered in AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from statistics import median
from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit
from iletisim.core.calendar import get_calendar
from iletisim.core.dashboard import Panel, register_panel
from iletisim.core.demo import register_seeder
from iletisim.core.navigation import NavItem, PublicLink, register, register_public
from iletisim.core.scheduler import Job, register_job
from iletisim.service_requests.models import OPEN_STATUSES, DataCorrection, ServiceRequest, Status


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the current time zone: comparing the column with it keeps the
    (created_at / answered_at / closed_at) indexes usable, which `__date` lookups do not."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _panel(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    requests = ServiceRequest.objects.visible_to(user)
    today = timezone.localdate()
    open_requests = requests.filter(status__in=OPEN_STATUSES)
    overdue_q = Q(due_date__lt=today, paused_at__isnull=True)
    totals = open_requests.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q),
        unrouted=Count("pk", filter=Q(status=Status.RECEIVED)),
    )
    totals["today"] = requests.filter(created_at__gte=_start_of(today)).count()
    open_by_unit = (
        open_requests.filter(unit__isnull=False)
        .values("unit_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q))
    )
    outcomes = _outcomes(requests, today)
    url_name = (
        "service_requests:inbox"
        if user.has_perm("service_requests.view_inbox")
        else "service_requests:unit-inbox"
    )
    # The desk's data subject requests (KVKK art. 11, 30 days): waiting and overdue.
    if user.has_perm("service_requests.correct_personal_data"):
        totals.update(DataCorrection.waiting_counts())
    return {
        **totals,
        **outcomes,
        "by_unit": _by_unit(open_by_unit, outcomes.pop("unit_spans"), outcomes.pop("unit_ratings")),
        "url_name": url_name,
    }


def _by_unit(
    open_rows: Any, spans: dict[int, list[float]], ratings: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per directorate: open and overdue now, median days to answer and satisfaction (90 days)."""
    rows: dict[int, dict[str, Any]] = {
        r["unit_id"]: {"open": r["open"], "overdue": r["overdue"]} for r in open_rows
    }
    for unit_id in [*spans, *ratings]:
        rows.setdefault(unit_id, {"open": 0, "overdue": 0})
    names = dict(Unit.objects.filter(pk__in=rows).values_list("pk", "name"))
    for unit_id, row in rows.items():
        row["unit__name"] = names.get(unit_id, "")
        row["median_days"] = round(median(spans[unit_id]), 1) if spans.get(unit_id) else None
        row["rating"] = ratings.get(unit_id)
    return sorted(rows.values(), key=lambda r: (-r["overdue"], -r["open"], r["unit__name"]))


def _outcomes(requests: Any, today: dt.date) -> dict[str, Any]:
    """Received and closed per day (two weeks), median days to answer and satisfaction (90
    days), overall and per directorate. The medians read at most the 5,000 latest answers,
    so they stay cheap."""
    since = today - dt.timedelta(days=13)
    received = dict(
        requests.filter(created_at__gte=_start_of(since))
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    closed = dict(
        requests.filter(closed_at__gte=_start_of(since))
        .annotate(day=TruncDate("closed_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    days = [since + dt.timedelta(days=i) for i in range(14)]
    recent = requests.filter(answered_at__gte=_start_of(today - dt.timedelta(days=90)))
    spans: list[float] = []
    unit_spans: dict[int, list[float]] = {}
    for unit_id, created, answered in recent.order_by("-answered_at").values_list(
        "unit_id", "created_at", "answered_at"
    )[:5000]:
        days_taken = (answered - created).total_seconds() / 86400
        spans.append(days_taken)
        if unit_id is not None:
            unit_spans.setdefault(unit_id, []).append(days_taken)
    rated = recent.filter(rating__isnull=False)
    rating = rated.aggregate(avg=Avg("rating"), n=Count("pk"))
    unit_ratings = {
        r["unit_id"]: {"avg": r["avg"], "n": r["n"]}
        for r in rated.filter(unit__isnull=False)
        .values("unit_id")
        .annotate(avg=Avg("rating"), n=Count("pk"))
        .order_by()
    }
    return {
        "per_day": [(d, received.get(d, 0), closed.get(d, 0)) for d in days],
        "median_days": round(median(spans), 1) if spans else None,
        "rating": rating,
        "unit_spans": unit_spans,
        "unit_ratings": unit_ratings,
    }


def _my_work(request: HttpRequest) -> dict[str, Any]:
    """In-app notice of work: what is assigned to me, and what is new in my units."""
    user = request.user
    mine = (
        ServiceRequest.objects.open()
        .filter(assignee_id=user.pk)
        .select_related("category")
        .order_by("due_date", "pk")[:10]
    )
    new = (
        ServiceRequest.objects.filter(
            unit_id__in=user.unit_ids,  # type: ignore[union-attr]
            status__in=[Status.ROUTED, Status.REOPENED],
            assignee__isnull=True,
        )
        .select_related("category")
        .order_by("due_date", "pk")[:10]
    )
    today = timezone.localdate()
    # Due within the warning window of requests_escalate: flagged "due soon" in the panel.
    soon = get_calendar().add_working_days(today, 2)
    return {"mine": list(mine), "new": list(new), "today": today, "soon": soon}


def register_service_requests() -> None:
    register_public(
        PublicLink(
            "requests-new",
            _("Submit a request"),
            "service_requests_public:new",
            10,
            _(
                "A complaint, a suggestion or a request: we pass it to the right directorate "
                "and keep you informed until it is resolved."
            ),
        ),
        PublicLink(
            "requests-map",
            _("Open requests on the map"),
            "service_requests_public:map",
            20,
            _("What residents have reported near you and is still being worked on."),
        ),
    )
    section = _("Citizen requests")
    register(
        NavItem(
            "requests-inbox",
            _("All requests"),
            "service_requests:inbox",
            "service_requests.view_inbox",
            section,
            30,
        ),
        NavItem(
            "requests-unit",
            _("My directorate's requests"),
            "service_requests:unit-inbox",
            "service_requests.view_unit_inbox",
            section,
            31,
        ),
        NavItem(
            "requests-new",
            _("Record a request"),
            "service_requests:request-create",
            "service_requests.intake",
            section,
            32,
        ),
        NavItem(
            "requests-map",
            _("Map of requests"),
            "service_requests:map",
            "service_requests.view_dashboard",
            section,
            33,
        ),
    )
    register_panel(
        Panel(
            "requests",
            _("Citizen requests"),
            "service_requests/panels/requests.html",
            "service_requests.view_dashboard",
            _panel,
            30,
        )
    )
    register_panel(
        Panel(
            "requests-mine",
            _("My work on citizen requests"),
            "service_requests/panels/my_work.html",
            "service_requests.view_unit_inbox",
            _my_work,
            31,
        )
    )
    register_job(Job("requests-escalate", "requests_escalate", dt.timedelta(hours=1)))
    register_job(Job("requests-send-pending", "requests_send_pending", dt.timedelta(minutes=10)))
    register_job(Job("requests-staff-mail", "requests_staff_mail", dt.timedelta(minutes=10)))
    register_job(Job("requests-train-router", "requests_train_router", dt.timedelta(days=1)))
    register_job(Job("requests-anonymise", "requests_anonymise", dt.timedelta(days=1)))
    register_job(Job("requests-fetch-mail", "requests_fetch_mail", dt.timedelta(minutes=5)))
    register_job(Job("requests-sms-reports", "requests_sms_reports", dt.timedelta(minutes=30)))

    from iletisim.service_requests.demo import seed_requests

    register_seeder("service_requests", seed_requests, order=60)
