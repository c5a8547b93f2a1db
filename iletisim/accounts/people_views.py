"""The administrator's people pages: staff accounts, their roles, deactivation.

Every change goes through accounts.actions, so it lands on the audit trail. New accounts get
no usable password: the person sets one through the password-reset e-mail sent at creation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts import actions
from iletisim.accounts.decorators import permission_required
from iletisim.accounts.forms import MembershipForm, UserCreateForm
from iletisim.accounts.models import Membership, User


@permission_required("accounts.manage_users")
def people_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = User.objects.order_by("full_name", "username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    )
    if query:
        people = people.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    return render(request, "accounts/people_list.html", {"people": people[:500], "q": query})


@permission_required("accounts.manage_users")
def person_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.create_user(
            by=request.user,  # type: ignore[arg-type]
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            request=request,
        )
        actions.add_membership(
            by=request.user,  # type: ignore[arg-type]
            user=user,
            unit=data["unit"],
            role=data["role"],
            request=request,
        )
        _send_welcome(request, user)
        messages.success(
            request, _("The account has been created and a link to set a password was e-mailed.")
        )
        return redirect("people:person-detail", pk=user.pk)
    return render(request, "accounts/person_create.html", {"form": form})


def _send_welcome(request: HttpRequest, user: User) -> None:
    reset = PasswordResetForm({"email": user.email})
    if reset.is_valid():
        # New accounts have an unusable password; the reset form skips those, so ask for
        # this one user explicitly.
        reset.get_users = lambda email: [user]  # type: ignore[method-assign]
        reset.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="accounts/email/password_reset_subject.txt",
            email_template_name="accounts/email/password_reset.txt",
        )


@permission_required("accounts.manage_users")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_membership(
            by=request.user,  # type: ignore[arg-type]
            user=person,
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
            request=request,
        )
        messages.success(request, _("The role has been given."))
        return redirect("people:person-detail", pk=person.pk)
    memberships = person.memberships.select_related("unit").order_by("unit__position", "role")
    return render(
        request,
        "accounts/person_detail.html",
        {"person": person, "memberships": memberships, "form": form},
    )


@require_POST
@permission_required("accounts.manage_users")
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_pk, user_id=pk)
    if membership.user_id == request.user.pk and membership.role == "admin":
        messages.error(request, _("You cannot take away your own administrator role."))
    else:
        actions.remove_membership(by=request.user, membership=membership, request=request)  # type: ignore[arg-type]
        messages.success(request, _("The role has been taken away."))
    return redirect("people:person-detail", pk=pk)


@require_POST
@permission_required("accounts.manage_users")
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk, is_active=True)
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        actions.deactivate_user(by=request.user, user=person, request=request)  # type: ignore[arg-type]
        messages.success(
            request, _("The account has been deactivated; its sessions no longer work.")
        )
    return redirect("people:person-detail", pk=pk)
