"""Enqueue again the notifications that have not gone out (an SMTP server was down)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.service_requests.tasks import retry_pending


class Command(BaseCommand):
    help = "Retry notifications to citizens that have not been sent yet."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"queued: {retry_pending()}")
