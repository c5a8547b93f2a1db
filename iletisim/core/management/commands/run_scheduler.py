"""`manage.py run_scheduler`: run the periodic jobs of every app, forever or `--once`."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from iletisim.core.scheduler import JOBS, run_due_jobs


class Command(BaseCommand):
    help = "Run due periodic jobs in a loop (or once); safe to run on several machines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run due jobs once and exit")
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between checks")
        parser.add_argument("--list", action="store_true", help="list the schedule and exit")

    def handle(self, *args: Any, once: bool, interval: float, list: bool, **options: Any) -> None:
        if list:
            for job in JOBS.values():
                self.stdout.write(f"{job.name}: every {job.every} -> manage.py {job.command}")
            return
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            close_old_connections()
            ran = run_due_jobs()
            if ran and options["verbosity"] > 1:
                self.stdout.write("ran: " + ", ".join(ran))
            if once or stopping:
                return
            waited = 0.0
            while waited < interval and not stopping:
                time.sleep(0.5)
                waited += 0.5
            if stopping:
                return
