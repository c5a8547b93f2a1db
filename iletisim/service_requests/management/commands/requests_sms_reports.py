"""Fetch the SMS provider's delivery reports for recently sent messages (Netgsm)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.service_requests.tasks import check_sms_deliveries


class Command(BaseCommand):
    help = "Record the delivery status of SMS messages sent in the last three days."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"checked: {check_sms_deliveries()}")
