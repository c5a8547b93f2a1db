"""Test helpers: requests submitted through the real action, images made with Pillow."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from iletisim.accounts.models import Unit
from iletisim.service_requests import actions
from iletisim.service_requests.models import Category, Channel, RequestType, ServiceRequest


def make_request(**kwargs: Any) -> ServiceRequest:
    defaults: dict[str, Any] = {
        "type": RequestType.COMPLAINT,
        "description": "Sokağımızdaki çukur aylardır kapatılmadı.",
        "channel": Channel.WEB,
        "category": Category.objects.get(code="yol-cukur"),
        "citizen_name": "Ayşe Yılmaz",
        "citizen_email": "ayse@example.com",
        "kvkk_acknowledged": True,
    }
    defaults.update(kwargs)
    return actions.submit_request(**defaults)


def routed_request(by: Any, unit: str = "fen-isleri", **kwargs: Any) -> ServiceRequest:
    sr = make_request(**kwargs)
    return actions.route_request(sr=sr, unit=Unit.objects.get(code=unit), by=by)


def jpeg_with_gps() -> bytes:
    """A small JPEG carrying EXIF with a GPS tag, as phones write them."""
    image = Image.new("RGB", (64, 48), (200, 50, 50))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (41.0, 0.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def tiny_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
