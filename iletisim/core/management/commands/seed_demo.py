"""`manage.py seed_demo`: demo users and data for every app (idempotent; never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from iletisim.core.demo import SEEDERS


class Command(BaseCommand):
    help = "Create demo users (one per role) and a few items in each area. Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="allow with ILETISIM_ENV=production"
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if settings.PRODUCTION and not force:
            raise CommandError("refusing to add demo data to a production site (use --force)")
        for seeder in sorted(SEEDERS.values(), key=lambda s: s.order):
            with transaction.atomic():
                seeder.run(self.stdout)
