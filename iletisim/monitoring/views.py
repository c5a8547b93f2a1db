"""Staff pages of monitoring: the clipping desk, stories, clippings, outlets."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.accounts.models import User
from iletisim.core.audit import log_action
from iletisim.monitoring import access, actions, outlets_io, queries, watch
from iletisim.monitoring.forms import (
    AddByUrlForm,
    ClippingForm,
    CorrectionForm,
    DeskFilterForm,
    ItemEditForm,
    OutletImportForm,
    WatchQueryForm,
)
from iletisim.monitoring.matching import QueryError, parse_query
from iletisim.monitoring.models import Importance, ItemStatus, Outlet, Source, WatchQuery


def _colleagues() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__role__in=["press_officer", "director", "admin"]
        )
        .distinct()
        .order_by("full_name", "username")
    )


@permission_required("monitoring.view_desk")
def desk(request: HttpRequest) -> HttpResponse:
    form = DeskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    one_per_story = data.get("copies") != "all"
    found = queries.desk_items(data)
    if one_per_story:
        found = queries.one_per_story(found)
    items, next_cursor = queries.page(found, request.GET.get("after", ""))
    queries.with_query_names(items)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "items": items,
        "next_cursor": next_cursor,
        "query": query.urlencode(),
        "can_edit": request.user.has_perm("monitoring.edit_items"),
        "colleagues": _colleagues(),
        "statuses": ItemStatus,
        "importance_choices": Importance.choices,
        "one_per_story": one_per_story,
    }
    if getattr(request, "htmx", False) and request.GET.get("after"):
        return render(request, "monitoring/desk.html#rows", context)
    return render(request, "monitoring/desk.html", context)


def _row(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    queries.with_query_names([item])
    # the desk page the row is swapped into (htmx sends its address) says which view it is
    desk_url = urlsplit(getattr(request.htmx, "current_url", None) or "")  # type: ignore[attr-defined]
    context = {
        "item": item,
        "can_edit": True,
        "colleagues": _colleagues(),
        "statuses": ItemStatus,
        "importance_choices": Importance.choices,
        "one_per_story": parse_qs(desk_url.query).get("copies") != ["all"],
    }
    return render(request, "monitoring/desk.html#row", context)


@require_POST
@permission_required("monitoring.edit_items")
def item_status(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    status = request.POST.get("status", "")
    if status not in ItemStatus.values:
        return HttpResponse(status=400)
    # On the desk's one-row-per-story view the row stands for the story: its new copies too.
    mark = actions.set_story_status if request.POST.get("story") else actions.set_item_status
    try:
        mark(item=item, status=status, by=request.user, request=request)
    except actions.TransitionError:
        return HttpResponse(status=409)
    return _row(request, item.pk) if request.htmx else redirect("monitoring:desk")  # type: ignore[attr-defined]


@require_POST
@permission_required("monitoring.edit_items")
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    form = ItemEditForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    actions.update_item(
        item=item,
        by=request.user,
        tags=form.cleaned_data["tags"].split(","),
        note=form.cleaned_data["note"],
        importance=form.cleaned_data["importance"],
        request=request,
    )
    return _row(request, item.pk) if request.htmx else redirect("monitoring:desk")  # type: ignore[attr-defined]


@require_POST
@permission_required("monitoring.edit_items")
def item_assign(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    assignee_id = request.POST.get("assignee", "")
    assignee = None
    if assignee_id:
        assignee = next((u for u in _colleagues() if str(u.pk) == assignee_id), None)
        if assignee is None:
            return HttpResponse(status=400)
    actions.assign_item(item=item, assignee=assignee, by=request.user, request=request)
    return _row(request, item.pk) if request.htmx else redirect("monitoring:desk")  # type: ignore[attr-defined]


@permission_required("monitoring.view_desk")
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    can_edit = request.user.has_perm("monitoring.edit_items")
    initial = {"topic": item.topic, "tone": item.tone}
    form = CorrectionForm(initial=initial) if can_edit else None
    hits = list(item.query_hits.select_related("query").order_by("query__name"))
    context = {
        "item": item,
        "correction_form": form,
        "hits": hits,
        "can_edit": can_edit,
        "marked_text": watch.highlighted_sections(item, hits),
    }
    return render(request, "monitoring/item_detail.html", context)


@require_POST
@permission_required("monitoring.edit_items")
def hit_mark(request: HttpRequest, hit_id: int) -> HttpResponse:
    """Mark one watch query's hit on an item wrong, or right again."""
    hit = access.get_hit(hit_id)
    wrong = request.POST.get("wrong") == "1"
    if actions.mark_query_hit(hit=hit, wrong=wrong, by=request.user, request=request):
        messages.success(
            request,
            _("Marked as a wrong hit of this query.") if wrong else _("Marked as a right hit."),
        )
    return redirect("monitoring:item-detail", item_id=hit.item_id)


@require_POST
@permission_required("monitoring.edit_items")
def item_correct(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item(item_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if actions.correct_item(
        item=item,
        by=request.user,
        topic=form.cleaned_data["topic"] or None,
        tone=form.cleaned_data["tone"] or None,
        request=request,
    ):
        messages.success(request, _("Correction saved; the next retraining will learn from it."))
    return redirect("monitoring:item-detail", item_id=item.pk)


@permission_required("monitoring.view_desk")
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access.get_story(story_id)
    return render(
        request,
        "monitoring/story_detail.html",
        {"story": story, "copies": access.story_items(story)},
    )


@permission_required("monitoring.add_clipping")
def clipping_add(request: HttpRequest) -> HttpResponse:
    form = ClippingForm(request.POST or None, request.FILES or None)
    url_form = AddByUrlForm(prefix="url")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        minutes = data["duration_minutes"]
        clipping = actions.add_clipping(
            outlet=data["outlet"],
            medium=data["medium"],
            title=data["title"],
            by=request.user,
            published_at=data["published_at"],
            text=data["text"],
            page=data["page"],
            scan=data["scan"],
            programme=data["programme"],
            air_time=data["air_time"],
            duration=dt.timedelta(minutes=minutes) if minutes is not None else None,
            transcript=data["transcript"],
            media_url=data["media_url"],
            request=request,
        )
        messages.success(request, _("The clipping has been added to the desk."))
        return redirect("monitoring:item-detail", item_id=clipping.item_id)
    return render(request, "monitoring/clipping_form.html", {"form": form, "url_form": url_form})


@require_POST
@permission_required("monitoring.add_clipping")
def clipping_add_url(request: HttpRequest) -> HttpResponse:
    url_form = AddByUrlForm(request.POST, prefix="url")
    if not url_form.is_valid():
        return render(
            request, "monitoring/clipping_form.html", {"form": ClippingForm(), "url_form": url_form}
        )
    actions.add_item_by_url(
        outlet=url_form.cleaned_data["outlet"],
        url=url_form.cleaned_data["url"],
        by=request.user,
        request=request,
    )
    messages.success(request, _("The article will be fetched and shown on the desk shortly."))
    return redirect("monitoring:desk")


@permission_required("monitoring.manage_outlets")
def outlet_list(request: HttpRequest) -> HttpResponse:
    outlets = Outlet.objects.annotate(source_count=Count("sources")).order_by("name")
    sources = Source.objects.select_related("outlet").exclude(kind="manual")
    form = OutletImportForm()
    return render(
        request,
        "monitoring/outlet_list.html",
        {"outlets": outlets, "sources": sources, "form": form},
    )


@require_POST
@permission_required("monitoring.manage_outlets")
def outlet_import(request: HttpRequest) -> HttpResponse:
    form = OutletImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect("monitoring:outlet-list")
    upload = form.cleaned_data["file"]
    with transaction.atomic():
        count, problems = outlets_io.import_rows(outlets_io.read(upload.name, upload.read()))
        log_action(
            "monitoring.outlets.imported",
            actor=request.user,
            data={"count": count, "problems": problems[:20]},
            request=request,
        )
    messages.success(request, _("%(count)d outlets imported.") % {"count": count})
    for problem in problems[:10]:
        messages.warning(request, problem)
    return redirect("monitoring:outlet-list")


@permission_required("monitoring.manage_outlets")
def outlet_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    if fmt == "xlsx":
        body = outlets_io.export_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = outlets_io.export_csv(), "text/csv; charset=utf-8"
    log_action(
        "monitoring.outlets.exported", actor=request.user, data={"format": fmt}, request=request
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="outlets.{fmt}"'
    return response


@require_POST
@permission_required("monitoring.manage_outlets")
def source_resume(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    if not source.paused:
        raise PermissionDenied
    actions.resume_source(source=source, by=request.user, request=request)
    messages.success(request, _("The source will be polled again."))
    if request.POST.get("back") == "outlet":
        return redirect("monitoring:outlet-edit", outlet_id=source.outlet_id)
    return redirect("monitoring:outlet-list")


# -- watch queries ------------------------------------------------------------------------


@permission_required("monitoring.manage_queries")
def query_list(request: HttpRequest) -> HttpResponse:
    """Each query with its hits and its precision: the share of the hits the desk has judged
    that it kept relevant (hits still unjudged do not count; a hit marked wrong is judged, and
    not kept, even on an item kept relevant for another query)."""
    judged = [ItemStatus.RELEVANT, ItemStatus.IRRELEVANT]
    watch_queries = WatchQuery.objects.select_related("owner").annotate(
        hit_count=Count("hits"),
        kept=Count(
            "hits",
            filter=Q(hits__item__status=ItemStatus.RELEVANT, hits__marked_wrong=False),
        ),
        judged=Count("hits", filter=Q(hits__item__status__in=judged) | Q(hits__marked_wrong=True)),
    )
    for watch_query in watch_queries:
        watch_query.precision = (  # type: ignore[attr-defined]
            round(100 * watch_query.kept / watch_query.judged) if watch_query.judged else None
        )
    return render(request, "monitoring/query_list.html", {"watch_queries": watch_queries})


@permission_required("monitoring.manage_queries")
def query_edit(request: HttpRequest, query_id: int | None = None) -> HttpResponse:
    """Create or change a query; "Preview" shows the last 30 days' matches without saving."""
    instance = get_object_or_404(WatchQuery, pk=query_id) if query_id else WatchQuery()
    rows = None
    if request.method == "POST":
        form = WatchQueryForm(request.POST, instance=instance)
        if form.is_valid():
            if "preview" in request.POST:
                rows = watch.preview(form.parsed)
            else:
                saved = actions.save_watch_query(
                    query=instance,
                    name=form.cleaned_data["name"],
                    text=form.cleaned_data["text"],
                    active=form.cleaned_data["active"],
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("Watch query saved."))
                return redirect("monitoring:query-edit", query_id=saved.pk)
    else:
        form = WatchQueryForm(instance=instance)
        if instance.pk:
            try:
                rows = watch.preview(parse_query(instance.text))
            except QueryError:
                rows = None
    return render(
        request,
        "monitoring/query_form.html",
        {"form": form, "watch_query": instance, "rows": rows, "days": watch.PREVIEW_DAYS},
    )
