"""`manage.py press_lift_embargoes`: mark scheduled items whose embargo is over as published."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.press.actions import lift_due_embargoes


class Command(BaseCommand):
    help = "Publish scheduled communications whose embargo is over (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"lifted {lift_due_embargoes()}")
