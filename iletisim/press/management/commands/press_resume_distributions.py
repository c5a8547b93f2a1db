"""`manage.py press_resume_distributions`: queue again the distributions whose worker died."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.press.distribution import resume_stalled


class Command(BaseCommand):
    help = "Resume distributions with queued rows and no recent progress (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"resumed {resume_stalled()}")
