"""`manage.py press_poll_bounces`: read the bounce mailbox (PRESS_BOUNCE_MAILBOX) over IMAP and
record the bounce reports in it; run by the scheduler's press-bounce-mailbox job."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.press.bounces import poll_bounce_mailbox


class Command(BaseCommand):
    help = "Read delivery status notifications from the bounce mailbox and record bounces."

    def handle(self, *args: Any, **options: Any) -> None:
        done = poll_bounce_mailbox()
        if not done:
            self.stdout.write("PRESS_BOUNCE_MAILBOX is not set: nothing to read.")
            return
        self.stdout.write(
            f"read {done['read']}, bounces {done['bounces']}, other messages {done['other']}"
        )
