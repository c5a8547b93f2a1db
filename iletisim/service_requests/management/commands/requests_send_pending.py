"""Send again what has not gone out because a mail server or SMS gateway was down: the
citizens' notifications (enqueued again) and the staff's e-mails (sent now)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.service_requests.staff_mail import retry_staff_mail
from iletisim.service_requests.tasks import retry_pending


class Command(BaseCommand):
    help = "Retry notifications to citizens and e-mails to staff that have not been sent yet."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = retry_pending()
        self.stdout.write(f"queued: {queued}, staff mails sent: {retry_staff_mail()}")
