"""Staff pages of the press summary and the media reports, under /staff/monitoring/summary/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.core.audit import log_action
from iletisim.lib import turkish
from iletisim.lib.ratelimit import over_limit
from iletisim.monitoring.models import Item
from iletisim.monitoring.summary import actions, builder, rendering, reports
from iletisim.monitoring.summary.models import (
    PressSummary,
    Section,
    SuggestedAction,
    SummaryEntry,
    SummaryStatus,
)

ARCHIVE_SIZE = 60
RENDERS_PER_MINUTE = 20  # PDFs and spreadsheets cost CPU: a runaway script must not eat it


def _too_many_renders(request: HttpRequest) -> bool:
    return over_limit(f"monitoring:summary:renders:{request.user.pk}", RENDERS_PER_MINUTE, per=60)


def _peers(request: HttpRequest) -> list[str] | None:
    """Peers typed on the page ("peers=A,B"), else None: SUMMARY_PEERS, else the queries
    chosen on the numbers page (see reports.build)."""
    chosen = [p.strip()[:100] for p in request.GET.get("peers", "").split(",") if p.strip()]
    return chosen[:10] or None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@permission_required("monitoring.view_summary")
def summary_list(request: HttpRequest) -> HttpResponse:
    """The archive, newest first, searchable by date range and by word."""
    summaries = PressSummary.objects.all()
    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    query = request.GET.get("q", "").strip()[:200]
    if since:
        summaries = summaries.filter(date__gte=since)
    if until:
        summaries = summaries.filter(date__lte=until)
    for word in turkish.fold(query).split()[:10]:
        summaries = summaries.filter(search_text__contains=word)
    # Keyset pagination on (date, version) descending: "<date>_<version>" of the last row.
    day, _sep, version = request.GET.get("after", "").partition("_")
    if (after := _date(day)) and version.isdigit():
        summaries = summaries.filter(Q(date__lt=after) | Q(date=after, version__lt=int(version)))
    rows = list(summaries.order_by("-date", "-version")[: ARCHIVE_SIZE + 1])
    more = len(rows) > ARCHIVE_SIZE
    rows = rows[:ARCHIVE_SIZE]
    query_string = request.GET.copy()
    query_string.pop("after", None)
    context = {
        "summaries": rows,
        "next_cursor": f"{rows[-1].date.isoformat()}_{rows[-1].version}" if more else "",
        "query": query_string.urlencode(),
        "q": query,
        "since": since,
        "until": until,
        "can_edit": request.user.has_perm("monitoring.edit_summary"),
    }
    return render(request, "monitoring/summary/list.html", context)


@require_POST
@permission_required("monitoring.edit_summary")
def summary_draft_now(request: HttpRequest) -> HttpResponse:
    summary = actions.draft_summary(by=request.user, force=True)
    if summary is None:
        messages.info(request, _("Today's summary already exists."))
        return redirect("monitoring:summary-list")
    return redirect("monitoring:summary-detail", summary.pk)


@permission_required("monitoring.view_summary")
def summary_detail(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    entries = list(summary.entries.select_related("item").order_by("position", "id"))
    can_edit = request.user.has_perm("monitoring.edit_summary") and not summary.is_frozen
    candidates: list[Item] = []
    if can_edit and summary.status == SummaryStatus.DRAFT:
        used = {e.item_id for e in entries if e.item_id}
        candidates = list(
            builder.window_queryset(summary.since, summary.until).exclude(pk__in=used)[:30]
        )
    context = {
        **rendering.context(summary, entries, top_apart=False),
        "can_edit": can_edit and summary.status == SummaryStatus.DRAFT,
        "can_approve": request.user.has_perm("monitoring.approve_summary")
        and summary.status == SummaryStatus.DRAFT,
        "can_director_approve": request.user.has_perm("monitoring.director_approve_summary")
        and summary.status == SummaryStatus.AWAITING_DIRECTOR,
        "can_correct": request.user.has_perm("monitoring.edit_summary")
        and summary.status == SummaryStatus.APPROVED,
        "candidates": candidates,
        "section_choices": Section.choices,
        "action_choices": SuggestedAction.choices,
    }
    return render(request, "monitoring/summary/detail.html", context)


def _edit(request: HttpRequest, summary_id: int, run: Callable[[], object]) -> HttpResponse:
    """Run one edit; a refused edit (frozen summary, a fourth top story) becomes a message."""
    try:
        run()
    except actions.SummaryError as error:
        messages.error(request, str(error))
    return redirect("monitoring:summary-detail", summary_id)


@require_POST
@permission_required("monitoring.edit_summary")
def entry_change(request: HttpRequest, summary_id: int, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        SummaryEntry.objects.select_related("summary"), pk=entry_id, summary_id=summary_id
    )
    op = request.POST.get("op", "")
    by = request.user

    def run() -> None:
        if op in ("up", "down"):
            actions.move_entry(entry=entry, up=op == "up", by=by, request=request)
        elif op == "remove":
            actions.remove_entry(entry=entry, by=by, request=request)
        elif op == "top":
            action = request.POST.get("action", "")
            actions.mark_top(entry=entry, top=True, action=action, by=by, request=request)
        elif op == "untop":
            actions.mark_top(entry=entry, top=False, by=by, request=request)

    return _edit(request, summary_id, run)


@require_POST
@permission_required("monitoring.edit_summary")
def summary_add(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    section = request.POST.get("section", "")
    if section not in Section.values:
        return HttpResponse(status=400)
    by = request.user

    def run() -> None:
        if request.POST.get("item"):
            item = get_object_or_404(Item.objects.for_desk(), pk=request.POST["item"])
            actions.add_item(summary=summary, item=item, section=section, by=by, request=request)
        elif request.POST.get("note", "").strip():
            text = request.POST["note"]
            actions.add_note(summary=summary, section=section, text=text, by=by, request=request)

    return _edit(request, summary_id, run)


@require_POST
@permission_required("monitoring.edit_summary")
def summary_note(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    text = request.POST.get("note", "")
    return _edit(
        request,
        summary_id,
        lambda: actions.set_summary_note(
            summary=summary, text=text, by=request.user, request=request
        ),
    )


@require_POST
@permission_required("monitoring.view_summary")
def summary_approve(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    by_director = summary.status == SummaryStatus.AWAITING_DIRECTOR
    permission = "director_approve_summary" if by_director else "approve_summary"
    if not request.user.has_perm(f"monitoring.{permission}"):
        raise PermissionDenied
    approve = actions.director_approve_summary if by_director else actions.approve_summary
    try:
        approve(summary=summary, by=request.user, request=request)
    except actions.SummaryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The summary is approved."))
    return redirect("monitoring:summary-detail", summary_id)


@require_POST
@permission_required("monitoring.edit_summary")
def summary_correct(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    try:
        new = actions.correct_summary(summary=summary, by=request.user, request=request)
    except actions.SummaryError as error:
        messages.error(request, str(error))
        return redirect("monitoring:summary-detail", summary_id)
    return redirect("monitoring:summary-detail", new.pk)


@permission_required("monitoring.view_summary")
def summary_pdf(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = get_object_or_404(PressSummary, pk=summary_id)
    if _too_many_renders(request):
        return HttpResponse(_("Too many downloads; try again in a minute."), status=429)
    if summary.pdf:  # the file that was sent
        with summary.pdf.open("rb") as handle:
            body = handle.read()
    else:
        body = rendering.render_pdf(summary)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rendering.pdf_filename(summary)}"'
    return response


@permission_required("monitoring.view_reports")
def report(request: HttpRequest) -> HttpResponse:
    period = reports.period_from(request.GET.get("period", ""), request.GET.get("date", ""))
    peers = _peers(request)
    data = reports.build(period, peers=peers)
    return render(
        request,
        "monitoring/summary/report.html",
        {
            "period": period,
            "data": data,
            "charts": reports.chart_svgs(data),
            "peers": ",".join(peers or settings.SUMMARY_PEERS),
        },
    )


@permission_required("monitoring.view_reports")
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        return HttpResponse(status=404)
    if _too_many_renders(request):
        return HttpResponse(_("Too many downloads; try again in a minute."), status=429)
    period = reports.period_from(request.GET.get("period", ""), request.GET.get("date", ""))
    data = reports.build(period, peers=_peers(request))
    if fmt == "pdf":
        body, content_type = reports.render_pdf(period, data), "application/pdf"
    else:
        body = reports.render_xlsx(period, data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    log_action(
        "monitoring.report.exported",
        actor=request.user,
        data={"period": period.kind, "start": str(period.start), "format": fmt},
        request=request,
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{period.filename}.{fmt}"'
    return response
