"""Checking what citizens upload: the content is sniffed, never the name or the browser's
claim; images are decoded and re-encoded, which drops EXIF (GPS position, camera serial)
and anything hidden after the image data; PDFs are kept as they are, after a header check.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger is a decompression bomb
MAX_SIDE = 2560  # stored photos are scaled down to this; enough to see a pothole


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "SERVICE_REQUESTS_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_upload(upload: UploadedFile) -> CleanFile:
    """A safe copy of one upload, or ValidationError with a message for the citizen."""
    name = (upload.name or "dosya")[-100:]
    if upload.size is None or upload.size > max_upload_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": max_upload_bytes() // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read()
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a JPEG or PNG photo or a PDF document.") % {"name": name}
        )
    if kind == "application/pdf":
        return CleanFile(name, data, kind)
    return CleanFile(name, _reencode(data, name, kind), kind)


def _reencode(data: bytes, name: str, kind: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("%(name)s has too many pixels.") % {"name": name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)  # keep the photo upright, lose the EXIF
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if kind == "image/jpeg":
                upright.convert("RGB").save(out, "JPEG", quality=85)
            else:
                upright.save(out, "PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("%(name)s is not a readable image.") % {"name": name}) from None


def clean_bytes(name: str, data: bytes) -> CleanFile:
    """The same checks as clean_upload, for content that came another way (WhatsApp media,
    e-mail attachments)."""
    name = (name or "dosya")[-100:]
    if len(data) > max_upload_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": max_upload_bytes() // (1024 * 1024)}
        )
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a JPEG or PNG photo or a PDF document.") % {"name": name}
        )
    if kind == "application/pdf":
        return CleanFile(name, data, kind)
    return CleanFile(name, _reencode(data, name, kind), kind)
