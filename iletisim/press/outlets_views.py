"""Staff pages of the contact book's outlets: the list (with each one's schedule and its
link to monitoring) and the form to add or change one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from iletisim.accounts.decorators import permission_required
from iletisim.monitoring import selectors as monitoring
from iletisim.press import outlets
from iletisim.press.access import parse_id
from iletisim.press.forms import OutletForm
from iletisim.press.models import MediaOutlet


@permission_required("press.view_contacts")
def outlet_list(request: HttpRequest) -> HttpResponse:
    rows = list(MediaOutlet.objects.annotate(n_journalists=Count("journalists")).order_by("name"))
    linked = monitoring.outlet_names(
        [o.monitoring_outlet_id for o in rows if o.monitoring_outlet_id]
    )
    return render(
        request,
        "press/outlet_list.html",
        {"rows": [(o, linked.get(o.monitoring_outlet_id or 0, "")) for o in rows]},
    )


@permission_required("press.manage_contacts")
def outlet_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    outlet = get_object_or_404(MediaOutlet, pk=pk) if pk else None
    source = parse_id(request.GET.get("from_monitoring", ""))
    form = OutletForm(
        request.POST or None,
        instance=outlet,
        initial=outlets.initial_from_monitoring(source) if source and not outlet else None,
        monitoring_choices=outlets.monitoring_choices(outlet),
    )
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "issue_dates": form.cleaned_data["issue_calendar"]}
        try:
            saved = outlets.save_outlet(
                by=request.user,
                data=data,
                monitoring_outlet_id=form.cleaned_data["monitoring_outlet"],
                outlet=outlet,
                request=request,
            )
        except ValidationError as exc:
            form.add_error("monitoring_outlet", exc)
        else:
            messages.success(request, _("Outlet saved: %(name)s.") % {"name": saved.name})
            return redirect(back or "press:outlet-list")
    return render(request, "press/outlet_form.html", {"form": form, "outlet": outlet, "next": back})
