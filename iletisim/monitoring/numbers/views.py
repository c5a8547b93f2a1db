"""The numbers page (/staff/monitoring/numbers/), its exports and the choice of queries."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.lib.ratelimit import over_limit
from iletisim.monitoring.numbers import actions, aggregate, tables
from iletisim.monitoring.numbers.forms import NumbersFilterForm, NumbersQueriesForm
from iletisim.monitoring.numbers.models import NumbersRole

EXPORTS_PER_MINUTE = 10  # a spreadsheet of every figure per request: a script must not loop
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _too_many_exports(request: HttpRequest) -> bool:
    return over_limit(f"monitoring:numbers:exports:{request.user.pk}", EXPORTS_PER_MINUTE, per=60)


def _queries_form(data: dict | None = None) -> NumbersQueriesForm:
    chosen = actions.chosen_queries()
    initial = {
        "own": chosen[NumbersRole.OWN][0] if chosen[NumbersRole.OWN] else None,
        "peers": chosen[NumbersRole.PEER],
        "neighbourhoods": chosen[NumbersRole.NEIGHBOURHOOD],
    }
    return NumbersQueriesForm(data, initial=initial)


@permission_required("monitoring.view_numbers")
def numbers(request: HttpRequest) -> HttpResponse:
    default = aggregate.default_filters()
    form = NumbersFilterForm(
        request.GET or None, initial={"since": default.since, "until": default.until}
    )
    figures = aggregate.build(form.filters())
    shown = tables.tables(figures)
    context = {
        "form": form,
        "numbers": figures,
        "tables": shown,
        "chart_data": [
            {"key": t.key, "title": t.title, "header": t.header, "rows": t.rows, "chart": t.chart}
            for t in shown
        ],
        "query": request.GET.urlencode(),
        "can_export": request.user.has_perm("monitoring.export_numbers"),
        "queries_form": (
            _queries_form() if request.user.has_perm("monitoring.choose_numbers_queries") else None
        ),
    }
    return render(request, "monitoring/numbers/numbers.html", context)


@permission_required("monitoring.export_numbers")
def numbers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return HttpResponse(status=404)
    if _too_many_exports(request):
        return HttpResponse(_("Too many downloads; try again in a minute."), status=429)
    filters = NumbersFilterForm(request.GET or None).filters()
    figures = aggregate.build(filters)
    body = tables.to_csv(figures) if fmt == "csv" else tables.to_xlsx(figures)
    actions.record_export(by=request.user, fmt=fmt, filters=filters.as_dict(), request=request)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"medya-rakamlari-{filters.since:%Y-%m-%d}-{filters.until:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@permission_required("monitoring.choose_numbers_queries")
def numbers_queries(request: HttpRequest) -> HttpResponse:
    form = _queries_form(request.POST)
    if form.is_valid():
        actions.choose_numbers_queries(
            own=form.cleaned_data["own"],
            peers=list(form.cleaned_data["peers"]),
            neighbourhoods=list(form.cleaned_data["neighbourhoods"]),
            by=request.user,
        )
        messages.success(request, _("The queries behind the numbers are saved."))
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("monitoring:numbers")
