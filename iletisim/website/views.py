"""Public pages. They hold no personal data and need no login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def page(request: HttpRequest, template: str) -> HttpResponse:
    """A static page of the public site; `template` comes from the URL map, never the user."""
    return render(request, template)
