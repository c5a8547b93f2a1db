"""`manage.py run_all` (what `make run` starts): web, worker and scheduler, stopped together."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings

from iletisim.lib.testing.smtp import free_port


def _start(tmp_path, **popen) -> tuple[subprocess.Popen[bytes], int]:
    env = {
        **os.environ,
        "ILETISIM_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=settings.BASE_DIR, check=True
    )
    port = free_port()
    process = subprocess.Popen(
        [*manage, "run_all", "--addr", f"127.0.0.1:{port}"],
        env=env,
        cwd=settings.BASE_DIR,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **{"stdout": subprocess.PIPE, **popen},
    )
    return process, port


def _leftovers(process: subprocess.Popen[bytes]) -> list[str]:
    time.sleep(0.5)
    return subprocess.run(
        ["pgrep", "-g", str(process.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()


def test_run_all_serves_pages_runs_the_worker_and_stops_everything(tmp_path):
    process, port = _start(tmp_path)
    try:
        health = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    health = json.load(response)
                if health["worker"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert health is not None, "the web server never answered"
        # The scheduler enqueued a heartbeat and the worker ran it.
        assert health["worker"] == "ok", health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "Basın Yayın ve Halkla İlişkiler Müdürlüğü" in response.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    # No child is left behind in the process group.
    assert _leftovers(process) == []


def test_run_all_started_in_the_background_stops_on_sigint(tmp_path):
    """A shell script's `make run &` starts it with SIGINT ignored; `kill -INT` still stops
    it and its children."""
    log = tmp_path / "run_all.log"
    with log.open("wb") as output:  # a file, not a pipe nobody drains: the children log a lot
        process, _port = _start(
            tmp_path,
            stdout=output,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    try:
        deadline = time.monotonic() + 60
        while b"is running" not in log.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert b"is running" in log.read_bytes()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert _leftovers(process) == []
