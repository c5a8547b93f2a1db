"""Staff login, logout, second factor, password reset, and the units' pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from iletisim.accounts import actions
from iletisim.accounts.access import get_unit_for_user, units_visible_to
from iletisim.accounts.decorators import permission_required
from iletisim.accounts.forms import LoginForm, TokenForm
from iletisim.accounts.models import User
from iletisim.accounts.otp import provisioning_qr_svg
from iletisim.core.audit import log_action


def _safe_next(request: HttpRequest, fallback: str = settings.LOGIN_REDIRECT_URL) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            actions.record_login(user=user, request=request)
            if user.requires_two_factor:
                return redirect(f"{_url('accounts:otp')}?next={_safe_next(request, '/staff/')}")
            return redirect(_safe_next(request))
        actions.record_failed_login(
            username=request.POST.get("username", ""),
            locked_out=bool(getattr(request, "axes_locked_out", False)),
            request=request,
        )
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "expired": request.GET.get("expired") == "1",
        },
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        actions.record_logout(user=request.user, request=request)
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def otp_view(request: HttpRequest) -> HttpResponse:
    """Confirm the second factor; the first time, set up the authenticator app."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    user: User = request.user  # type: ignore[assignment]
    if request.user.is_verified():  # type: ignore[union-attr,attr-defined]
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "authenticator"}
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log_action("accounts.otp.enrolled", actor=user, target=user, request=request)
            otp_login(request, device)
            log_action("accounts.otp.verified", actor=user, target=user, request=request)
            return redirect(_safe_next(request))
        log_action("accounts.otp.failed", actor=user, target=user, request=request)
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    context: dict[str, Any] = {
        "form": form,
        "enrolling": enrolling,
        "next": _safe_next(request, ""),
    }
    if enrolling:
        context["qr_svg"] = provisioning_qr_svg(device)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/otp.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = "/accounts/password-reset/sent/"

    def form_valid(self, form: Any) -> HttpResponse:
        log_action(
            "accounts.user.password_reset_requested",
            data={"email": form.cleaned_data["email"][:254]},
            request=self.request,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = "/accounts/password-reset/done/"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action(
            "accounts.user.password_changed",
            actor=form.user,
            target=form.user,
            data={"via": "reset"},
            request=self.request,
        )
        return response


@permission_required("accounts.list_units")
def unit_list(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user).order_by("kind", "position", "name")
    return render(request, "accounts/unit_list.html", {"units": units})


@permission_required("accounts.list_units")
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    memberships = unit.memberships.select_related("user").filter(user__is_active=True)
    return render(
        request,
        "accounts/unit_detail.html",
        {"unit": unit, "memberships": memberships.order_by("role", "user__full_name")},
    )
