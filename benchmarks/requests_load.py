"""Load benchmark of Open311 intake: `python -m benchmarks.requests_load [--quick]`.

Creates its own PostgreSQL database (next to DATABASE_URL's), migrates it, starts gunicorn
with several workers and the task worker, fires Open311 POSTs from many concurrent clients
for a fixed time, then counts what the database holds; in the same run it measures a bare
Django view (/bench/bare) on the same server. The last line printed is JSON:
{"accepted", "stored", "errors", "rps", "p50_ms", "p99_ms", "baseline_rps", "ratio",
"proposed", "proposal_lag_s"}: routing runs in the task worker, so the last two say how many
stored requests carry the router's proposal and how long after the load the worker caught up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
KEY = "bench-open311-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_urls() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    parts = urlsplit(base)
    name = f"iletisim_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}")), name


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far, from /proc (Linux)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def database_backends(url: str, name: str) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [int(row[0]) for row in rows]


def cpu_snapshot(
    web: subprocess.Popen[bytes], worker: subprocess.Popen[bytes], url: str, name: str
) -> dict[str, float]:
    """Where the CPU goes: gunicorn's workers, the task worker, PostgreSQL's backends of
    the benchmark's database, and this process (the load generator)."""
    return {
        "web": cpu_seconds(children(web.pid)),
        "worker": cpu_seconds([worker.pid, *children(worker.pid)]),
        "db": cpu_seconds(database_backends(url, name)),
        "client": cpu_seconds([os.getpid()]),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def hammer(
    url: str, seconds: float, clients: int, make_data: object | None
) -> tuple[int, int, list[float]]:
    ok = errors = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one(http: httpx.AsyncClient, n: int) -> None:
        nonlocal ok, errors
        i = 0
        while time.monotonic() < deadline:
            i += 1
            started = time.perf_counter()
            try:
                if make_data is None:
                    response = await http.get(url)
                else:
                    response = await http.post(url, data=make_data(n, i))  # type: ignore[operator]
                good = response.status_code == 200
            except httpx.HTTPError:
                good = False
            latencies.append((time.perf_counter() - started) * 1000)
            if good:
                ok += 1
            else:
                errors += 1

    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await asyncio.gather(*(one(http, n) for n in range(clients)))
    return ok, errors, latencies


def post_data(n: int, i: int) -> dict[str, str]:
    return {
        "api_key": KEY,
        "service_code": "yol-cukur",
        "lat": f"40.98{n % 10}",
        "long": f"29.06{i % 10}",
        "description": f"Yük testi {n}-{i}: sokakta derin bir çukur var.",
        "attribute[tehlike]": "yes",
    }


def warm_data(n: int, i: int) -> dict[str, str]:
    return {**post_data(n, i), "description": f"Isınma {n}-{i}: sokakta derin bir çukur var."}


def migrate_with_client(env: dict[str, str], name: str, key: str) -> list[str]:
    """Migrate the database of `env` and add an Open311 client system with `key` and no rate
    limit worth the name; the `manage.py` command line, for the caller's processes."""
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [
            *manage,
            "shell",
            "-c",
            "from iletisim.service_requests.models import Open311Client as C;"
            f"c=C(name='{name}', rate_per_hour=10**9); c.set_key('{key}'); c.save()",
        ],
        env=env,
        check=True,
    )
    return manage


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not come up at {url}")


def count_stored(url: str, patience: float = 120) -> tuple[int, int, float, int]:
    """What the database holds, how long after the load the worker needed until every
    stored request carried the router's proposal (routing runs in the background, in
    batches), and how many tasks it ran for them."""
    started = time.monotonic()
    query = (
        "SELECT count(*), count(*) FILTER (WHERE routing_reason <> '') "
        "FROM service_requests_servicerequest WHERE channel = 'open311'"
    )
    while True:
        with psycopg.connect(url) as conn:
            row = conn.execute(query).fetchone()
        stored, proposed = (int(row[0]), int(row[1])) if row else (0, 0)
        waited = time.monotonic() - started
        if proposed >= stored or waited > patience:
            break
        time.sleep(0.5)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()
    return stored, proposed, round(waited, 1), int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="about 20 s of load")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--warmup",
        type=float,
        default=2,
        help="seconds of the same posts before measuring (stored and counted as accepted, "
        "not in rps or latency): every gunicorn worker opens its database connection and "
        "loads its modules and catalogues on its first requests",
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (> 1: gthread)"
    )
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="niceness of the task worker (0: none)"
    )
    args = parser.parse_args()
    seconds = 14.0 if args.quick else args.seconds
    admin, url, name = database_urls()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.requests_load_settings",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen[bytes]] = []
    try:
        manage = migrate_with_client(env, "Bench", KEY)
        port = free_port()
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "-w",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    "-b",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=ROOT,
            )
        )
        # The worker runs at a lower CPU priority, as we deploy it next to the web server:
        # answering the citizen comes first, routing catches up (proposal_lag_s says how fast).
        worker = ["nice", "-n", str(args.worker_nice)] if args.worker_nice else []
        processes.append(
            subprocess.Popen(  # noqa: S603
                [*worker, *manage, "db_worker", "--interval", "0.5"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,  # its log, a line per task
                stderr=None,
            )
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/bench/bare")
        warm_ok, warm_errors, _ = asyncio.run(
            hammer(base + "/open311/v2/requests.json", args.warmup, args.clients, warm_data)
        )
        before = cpu_snapshot(processes[0], processes[1], url, name)
        load_started = time.monotonic()
        accepted, errors, latencies = asyncio.run(
            hammer(base + "/open311/v2/requests.json", seconds, args.clients, post_data)
        )
        load_wall = time.monotonic() - load_started
        after = cpu_snapshot(processes[0], processes[1], url, name)
        # Backends opened during the load are missing from `before`: counted in full, which
        # is right, as they did their work during the load.
        cpu_ms = {
            part: round((after[part] - before.get(part, 0.0)) * 1000 / max(accepted, 1), 2)
            for part in after
        }
        other = max(
            0.0, (os.cpu_count() or 1) * load_wall - sum(after.values()) + sum(before.values())
        )
        # The worker has caught up before the baseline runs, so it does not slow the baseline.
        stored, proposed, lag, tasks = count_stored(url)
        baseline_ok, _baseline_errors, _ = asyncio.run(
            hammer(base + "/bench/bare", seconds / 2, args.clients, None)
        )
        rps = accepted / seconds
        baseline_rps = baseline_ok / (seconds / 2)
        result = {
            "accepted": accepted + warm_ok,
            "stored": stored,
            "errors": errors + warm_errors,
            "rps": round(rps, 1),
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "baseline_rps": round(baseline_rps, 1),
            "ratio": round(rps / baseline_rps, 3) if baseline_rps else 0.0,
            "proposed": proposed,
            "proposal_lag_s": lag,
            "tasks": tasks,
            # CPU per accepted post during the load (db: all backends of the database, the
            # worker's too), and the CPU-seconds the cores spent on other processes or idle.
            "cpu_ms_per_post": cpu_ms,
            "cpu_s_other": round(other, 1),
        }
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(json.dumps(result))


if __name__ == "__main__":
    main()
