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
        if note.event == Notification.Event.DATA_COPY:
            context["copies"] = data_copy(sr)
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


def data_copy(sr: ServiceRequest) -> list[ServiceRequest]:
    """What a data subject's copy holds (KVKK art. 11(1)(b)): this request and the others
    made with the same e-mail address, which is where the copy goes."""
    if not sr.citizen_email or sr.anonymised_at:
        return []
    return list(
        ServiceRequest.objects.filter(
            citizen_email__iexact=sr.citizen_email, anonymised_at__isnull=True
        )
        .select_related("category", "neighbourhood")
        .order_by("created_at", "pk")[:200]
    )


def send_erasure_notice(
    sr: ServiceRequest, *, email: str, phone: str, notify_by: str, language: str
) -> None:
    """Tell the citizen their personal data is erased, at the addresses just erased: no
    notification row keeps them, so this is sent at once and not retried (the tracking
    page's timeline says it too)."""
    with translation.override(language):
        context = {"sr": sr, "event": "erased", "url": tracking_url(sr)}
        if email and notify_by != Notification.Channel.SMS:
            EmailMessage(
                subject=render_to_string("service_requests/email/subject.txt", context).strip(),
                body=render_to_string("service_requests/email/body.txt", context),
                to=[email],
            ).send()
        if phone and (notify_by in ("both", Notification.Channel.SMS) or not email):
            send_sms(phone, render_to_string("service_requests/email/sms.txt", context).strip())
