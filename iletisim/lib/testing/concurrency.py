"""Run one function in several threads at the same moment, each with its own database
connection: for the tests that two workers or schedulers never do a thing twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def in_threads(function: Callable[[], Any], count: int = 2) -> list[Any]:
    """`function()` in `count` threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # SQLite's shared in-memory test database locks the table
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
