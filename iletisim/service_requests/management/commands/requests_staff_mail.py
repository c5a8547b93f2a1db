"""Send again the e-mails to staff that have not gone out (the mail server was down):
new work for a directorate, deadline warnings and escalations (`staff_mail.py`)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.service_requests.staff_mail import retry_staff_mail


class Command(BaseCommand):
    help = "Retry e-mails to staff about citizen requests that have not been sent yet."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"staff mails sent: {retry_staff_mail()}")
