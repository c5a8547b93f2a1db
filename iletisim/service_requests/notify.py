"""What the citizen is told, by e-mail (templates in Turkish and English) or SMS."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from iletisim.service_requests.models import Notification, ServiceRequest
from iletisim.service_requests.sms import send_sms


def public_base_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def tracking_url(sr: ServiceRequest) -> str:
    path = reverse("service_requests_public:track", args=[sr.tracking_number, sr.secret])
    return public_base_url() + path


def deliver(note: Notification) -> str:
    """Send one notification; return the provider's reference ("" for e-mail)."""
    sr = note.request
    with translation.override(note.language):
        context = {"sr": sr, "event": note.event, "url": tracking_url(sr)}
        if note.channel == Notification.Channel.EMAIL:
            subject = render_to_string("service_requests/email/subject.txt", context).strip()
            body = render_to_string("service_requests/email/body.txt", context)
            EmailMessage(subject=subject, body=body, to=[note.recipient]).send()
            return ""
        if note.channel == Notification.Channel.WHATSAPP:
            from iletisim.service_requests import whatsapp_channel

            return whatsapp_channel.deliver(note, tracking_url(sr))
        text = render_to_string("service_requests/email/sms.txt", context).strip()
        return send_sms(note.recipient, text)
