"""Enqueue the worker heartbeat task (scheduled every minute)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.core.tasks import heartbeat


class Command(BaseCommand):
    help = "Enqueue a heartbeat task; /healthz shows when a worker last ran one."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat.enqueue()
