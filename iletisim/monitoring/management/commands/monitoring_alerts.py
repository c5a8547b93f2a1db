"""Spike alerts, the delivery of due alerts, and forgetting old ones (scheduler job
`monitoring-alerts`)."""

from typing import Any

from django.core.management.base import BaseCommand

from iletisim.monitoring.alerts import actions


class Command(BaseCommand):
    help = "Check watch queries for spikes, then send every due monitoring alert once."

    def handle(self, *args: Any, **options: Any) -> None:
        spikes = actions.check_spikes()
        sent = actions.deliver_due_alerts()
        pruned = actions.prune_sent_alerts()
        self.stdout.write(f"spike alerts: {spikes}, alerts sent: {sent}, pruned: {pruned}")
