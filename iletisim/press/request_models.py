"""Journalists' requests and the coordination tasks they give other directorates. Imported
by `models.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit

# --- Journalists' requests -------------------------------------------------------------------


class PressRequest(models.Model):
    """What a journalist asks of the municipality: an interview, information, photos,
    filming permission, accreditation. Personal data: kept to answer the request."""

    class RequestKind(models.TextChoices):
        ACCREDITATION = "accreditation", _("Accreditation")
        INTERVIEW = "interview", _("Interview with the mayor")
        INFORMATION = "information", _("Information")
        MEDIA = "media", _("Photos or video")
        FILMING = "filming", _("Filming permission")

    class Channel(models.TextChoices):
        PRESS_ROOM = "press_room", _("Press room form")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")

    class RequestStatus(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")

    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    full_name = models.CharField(_("full name"), max_length=150)
    outlet_name = models.CharField(_("outlet"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("journalist's request")
        verbose_name_plural = _("journalists' requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.get_kind_display()}"


class CoordinationTask(models.Model):
    """What another directorate must provide for a journalist's request, by a date."""

    press_request = models.ForeignKey(PressRequest, on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(Unit, verbose_name=_("directorate"), on_delete=models.PROTECT)
    description = models.CharField(_("what is needed"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordination task")
        verbose_name_plural = _("coordination tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
