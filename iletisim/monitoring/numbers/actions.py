"""What changes or leaves through the numbers page: the chosen queries, and exports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from iletisim.core.audit import log_action, register_actions
from iletisim.monitoring.models import WatchQuery
from iletisim.monitoring.numbers.models import NumbersQuery, NumbersRole

register_actions(
    {
        "monitoring.numbers.queries_chosen": gettext_lazy(
            "Queries for share of voice and neighbourhoods chosen"
        ),
        "monitoring.numbers.exported": gettext_lazy("Desk numbers exported"),
    }
)


def choose_numbers_queries(
    *,
    own: WatchQuery | None,
    peers: list[WatchQuery],
    neighbourhoods: list[WatchQuery],
    by: Any,
) -> None:
    """Replace the chosen queries as a whole: the page always submits the full choice."""
    rows = [NumbersQuery(query=query, role=NumbersRole.PEER) for query in peers]
    rows += [NumbersQuery(query=query, role=NumbersRole.NEIGHBOURHOOD) for query in neighbourhoods]
    if own is not None:
        rows.append(NumbersQuery(query=own, role=NumbersRole.OWN))
    with transaction.atomic():
        NumbersQuery.objects.all().delete()
        NumbersQuery.objects.bulk_create(rows)
        log_action(
            "monitoring.numbers.queries_chosen",
            actor=by,
            data={
                "own": own.pk if own else None,
                "peers": sorted(q.pk for q in peers),
                "neighbourhoods": sorted(q.pk for q in neighbourhoods),
            },
        )


def chosen_queries() -> dict[str, list[int]]:
    chosen: dict[str, list[int]] = {role: [] for role in NumbersRole.values}
    for query_id, role in NumbersQuery.objects.values_list("query_id", "role"):
        chosen[role].append(query_id)
    return chosen


def record_export(*, by: Any, fmt: str, filters: dict[str, Any], request: Any = None) -> None:
    log_action(
        "monitoring.numbers.exported",
        actor=by,
        data={"format": fmt, **filters},
        request=request,
    )
