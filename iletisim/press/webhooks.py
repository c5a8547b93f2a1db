"""ESP tracking webhooks (delivered, bounced, complained, unsubscribed) through django-anymail.

`/basin-odasi/esp/<esp>/tracking/` answers only for the ESP configured as `ESP_BACKEND`
(404 otherwise, so an unused ESP's endpoint offers nothing to probe). Anymail's view checks
the ESP's own proof (Mailgun: the HMAC signature with `ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY`;
Postmark, SendGrid and Amazon SES: HTTP basic auth with `ANYMAIL_WEBHOOK_SECRET`; anymail
does not check SNS message signatures, so for SES the secret in the subscription's URL is
the only proof and must be set), turns the payload into anymail's normalised events and
fires its `tracking` signal, which `bounces.on_esp_event` receives. Adding an ESP = one line
here.
"""

from __future__ import annotations

from typing import Any

from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

TRACKING_VIEWS: dict[str, Any] = {
    "mailgun": MailgunTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "amazon_ses": AmazonSESTrackingWebhookView,
}


@csrf_exempt  # the ESP posts without a session; its signature or basic auth is the check
def esp_tracking(request: HttpRequest, esp: str) -> HttpResponse:
    view = TRACKING_VIEWS.get(esp)
    if view is None or esp != settings.ESP_BACKEND:
        raise Http404
    response: HttpResponse = view.as_view()(request)
    return response
