"""Users, units (directorates), memberships, and the API tokens integrations act as users with."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.roles import MUNICIPALITY_WIDE_ROLES, TWO_FACTOR_ROLES, Role
from iletisim.accounts.scopes import split_scopes, validate_scopes


class User(AbstractUser):
    """A member of staff. Citizens and journalists never get accounts."""

    email = models.EmailField(_("e-mail address"), blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        """The roles this user holds in any unit (cached for the request)."""
        if not self.is_active or self.pk is None:
            return frozenset()
        return frozenset(self.memberships.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return not self.role_set.isdisjoint(roles)

    @property
    def is_staff_member(self) -> bool:
        return bool(self.role_set)

    @property
    def sees_all_units(self) -> bool:
        return self.has_role(*MUNICIPALITY_WIDE_ROLES)

    @property
    def requires_two_factor(self) -> bool:
        return self.has_role(*TWO_FACTOR_ROLES)

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        """Units this user belongs to, with all units below them in the tree."""
        direct = set(self.memberships.values_list("unit_id", flat=True))
        return frozenset(Unit.objects.with_descendants(direct))


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def directorates(self) -> UnitQuerySet:
        return self.filter(kind=Unit.Kind.DIRECTORATE)

    def with_descendants(self, unit_ids: set[int]) -> set[int]:
        """The given unit ids and every unit below them (the tree is shallow: few queries)."""
        found = set(unit_ids)
        frontier = set(unit_ids)
        while frontier:
            frontier = set(self.filter(parent_id__in=frontier).values_list("id", flat=True))
            frontier -= found
            found |= frontier
        return found


class Unit(models.Model):
    """A directorate (müdürlük), a sub-unit of one, or an outside body requests go to."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DIRECTORATE = "directorate", _("Directorate")
        SUB_UNIT = "sub_unit", _("Sub-unit")
        EXTERNAL = "external", _("Outside the municipality")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    subjects = models.TextField(
        _("typical subjects"),
        blank=True,
        help_text=_("What citizens and the press bring to this unit; used to route requests."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "tr").startswith("en"):
            return self.name_en
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="accounts_membership_unique"
            )
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable_with(self, key: str) -> ApiTokenQuerySet:
        """The active token whose key this is (by its hash), with the user it acts as."""
        return self.filter(key_hash=hash_key(key), is_active=True).select_related("user")


class ApiToken(models.Model):
    """A key an integration (the municipality's website, a newsroom tool, a city app) uses to
    act as one staff member through the staff API, limited to scopes the apps register
    (`accounts.scopes`). Only the SHA-256 of the key is stored; admins issue keys in the
    Django admin, where the key is shown once."""

    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key ends with"), max_length=8, editable=False)
    scopes = models.CharField(_("scopes"), max_length=400, validators=[validate_scopes])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Like log_action with audit names: a scope nobody registered is a typo, and a key
        # issued with it would silently mean something else than the admin thought.
        validate_scopes(self.scopes)
        super().save(*args, **kwargs)

    def scope_set(self) -> set[str]:
        return split_scopes(self.scopes)

    def set_key(self, key: str | None = None) -> str:
        """Give the token a new key and return it; only its hash is kept."""
        key = key or secrets.token_urlsafe(32)
        self.key_hash = hash_key(key)
        self.key_hint = key[-4:]
        return key

    def mark_used(self) -> None:
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())
