"""What the citizen is told, by e-mail (templates in Turkish and English) or SMS."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from iletisim.lib.sms import send_sms
from iletisim.service_requests.models import Notification, ServiceRequest


def public_base_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def tracking_url(sr: ServiceRequest) -> str:
    path = reverse("service_requests_public:track", args=[sr.tracking_number, sr.secret])
    return public_base_url() + path


def notification_message_id(note: Notification) -> str:
    """One Message-ID per notification: should a message ever go out twice (a worker killed
    between the server's acceptance and the "sent" mark), mail systems see the same message."""
    host = urlsplit(public_base_url()).hostname or "iletisim.invalid"
    return f"<service-request-notification.{note.pk}@{host}>"


def deliver(note: Notification) -> str:
    """Send one notification; return the provider's reference (the Message-ID for e-mail)."""
    sr = note.request
    with translation.override(note.language):
        context = {"sr": sr, "event": note.event, "url": tracking_url(sr)}
        if note.channel == Notification.Channel.EMAIL:
            subject = render_to_string("service_requests/email/subject.txt", context).strip()
            body = render_to_string("service_requests/email/body.txt", context)
            message_id = notification_message_id(note)
            EmailMessage(
                subject=subject,
                body=body,
                to=[note.recipient],
                headers={"Message-ID": message_id},
            ).send()
            return message_id
        if note.channel == Notification.Channel.WHATSAPP:
            from iletisim.service_requests import whatsapp_channel

            return whatsapp_channel.deliver(note, tracking_url(sr))
        text = render_to_string("service_requests/email/sms.txt", context).strip()
        return send_sms(note.recipient, text)
