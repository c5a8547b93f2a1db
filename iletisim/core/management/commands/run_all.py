"""`manage.py run_all`: web server, task worker and scheduler in one terminal (development).

Ctrl-C stops all three; if one of them dies, the others are stopped too, so a broken
worker is never left unnoticed behind a working web page. Production runs the three as
separate services (see README).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address of the web server")

    def handle(self, *args: Any, addr: str, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        commands = {
            "web": [*manage, "runserver", "--noreload", addr],
            "worker": [*manage, "db_worker", "--interval", "1"],
            "scheduler": [*manage, "run_scheduler"],
        }
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
        # SIGINT too: started in the background by a script, a process inherits SIGINT ignored
        # and Python then raises no KeyboardInterrupt for it. Set before the line saying it
        # runs, which is what a supervisor (or a test) waits for before signalling.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            self.stdout.write(
                self.style.SUCCESS(
                    f"İletişim is running: public site http://{addr}/ · staff login "
                    f"http://{addr}/accounts/login/ · Ctrl-C stops everything"
                )
            )
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            dead = [name for name, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"{', '.join(dead)} stopped; stopping the others")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    # SIGTERM, not SIGINT: a child started from a background shell ignores
                    # SIGINT. The worker and the scheduler finish their current job on it.
                    process.terminate()
            deadline = time.monotonic() + 10
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
