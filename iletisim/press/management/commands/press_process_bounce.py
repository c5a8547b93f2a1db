"""`manage.py press_process_bounce < dsn.eml`: record a bounce report read from stdin."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from iletisim.press.bounces import process_dsn


class Command(BaseCommand):
    help = "Read one delivery status notification (RFC 3464) from stdin and record bounces."

    def handle(self, *args: Any, **options: Any) -> None:
        for bounce in process_dsn(sys.stdin.buffer.read()):
            kind = "hard" if bounce.permanent else "soft"
            self.stdout.write(f"{bounce.email} {bounce.status} {kind}")
