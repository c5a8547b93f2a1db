"""`python -m benchmarks.distribution [--quick]`: a release to N journalists through the real
distribution path (the real `db_worker` task worker, the real SMTP client) to a local
aiosmtpd sink; the worker is killed (SIGKILL) half-way and started again, the sink counts
what it received. In the same run a bare smtplib loop sends the same messages to the same
sink. The last line is JSON.

Run it against PostgreSQL, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iletisim_press_bench \\
        .venv/bin/python -m benchmarks.distribution --quick

The sink runs in its own process so that neither sender shares its interpreter.
msgs_per_s counts the time the worker was sending (first to last acceptance of each of the
two runs); the restart gap is reported apart as recovery_s.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_sink(port: int) -> None:
    """Child process: an SMTP sink answering "report" and "reset" on stdin."""
    sys.path.insert(0, str(ROOT))
    from iletisim.lib.testing.smtp import SMTPSink

    with SMTPSink(port=port) as sink:
        print("ready", flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "report":
                with sink.handler.lock:
                    counts = Counter(r.lower() for m in sink.messages for r in m.rcpt_tos)
                print(json.dumps({"messages": sum(counts.values()), "counts": counts}), flush=True)
            elif command == "reset":
                with sink.handler.lock:
                    sink.handler.messages.clear()
                print("ok", flush=True)
            elif command == "quit":
                break


class Sink:
    def __init__(self, port: int) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "benchmarks.distribution", "--sink", str(port)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()

    def close(self) -> None:
        self.ask("quit") if self.process.poll() is None else None
        self.process.wait(timeout=10)


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            f"bench-{uuid.uuid4().hex[:6]}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def prepare(n: int, tag: str) -> Any:
    from django.utils import timezone

    from iletisim.accounts import actions as account_actions
    from iletisim.accounts.models import Unit, User
    from iletisim.press.models import Communication, ContactList, Journalist, MediaOutlet, Status

    user, created = User.objects.get_or_create(
        username="bench-press", defaults={"full_name": "Bench"}
    )
    if created:
        account_actions.add_membership(
            by=None, user=user, unit=Unit.objects.get(code="basin-yayin"), role="press_officer"
        )
    outlet, _c = MediaOutlet.objects.get_or_create(
        name="Bench Gazetesi", defaults={"kind": "newspaper", "scope": "local"}
    )
    journalists = Journalist.objects.bulk_create(
        [
            Journalist(
                full_name=f"Muhabir {i}",
                email=f"r{i}.{tag}@bench.example",
                outlet=outlet,
                data_source="benchmark",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    contact_list = ContactList.objects.create(name=f"bench-{tag}")
    contact_list.members.add(*journalists)
    release = Communication.objects.create(
        kind="release",
        title="Yeni kütüphane hizmete açıldı",
        slug=f"bench-{tag}",
        lead="Belediyemizin yaptığı kütüphane bugün açıldı.",
        body="<p>"
        + "Kütüphanede çocuk bölümü, okuma salonları ve etkinlik alanı var. " * 12
        + "</p>",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        author=user,
    )
    return user, release, contact_list


def sending_seconds(distribution_id: int, kill_at: float) -> tuple[float, float]:
    """Time spent sending (first to last acceptance before the kill, and after the restart)
    and the gap from the kill to the first acceptance after it."""
    import datetime as dt

    from iletisim.press.models import Recipient

    stamps = sorted(
        stamp
        for stamp in Recipient.objects.filter(distribution_id=distribution_id).values_list(
            "sent_at", flat=True
        )
        if stamp is not None
    )
    cut = dt.datetime.fromtimestamp(kill_at, tz=dt.UTC)
    before = [s for s in stamps if s <= cut]
    after = [s for s in stamps if s > cut]
    total = 0.0
    for part in (before, after):
        if len(part) > 1:
            total += (part[-1] - part[0]).total_seconds()
    gap = (after[0] - cut).total_seconds() if after else 0.0
    return total, gap


def bare_smtplib(port: int, payloads: list[tuple[str, bytes]], sender: str) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for to, data in payloads:
            smtp.sendmail(sender, [to], data)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 recipients")
    parser.add_argument("--recipients", type=int, default=0)
    parser.add_argument("--sink", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink)
        return
    n = args.recipients or (2000 if args.quick else 10000)

    sys.path.insert(0, str(ROOT))
    from iletisim.lib.testing.smtp import free_port

    port = free_port()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "PRESS_SEND_LEASE_SECONDS": "2",
            "LOG_LEVEL": "WARNING",
            # As a production worker runs: DEBUG would record and log every query.
            "DEBUG": "false",
        }
    )
    env = dict(os.environ)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from iletisim.press import distribution
    from iletisim.press.models import Distribution, Recipient

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    sink = Sink(port)
    tag = uuid.uuid4().hex[:8]
    user, release, contact_list = prepare(n, tag)

    worker = start_worker(env)
    started = time.time()
    sent_item = distribution.create_distribution(
        by=user, communication=release, lists=[contact_list], segments=[]
    )
    sent_rows = Recipient.objects.filter(distribution=sent_item, state=Recipient.State.SENT)
    while sent_rows.count() < n // 2:
        if time.time() - started > 600:
            raise SystemExit("the worker did not get half-way in 10 minutes")
        time.sleep(0.02)
    kill_at = time.time()
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    sent_at_kill = sent_rows.count()
    worker = start_worker(env)
    # What the scheduler's press-resume-distributions job does every minute, here every second.
    while Distribution.objects.get(pk=sent_item.pk).finished_at is None:
        distribution.resume_stalled()
        if time.time() - started > 1200:
            break
        time.sleep(1)
    finished = time.time()
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()

    report = json.loads(sink.ask("report"))
    expected = {r.email for r in sent_item.recipients.all()}
    counts = {k: v for k, v in report["counts"].items() if k in expected}
    delivered = len(counts)
    duplicates = sum(v - 1 for v in counts.values())
    missing = len(expected) - delivered
    seconds, recovery = sending_seconds(sent_item.pk, kill_at)
    msgs_per_s = round(n / seconds, 1) if seconds else 0.0

    # The bare loop: the same messages, built beforehand, one connection, no database. It
    # runs twice (the machine is shared: its speed varies) and the faster run counts.
    template = distribution.MessageTemplate(release)
    payloads = [(r.email, template.raw_for(r)[1]) for r in sent_item.recipients.order_by("id")]
    bare_seconds = []
    for _run in range(2):
        sink.ask("reset")
        bare_seconds.append(bare_smtplib(port, payloads, "iletisim@belediye.example"))
    bare_per_s = round(n / min(bare_seconds), 1)
    sink.close()

    result = {
        "recipients": n,
        "delivered": delivered,
        "duplicates": duplicates,
        "missing": missing,
        "crash_resume": sent_at_kill < n and delivered == n,
        "msgs_per_s": msgs_per_s,
        "bare_smtplib_per_s": bare_per_s,
        "ratio": round(msgs_per_s / bare_per_s, 2) if bare_per_s else 0.0,
        "sent_before_kill": sent_at_kill,
        "recovery_s": round(recovery, 1),
        "wall_s": round(finished - started, 1),
        "database": database,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
