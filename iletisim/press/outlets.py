"""Verbs on the contact book's outlets: save one (with its issue schedule) and keep its link
to monitoring's outlet of the same name. Monitoring is reached through its selectors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.monitoring import selectors as monitoring
from iletisim.press.models import MediaOutlet

FIELDS = [
    "name",
    "kind",
    "scope",
    "city",
    "periodicity",
    "issue_anchor",
    "issue_dates",
    "email",
    "address",
]


# Monitoring's outlet types and press's kinds of outlet.
KIND_FROM_MONITORING = {
    "national_newspaper": MediaOutlet.OutletKind.NEWSPAPER,
    "local_newspaper": MediaOutlet.OutletKind.NEWSPAPER,
    "news_site": MediaOutlet.OutletKind.WEB,
    "agency": MediaOutlet.OutletKind.AGENCY,
    "tv": MediaOutlet.OutletKind.TV,
    "radio": MediaOutlet.OutletKind.RADIO,
    "magazine": MediaOutlet.OutletKind.MAGAZINE,
}


def initial_from_monitoring(outlet_id: int) -> dict[str, Any]:
    """What the outlet form starts from when a monitoring outlet is added to the book."""
    ref = monitoring.get_outlet_ref(outlet_id)
    if ref is None:
        return {}
    return {
        "name": ref.name,
        "kind": KIND_FROM_MONITORING.get(ref.type, ""),
        "scope": ref.scope,
        "city": ref.city,
        "monitoring_outlet": ref.id,
    }


def monitoring_choices(outlet: MediaOutlet | None = None) -> list[tuple[int, str]]:
    """Monitoring's outlets not yet linked to another press outlet."""
    from iletisim.monitoring.actions import outlet_choices

    others = MediaOutlet.objects.exclude(monitoring_outlet=None)
    if outlet is not None:
        others = others.exclude(pk=outlet.pk)
    taken = set(others.values_list("monitoring_outlet_id", flat=True))
    return [(pk, name) for pk, name in outlet_choices() if pk not in taken]


@transaction.atomic
def save_outlet(
    *,
    by: Any,
    data: dict[str, Any],
    monitoring_outlet_id: int | None,
    outlet: MediaOutlet | None = None,
    request: HttpRequest | None = None,
) -> MediaOutlet:
    """Create or change an outlet. Without an explicit link, the monitoring outlet whose
    name matches (Turkish case folding) is linked, if no other press outlet has it."""
    created = outlet is None
    outlet = outlet or MediaOutlet()
    for name in FIELDS:
        if name in data:
            setattr(outlet, name, data[name])
    if monitoring_outlet_id is None:
        match = monitoring.outlet_id_by_name(outlet.name)
        linked = MediaOutlet.objects.filter(monitoring_outlet_id=match).exclude(pk=outlet.pk)
        if match is not None and not linked.exists():
            monitoring_outlet_id = match
    elif (
        MediaOutlet.objects.filter(monitoring_outlet_id=monitoring_outlet_id)
        .exclude(pk=outlet.pk)
        .exists()
    ):
        raise ValidationError(_("That monitoring outlet is linked to another outlet already."))
    outlet.monitoring_outlet_id = monitoring_outlet_id
    outlet.save()
    log_action(
        "press.outlet.created" if created else "press.outlet.edited",
        actor=by,
        target=outlet,
        data={"periodicity": outlet.periodicity, "monitoring_outlet": monitoring_outlet_id},
        request=request,
    )
    return outlet
