"""Public pages. They hold no personal data and need no login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "website/home.html")


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "website/contact.html")


@require_GET
def kvkk(request: HttpRequest) -> HttpResponse:
    return render(request, "website/kvkk.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "website/accessibility.html")
