"""Fault run of citizen-request intake: `python -m benchmarks.requests_faults [--quick]`.

Starts a PostgreSQL cluster of its own (initdb from /usr/lib/postgresql/*/bin into a
temporary folder, on a free port; as the `postgres` system user when run as root), the real
server (gunicorn) and the task worker, an SMTP sink and a local fake of Meta's Graph API.
Then, for a fixed time, many concurrent clients post Open311 requests that leave an e-mail
address and WhatsApp messages from new numbers (every webhook delivered twice, as Meta
retries), while the run SIGKILLs the task worker twice and crashes PostgreSQL once
(`pg_ctl restart -m immediate`). A supervisor starts the worker again, and the recovery job
(`requests_send_pending`, every 10 minutes in production) runs every few seconds.

Afterwards it waits for the queue to drain and counts: every accepted Open311 post (HTTP 200
with a tracking number) and every accepted WhatsApp message must be stored, and each must
have had exactly one acknowledgement (the e-mail with the tracking number, the WhatsApp
reply). The last line is JSON:
{"accepted", "stored", "lost", "acks_expected", "acks_sent", "missing_acks", "duplicates",
 "duplicate_requests", "errors", "faults"}; lost, missing_acks, duplicates and
duplicate_requests must be 0. `errors` counts posts refused while PostgreSQL was down (not
accepted, so the client knows to retry; not a loss).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import glob
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psycopg

from benchmarks.requests_load import free_port, migrate_with_client, wait_for
from iletisim.lib.testing.smtp import SMTPSink
from iletisim.lib.testing.whatsapp import FakeGraphAPI, notification, signed, text_message

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
KEY = "faults-open311-key"
APP_SECRET = "faults-app-secret"  # noqa: S105 (a throwaway secret of this run)
NUMBER = re.compile(r"\b\d{4}-\d{6}\b")


class Cluster:
    """A throwaway PostgreSQL cluster: initdb, start, crash-restart, remove."""

    def __init__(self) -> None:
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not versions:
            raise SystemExit("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(versions[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="iletisim-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as postgres
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_user, str(self.bin / args[0]), *args[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def crash_restart(self) -> float:
        """An immediate shutdown (no checkpoint, as after a crash) and a start with
        recovery from the WAL; returns how long it was down."""
        started = time.monotonic()
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "restart")
        return time.monotonic() - started

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class Worker:
    """The task worker under a supervisor: started again whenever it dies."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.starts = 0

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [PYTHON, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2"],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=out,
            )
        self.starts += 1

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def supervise(self) -> None:
        while not self.stopping:
            if self.process is not None and self.process.poll() is not None:
                time.sleep(1.0)  # as systemd's RestartSec
                if not self.stopping:
                    self.start()
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping = True
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def open311_post(n: int, i: int) -> dict[str, str]:
    return {
        "api_key": KEY,
        "service_code": "yol-cukur",
        "lat": "40.981",
        "long": "29.061",
        "description": f"Arıza testi {n}-{i}: kaldırımda derin bir çukur var.",
        "attribute[tehlike]": "yes",
        "first_name": "Deneme",
        "email": f"vatandas-{n}-{i}@example.com",
    }


async def load(
    base: str, seconds: float, clients: int, phone_number_id: str
) -> tuple[dict[str, str], set[str], int]:
    """Open311 posts and WhatsApp webhooks for `seconds`; returns the accepted posts
    (e-mail -> tracking number), the accepted WhatsApp senders and the refused attempts."""
    accepted: dict[str, str] = {}
    senders: set[str] = set()
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient, n: int) -> None:
        nonlocal errors
        i = 0
        while time.monotonic() < deadline:
            i += 1
            try:
                if n % 4 == 3:
                    sender = f"90532{n:03d}{i:04d}"
                    payload = notification(
                        phone_number_id=phone_number_id,
                        contacts=[{"profile": {"name": "Deneme"}, "wa_id": sender}],
                        messages=[
                            text_message(
                                sender, f"Sokak lambası yanmıyor ({n}-{i})", f"wamid.F{sender}"
                            )
                        ],
                    )
                    raw, header = signed(payload, APP_SECRET)
                    headers = {"X-Hub-Signature-256": header, "Content-Type": "application/json"}
                    codes = [
                        (
                            await http.post(
                                base + "/webhooks/whatsapp", content=raw, headers=headers
                            )
                        ).status_code
                        for _ in range(2)  # Meta delivers again when unsure: a replay
                    ]
                    if 200 in codes:
                        senders.add(sender)
                    else:
                        errors += 1
                else:
                    data = open311_post(n, i)
                    response = await http.post(base + "/open311/v2/requests.json", data=data)
                    if response.status_code == 200:
                        accepted[data["email"]] = response.json()[0]["service_request_id"]
                    else:
                        errors += 1
            except httpx.HTTPError:
                errors += 1
                await asyncio.sleep(0.1)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await asyncio.gather(*(client(http, n) for n in range(clients)))
    return accepted, senders, errors


def recover_now(env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), "requests_send_pending", "--lease", "5"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def dump_worker(worker: Worker) -> None:
    """The queue did not drain: show where the worker is (py-spy, when installed)."""
    spy = shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy")
    if worker.process is None or not Path(spy).exists():
        return
    subprocess.run([spy, "dump", "--pid", str(worker.process.pid)], check=False)  # noqa: S603


def drained(url: str) -> bool:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM service_requests_notification WHERE sent_at IS NULL),"
            " (SELECT count(*) FROM django_tasks_database_dbtaskresult"
            "   WHERE status IN ('READY', 'RUNNING'))"
        ).fetchone()
    return row is not None and row[0] == 0 and row[1] == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="about 20 s of load")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's folder and logs")
    args = parser.parse_args()
    seconds = 20.0 if args.quick else args.seconds

    cluster = Cluster()
    processes: list[subprocess.Popen[bytes]] = []
    worker: Worker | None = None
    stop_recovery = threading.Event()
    try:
        cluster.start()
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "iletisim_faults"')
        url = cluster.url("iletisim_faults")
        sink = SMTPSink().start()
        graph = FakeGraphAPI().start()
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": sink.host,
            "EMAIL_PORT": str(sink.port),
            "WHATSAPP_VERIFY_TOKEN": "faults",
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_ACCESS_TOKEN": graph.access_token,
            "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
            "WHATSAPP_API_BASE": graph.api_base,
        }
        migrate_with_client(env, "Faults", KEY)
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "-w",
                    str(args.workers),
                    "-b",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "error",
                ],
                env=env,
                cwd=ROOT,
            )
        )
        worker = Worker(env, cluster.root / "worker.log")
        worker.start()
        threading.Thread(target=worker.supervise, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/open311/v2/services.json")

        def recovery_job() -> None:  # the scheduler's job, every few seconds here
            while not stop_recovery.wait(6.0):
                recover_now(env)

        threading.Thread(target=recovery_job, daemon=True).start()

        faults: list[str] = []
        started = time.monotonic()

        def inject() -> None:
            assert worker is not None
            plan = [(0.25, "kill"), (0.5, "postgres"), (0.75, "kill")]
            for share, fault in plan:
                time.sleep(max(0.0, started + share * seconds - time.monotonic()))
                at = round(time.monotonic() - started, 1)
                if fault == "kill":
                    worker.kill()
                    faults.append(f"worker SIGKILL at {at} s")
                else:
                    down = cluster.crash_restart()
                    faults.append(f"postgres crash-restart at {at} s (down {down:.1f} s)")

        injector = threading.Thread(target=inject)
        injector.start()
        accepted, senders, errors = asyncio.run(
            load(base, seconds, args.clients, graph.phone_number_id)
        )
        injector.join()

        patience = time.monotonic() + 180
        while time.monotonic() < patience:
            if drained(url):
                time.sleep(2)  # the SMTP sink and the fake API have received the last ones
                if drained(url):
                    break
            time.sleep(2)
        else:
            dump_worker(worker)

        with psycopg.connect(url) as conn:
            numbers = {
                row[0]
                for row in conn.execute(
                    "SELECT tracking_number FROM service_requests_servicerequest"
                ).fetchall()
            }
            per_phone = collections.Counter(
                row[0]
                for row in conn.execute(
                    "SELECT citizen_phone FROM service_requests_servicerequest"
                    " WHERE channel = 'whatsapp'"
                ).fetchall()
            )
            # What is left over, for the reader of a failed run.
            for row in conn.execute(
                "SELECT task_path, status, exception_class_path, count(*)"
                " FROM django_tasks_database_dbtaskresult GROUP BY 1, 2, 3 ORDER BY 1, 2"
            ).fetchall():
                print("tasks:", *row)
            for row in conn.execute(
                "SELECT application_name, state, wait_event_type, left(query, 90)"
                " FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            ).fetchall():
                print("session:", *row)
            for row in conn.execute(
                "SELECT channel, attempts, last_error, count(*) FROM"
                " service_requests_notification WHERE sent_at IS NULL GROUP BY 1, 2, 3"
            ).fetchall():
                print("unsent:", *row)
        mails: collections.Counter[tuple[str, str]] = collections.Counter()
        for mail in list(sink.messages):
            for number in set(NUMBER.findall(mail.text())):
                for to in mail.rcpt_tos:
                    mails[(to, number)] += 1
        replies = collections.Counter(str(m["to"]) for m in list(graph.sent))

        lost = sum(1 for n in accepted.values() if n not in numbers)
        lost += sum(1 for s in senders if per_phone[s] == 0)
        expected = [mails[(email, n)] for email, n in accepted.items()]
        expected += [replies[s] for s in senders]
        result = {
            "accepted": len(accepted) + len(senders),
            "stored": len(numbers),
            "lost": lost,
            "acks_expected": len(expected),
            "acks_sent": sum(expected),
            "missing_acks": sum(1 for c in expected if c == 0),
            "duplicates": sum(c - 1 for c in expected if c > 1),
            "duplicate_requests": sum(c - 1 for c in per_phone.values() if c > 1),
            "errors": errors,
            "worker_starts": worker.starts,
            "faults": faults,
        }
        sink.stop()
        graph.stop()
    finally:
        stop_recovery.set()
        if worker is not None:
            worker.stop()
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if args.keep:
            print("kept:", cluster.root)
        else:
            cluster.remove()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
