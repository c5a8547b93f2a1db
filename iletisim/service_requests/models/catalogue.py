"""What the desk administers: categories (the Open311 "services") with their extra
questions, neighbourhoods, reply templates, routing rules and the learnt routing model."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit


class Category(models.Model):
    """What a request is about (the Open311 "service"), with the directorate that handles it."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words citizens use for this subject, comma separated; used for routing."),
    )
    default_unit = models.ForeignKey(
        Unit, verbose_name=_("default unit"), on_delete=models.PROTECT, related_name="categories"
    )
    competent_body = models.CharField(
        _("competent body"),
        max_length=200,
        blank=True,
        help_text=_("For subjects outside the municipality: the body the request is sent to."),
    )
    target_days = models.PositiveSmallIntegerField(
        _("target completion (working days)"), default=10
    )
    is_public = models.BooleanField(_("shown on the public map"), default=True)
    desk_publishes = models.BooleanField(
        _("answers are published by the central desk"),
        default=True,
        help_text=_("Otherwise the directorate answers the citizen directly."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "tr").startswith("en"):
            return self.name_en
        return self.name


class CategoryQuestion(models.Model):
    """An extra question a category asks (Open311 "attributes")."""

    class Datatype(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YESNO = "yesno", _("Yes or no")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=64)
    label = models.CharField(_("question"), max_length=200)
    label_en = models.CharField(_("question in English"), max_length=200, blank=True)
    datatype = models.CharField(_("answer type"), max_length=8, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    values = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="sr_question_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label_en and (get_language() or "tr").startswith("en"):
            return self.label_en
        return self.label

    def choices(self) -> list[str]:
        return [v.strip() for v in self.values.splitlines() if v.strip()]


class Neighbourhood(models.Model):
    """A mahalle of the district."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(models.Model):
    """A reusable answer text the staff start from."""

    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RoutingModel(models.Model):
    """A text classifier learnt from the desk's routing; the newest one is used."""

    created_at = models.DateTimeField(default=timezone.now)
    samples = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.samples})"


class RoutingRule(models.Model):
    """An explicit routing rule the desk writes; it wins over the text classifier.

    A rule matches when every condition it sets holds: the category, the neighbourhood, and
    a keyword found in the folded text.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, null=True, blank=True
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    keyword = models.CharField(_("keyword"), max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.neighbourhood or '*'} / {self.keyword or '*'}"
