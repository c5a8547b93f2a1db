"""Photos and PDFs sent with a request (content sniffed and re-encoded in `uploads.py`)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from .service_request import ServiceRequest


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(12)}{_ext(instance.content_type)}"


def _ext(content_type: str) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(
        content_type, ".bin"
    )


class Attachment(models.Model):
    """A photo or PDF sent with a request: content sniffed, images re-encoded without metadata."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
