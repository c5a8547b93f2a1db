"""The WhatsApp Business webhook (/webhooks/whatsapp): Meta's verification handshake, and
notifications accepted only with a valid X-Hub-Signature-256, answered at once and
processed in the background (whatsapp_channel.process_notification)."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from iletisim.core.audit import client_ip
from iletisim.lib import whatsapp as wa
from iletisim.service_requests import whatsapp_channel

logger = logging.getLogger("iletisim.whatsapp")
MAX_BODY = 1024 * 1024  # Meta batches at most a few hundred KB


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        challenge = wa.subscription_challenge(
            request.GET, str(getattr(settings, "WHATSAPP_VERIFY_TOKEN", ""))
        )
        if challenge is None:
            logger.warning("WhatsApp: refused handshake from %s", client_ip(request))
            return _plain("forbidden", 403)
        return _plain(challenge)
    if request.method != "POST":
        response = _plain("method not allowed", 405)
        response["Allow"] = "GET, POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return _plain("body too large", 413)
    raw = request.body
    secret = str(getattr(settings, "WHATSAPP_APP_SECRET", ""))
    if not wa.signature_is_valid(raw, request.headers.get("X-Hub-Signature-256"), secret):
        logger.warning("WhatsApp: bad signature from %s", client_ip(request))
        return _plain("bad signature", 403)
    try:
        payload = json.loads(raw)
        notification = whatsapp_channel.ours(wa.parse_notification(payload))
    except (ValueError, wa.WebhookPayloadError) as exc:
        logger.warning("WhatsApp: unreadable notification: %s", exc)
        return _plain("unreadable notification", 400)
    if not (notification.messages or notification.statuses):
        return _plain("ignored")
    whatsapp_channel.process_notification.enqueue(payload)
    return _plain("ok")
