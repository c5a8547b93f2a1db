"""Staff pages for outlets and their sources: create, edit, pause and resume, health.

The list, import and export stay in views.py; everything here needs
`monitoring.manage_outlets` (press officers, the director, administrators).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.monitoring import actions
from iletisim.monitoring.forms import OutletForm, SourceForm
from iletisim.monitoring.models import Outlet, Source


@permission_required("monitoring.manage_outlets")
def outlet_edit(request: HttpRequest, outlet_id: int | None = None) -> HttpResponse:
    outlet = get_object_or_404(Outlet, pk=outlet_id) if outlet_id else Outlet()
    form = OutletForm(request.POST or None, instance=outlet)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_outlet(
            outlet=outlet, data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("The outlet has been saved."))
        return redirect("monitoring:outlet-edit", outlet_id=saved.pk)
    sources = list(outlet.sources.order_by("kind", "id")) if outlet.pk else []
    return render(
        request,
        "monitoring/outlet_form.html",
        {"form": form, "outlet": outlet, "sources": sources},
    )


@permission_required("monitoring.manage_outlets")
def source_edit(
    request: HttpRequest, outlet_id: int | None = None, source_id: int | None = None
) -> HttpResponse:
    if source_id:
        source = get_object_or_404(Source.objects.select_related("outlet"), pk=source_id)
        outlet = source.outlet
    else:
        outlet = get_object_or_404(Outlet, pk=outlet_id)
        source = Source(outlet=outlet)
    form = SourceForm(request.POST or None, outlet=outlet, source=source if source.pk else None)
    if request.method == "POST" and form.is_valid():
        actions.save_source(
            source=source,
            outlet=outlet,
            kind=form.cleaned_data["kind"],
            url=form.cleaned_data["url"],
            settings=form.settings,
            by=request.user,
            request=request,
        )
        messages.success(request, _("The source has been saved."))
        return redirect("monitoring:outlet-edit", outlet_id=outlet.pk)
    return render(
        request, "monitoring/source_form.html", {"form": form, "outlet": outlet, "source": source}
    )


@require_POST
@permission_required("monitoring.manage_outlets")
def source_pause(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=source_id)
    if not source.paused:
        actions.pause_source(
            source=source, reason=_("Paused by %(user)s") % {"user": request.user},
            by=request.user, request=request,
        )  # fmt: skip
        messages.success(request, _("The source will not be polled until it is resumed."))
    return redirect("monitoring:outlet-edit", outlet_id=source.outlet_id)
