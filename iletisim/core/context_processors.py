"""Template context every page gets: the directorate's contact data, the staff menu and the
public site's links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from iletisim.core.navigation import items_for, public_links


def site(request: HttpRequest) -> dict[str, Any]:
    number = settings.WHATSAPP_NUMBER
    return {
        "site": {
            "municipality": settings.MUNICIPALITY_NAME,
            "phone": settings.DIRECTORATE_PHONE,
            "email": settings.DIRECTORATE_EMAIL,
            "address": settings.DIRECTORATE_ADDRESS,
            "call_centre": settings.CALL_CENTRE_PHONE,
            "whatsapp_url": f"https://wa.me/{number}" if number else "",
        },
        "staff_nav": SimpleLazyObject(lambda: items_for(request.user)),
        "public_nav": SimpleLazyObject(public_links),
    }
