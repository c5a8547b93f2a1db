"""The staff page of alert rules: list, create, change (`monitoring.manage_alerts`)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from iletisim.accounts.decorators import permission_required
from iletisim.monitoring.alerts import actions
from iletisim.monitoring.alerts.forms import AlertRuleForm
from iletisim.monitoring.alerts.models import AlertRule


@permission_required("monitoring.manage_alerts")
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = (
        AlertRule.objects.select_related("query")
        .annotate(
            people=Count("recipients", distinct=True),
            sent=Count("alerts", filter=Q(alerts__sent_at__isnull=False), distinct=True),
            waiting=Count("alerts", filter=Q(alerts__sent_at__isnull=True), distinct=True),
        )
        .order_by("query__name", "name")
    )
    return render(request, "monitoring/alerts/rule_list.html", {"rules": rules})


@permission_required("monitoring.manage_alerts")
def rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    rule = get_object_or_404(AlertRule, pk=rule_id) if rule_id else AlertRule()
    form = AlertRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        recipients = list(data.pop("recipients"))
        saved = actions.save_alert_rule(
            rule=rule, data=data, recipients=recipients, by=request.user, request=request
        )
        messages.success(request, _("Alert rule saved."))
        return redirect("monitoring:alert-rule-edit", rule_id=saved.pk)
    return render(request, "monitoring/alerts/rule_form.html", {"form": form, "rule": rule})
