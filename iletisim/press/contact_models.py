"""The media contact book of press: outlets, journalists, lists, saved segments and the
suppression list. Imported by `models.py`, which re-exports every name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# --- The media contact book ------------------------------------------------------------------


class MediaOutlet(models.Model):
    """A newspaper, channel, station, magazine or news site in the contact book.

    Monitoring keeps the outlets it reads (`monitoring.Outlet`); press keeps what it needs to
    write to an outlet (address, e-mail, how often it comes out) and links the row to the
    monitoring outlet of the same name (`monitoring_outlet`, matched by name when the link
    was introduced, picked on the outlet form since). Issue dates: `periodicity.py`.
    """

    class Periodicity(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        BIMONTHLY = "bimonthly", _("Every two months")
        QUARTERLY = "quarterly", _("Every three months")
        CALENDAR = "calendar", _("By a publication calendar")

    class OutletKind(models.TextChoices):
        NEWSPAPER = "newspaper", _("Newspaper")
        TV = "tv", _("Television")
        RADIO = "radio", _("Radio")
        MAGAZINE = "magazine", _("Magazine")
        WEB = "web", _("News website")
        AGENCY = "agency", _("News agency")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=OutletKind.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    periodicity = models.CharField(
        _("comes out"), max_length=16, choices=Periodicity.choices, blank=True
    )
    issue_anchor = models.DateField(
        _("date of one issue"),
        null=True,
        blank=True,
        help_text=_("Any past or coming issue; the other issues are counted from it."),
    )
    issue_dates = models.JSONField(_("publication calendar"), default=list, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    monitoring_outlet = models.OneToOneField(
        "monitoring.Outlet",
        verbose_name=_("same outlet in monitoring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_daily(self) -> bool:
        return self.periodicity == self.Periodicity.DAILY


class JournalistQuerySet(models.QuerySet["Journalist"]):
    def reachable(self) -> JournalistQuerySet:
        """Those we may write to: an address, no do-not-contact, not on the suppression list."""
        suppressed = Suppression.objects.values("email")
        return (
            self.exclude(email="")
            .filter(do_not_contact=False)
            .annotate(email_ci=Lower("email"))
            .exclude(email_ci__in=suppressed)
        )


class Journalist(models.Model):
    """A person at an outlet. Personal data under KVKK: the legal basis and where the data
    came from are recorded for every row."""

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Explicit consent")
        PUBLIC_ROLE = "public_role", _("Made public by the person (professional contact)")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journalists",
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    beats = models.CharField(_("beats"), max_length=300, blank=True)
    phones = models.CharField(_("phones"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, default="tr")
    notes = models.TextField(_("notes"), blank=True)
    last_contacted_at = models.DateTimeField(_("last contacted"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=24,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_ROLE,
    )
    data_source = models.CharField(_("source of the data"), max_length=200)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    do_not_contact_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = JournalistQuerySet.as_manager()

    class Meta:
        verbose_name = _("journalist")
        verbose_name_plural = _("journalists")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="press_journalist_email_unique_ci"
            )
        ]
        indexes = [models.Index(fields=["city"]), models.Index(fields=["full_name", "id"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_email(self) -> str:
        local, _sep, domain = self.email.partition("@")
        return f"{local[:1]}***@{domain}" if domain else ""


class ContactList(models.Model):
    """A hand-picked list of journalists."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    members = models.ManyToManyField(Journalist, verbose_name=_("members"), blank=True)

    class Meta:
        verbose_name = _("contact list")
        verbose_name_plural = _("contact lists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Segment(models.Model):
    """A saved filter over the contact book; empty fields match everyone."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    scope = models.CharField(
        _("scope"), max_length=16, choices=MediaOutlet.Scope.choices, blank=True
    )
    outlet_kind = models.CharField(
        _("type"), max_length=16, choices=MediaOutlet.OutletKind.choices, blank=True
    )
    beat = models.CharField(_("beat"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def journalists(self) -> JournalistQuerySet:
        found = Journalist.objects.all()
        if self.scope:
            found = found.filter(outlet__scope=self.scope)
        if self.outlet_kind:
            found = found.filter(outlet__kind=self.outlet_kind)
        if self.beat:
            found = found.filter(beats__icontains=self.beat)
        if self.city:
            found = found.filter(city__iexact=self.city)
        return found


class Suppression(models.Model):
    """An address we never write to again (unsubscribed, hard bounce, complaint). It wins
    over every list, segment and hand-picked recipient."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Complaint")

    email = models.CharField(_("e-mail address"), max_length=254, unique=True)  # lower-case
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")

    def __str__(self) -> str:
        return self.email
