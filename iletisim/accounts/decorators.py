"""View decorators for staff pages: login, second factor, and a permission check.

Order of checks: anonymous visitors go to the login page (told when their session has
expired); people without any role, or without the permission, get 403; roles that need a
second factor are sent to confirm it before anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

View = Callable[..., HttpResponse]


def session_expired(request: HttpRequest) -> bool:
    """A session cookie was sent but the server no longer knows it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.session_key is None


def redirect_to_login(request: HttpRequest) -> HttpResponse:
    params = {"next": request.get_full_path()}
    if session_expired(request):
        params["expired"] = "1"
    url = f"{reverse(settings.LOGIN_URL)}?{urlencode(params)}"
    if getattr(request, "htmx", False):
        # An in-page request cannot follow a redirect to a full page: ask htmx to navigate.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.requires_two_factor and not user.is_verified())  # type: ignore[union-attr]


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request)
        if needs_second_factor(request):
            return redirect(
                f"{reverse('accounts:otp')}?{urlencode({'next': request.get_full_path()})}"
            )
        if not request.user.is_staff_member:  # type: ignore[union-attr]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(permission: str) -> Callable[[View], View]:
    """Staff only, and the user must hold `permission` (a django-rules permission)."""

    def decorator(view: View) -> View:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
