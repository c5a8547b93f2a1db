"""A real Redis on loopback: a private `redis-server` on a free port, nothing kept on disk.

    with RedisServer() as server:
        settings.CACHES = {"default": {..., "LOCATION": server.url}}

Needs Debian's `redis-server` (installed by `make test`); stopped on exit.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from types import TracebackType

from iletisim.lib.testing.smtp import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.url = f"redis://{self.host}:{self.port}/0"
        self._folder = tempfile.TemporaryDirectory(prefix="iletisim-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> RedisServer:
        self._process = subprocess.Popen(  # noqa: S603
            [
                REDIS_SERVER,
                "--bind", self.host, "--port", str(self.port), "--save", "",
                "--appendonly", "no", "--dir", self._folder.name, "--daemonize", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                return self
            except OSError:
                if self._process.poll() is not None:
                    break
                time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"{REDIS_SERVER} did not start on port {self.port}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._folder.cleanup()
