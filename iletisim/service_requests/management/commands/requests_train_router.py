"""Retrain the router's learnt layer from how the desk actually routed requests."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iletisim.service_requests.actions import retrain_router


class Command(BaseCommand):
    help = "Learn routing from the desk's decisions (needs --min-samples routed requests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--min-samples", type=int, default=50)

    def handle(self, *args: Any, **options: Any) -> None:
        model = retrain_router(min_samples=options["min_samples"])
        if model is None:
            self.stdout.write("not enough routed requests yet; the catalogue alone routes")
        else:
            self.stdout.write(f"trained on {model.samples} requests")
