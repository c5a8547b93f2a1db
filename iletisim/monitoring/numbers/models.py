"""Which watch queries the numbers page counts as the municipality, its peers and the
neighbourhoods. The press unit chooses them on the page; one row per chosen query."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.models import WatchQuery

__all__ = ["NumbersQuery", "NumbersRole"]


class NumbersRole(models.TextChoices):
    OWN = "own", _("The municipality")
    PEER = "peer", _("Peer")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class NumbersQuery(models.Model):
    """A watch query counted in share of voice (as us or as a peer) or as a neighbourhood."""

    query = models.OneToOneField(WatchQuery, on_delete=models.CASCADE, related_name="numbers_role")
    role = models.CharField(_("role"), max_length=20, choices=NumbersRole.choices)

    class Meta:
        verbose_name = _("query in the numbers")
        verbose_name_plural = _("queries in the numbers")
        indexes = [models.Index(fields=["role"], name="mon_numbers_role")]

    def __str__(self) -> str:
        return f"{self.query_id}: {self.role}"
