"""The dashboard panel of the press summary: where today's summary stands."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from iletisim.monitoring.summary.models import PressSummary


def today_panel(request: HttpRequest) -> dict[str, Any]:
    return {"today": PressSummary.objects.current().filter(date=timezone.localdate()).first()}
