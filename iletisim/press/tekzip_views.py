"""The tekzip page's link to monitoring: find the article answered among monitoring's items,
start a rebuttal from it (its title, date, page and length filled in), link it later, and
show its text next to the rebuttal draft. Monitoring is reached through its selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.monitoring import selectors as monitoring
from iletisim.press import tekzip
from iletisim.press.access import get_communication_for_user, parse_id
from iletisim.press.forms import RebuttalForm, SentForm
from iletisim.press.models import Communication, Kind, MediaOutlet, Rebuttal

BROADCAST_MEDIA = {"tv", "radio"}


def _initial_from(ref: monitoring.ItemRef) -> dict[str, Any]:
    outlet = MediaOutlet.objects.filter(monitoring_outlet_id=ref.outlet_id).first()
    return {
        "clipping_id": ref.id,
        "medium": Rebuttal.Medium.BROADCAST if ref.medium in BROADCAST_MEDIA else "press",
        "outlet": outlet.pk if outlet else None,
        "article_title": ref.title[:300],
        "article_url": ref.url,
        "article_page": ref.page,
        "article_published_on": ref.published_on,
        "article_lines": tekzip.count_lines(ref.text),
    }


def rebuttal_context(request: HttpRequest, item: Communication) -> dict[str, Any]:
    """What the rebuttal section of a communication's page shows."""
    if item.kind != Kind.REBUTTAL:
        return {}
    rebuttal = Rebuttal.objects.select_related("outlet").filter(communication=item).first()
    can_manage = request.user.has_perm("press.manage_rebuttals")
    context: dict[str, Any] = {
        "rebuttal": rebuttal,
        "clocks": tekzip.clocks(rebuttal) if rebuttal else [],
        "length_problem": tekzip.length_problem(rebuttal) if rebuttal else None,
        "clipping_q": request.GET.get("clipping_q", "")[:200],
        "clipping_results": [],
        "clipping": None,
        "unknown_outlet": "",
    }
    if can_manage and context["clipping_q"]:
        context["clipping_results"] = monitoring.find_items(context["clipping_q"])
    if rebuttal:
        # Shown again to add the receipt later: the dates already recorded, not today's.
        context["sent_form"] = SentForm(
            initial={
                "on": rebuttal.sent_on or timezone.localdate(),
                "received_on": rebuttal.received_on,
            },
            auto_id="id_sent_%s",
        )
    if rebuttal and rebuttal.clipping_id:
        context["clipping"] = monitoring.get_item_ref(rebuttal.clipping_id)
    picked = request.GET.get("clipping", "")
    if rebuttal is None and can_manage:
        picked_id = parse_id(picked)
        ref = monitoring.get_item_ref(picked_id) if picked_id is not None else None
        initial = _initial_from(ref) if ref else {}
        if ref and initial["outlet"] is None:
            context["unknown_outlet"] = ref.outlet_name
            back = reverse("press:communication-detail", args=[item.pk]) + f"?clipping={ref.id}"
            context["add_outlet_url"] = (
                reverse("press:outlet-create")
                + "?"
                + urlencode({"from_monitoring": str(ref.outlet_id), "next": back})
            )
        context["clipping"] = ref
        context["rebuttal_form"] = RebuttalForm(initial=initial)
    return context


@require_POST
@permission_required("press.manage_rebuttals")
def rebuttal_link_clipping(request: HttpRequest, pk: int) -> HttpResponse:
    rebuttal = get_object_or_404(Rebuttal.objects.select_related("communication"), pk=pk)
    get_communication_for_user(request.user, rebuttal.communication_id)
    item_id = request.POST.get("clipping", "")
    parsed = parse_id(item_id)
    ref = monitoring.get_item_ref(parsed) if parsed is not None else None
    if ref is None:
        raise Http404
    tekzip.link_clipping(by=request.user, rebuttal=rebuttal, item_id=ref.id, request=request)
    messages.success(request, _("The clipping is linked to the rebuttal."))
    return redirect("press:communication-detail", rebuttal.communication_id)
