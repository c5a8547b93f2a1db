"""Factories for users and memberships."""

from __future__ import annotations

from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from iletisim.accounts import actions
from iletisim.accounts.models import Unit, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@belediye.example")
    full_name = factory.Faker("name", locale="tr_TR")
    password = factory.django.Password(PASSWORD)


def make_user(role: str | None = None, unit: str = "basin-halkla-iliskiler", **kwargs) -> User:
    """A user with one role in one unit (by code); no role at all when role is None."""
    user = UserFactory(**kwargs)
    if role is not None:
        actions.add_membership(by=None, user=user, unit=Unit.objects.get(code=unit), role=role)
    return User.objects.get(pk=user.pk)


def confirmed_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def log_in(client: Any, user: User) -> User:
    """Log the test client in as `user`, the second factor confirmed where the role needs
    it (as after a real login with a code)."""
    client.force_login(user)
    if user.requires_two_factor:
        session = client.session
        session["otp_device_id"] = confirmed_totp(user).persistent_id
        session.save()
    return user


def current_code(device: TOTPDevice) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
