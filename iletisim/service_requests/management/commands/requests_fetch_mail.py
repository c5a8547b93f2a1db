"""Import new mails of the requests mailbox (SERVICE_REQUESTS_IMAP_*) as citizen requests."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.service_requests.mail_intake import config_from_settings, poll


class Command(BaseCommand):
    help = "Poll the IMAP mailbox and turn new mails into citizen requests."

    def handle(self, *args: Any, **options: Any) -> None:
        if config_from_settings() is None:
            self.stdout.write("e-mail intake is off (SERVICE_REQUESTS_IMAP_HOST is empty)")
            return
        result = poll()
        self.stdout.write(
            f"created: {result.created}, attached: {result.attached}, "
            f"skipped: {result.skipped}, failed: {result.failed}"
        )
