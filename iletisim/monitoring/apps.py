import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "iletisim.monitoring"
    label = "monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from iletisim.core.dashboard import Panel, register_panel
        from iletisim.core.demo import register_seeder
        from iletisim.core.navigation import NavItem, register
        from iletisim.core.scheduler import Job, register_job
        from iletisim.monitoring import actions  # noqa: F401  (registers the audit vocabulary)
        from iletisim.monitoring.alerts import actions as alert_actions  # noqa: F401
        from iletisim.monitoring.demo import seed_monitoring
        from iletisim.monitoring.panels import desk_panel

        register(
            NavItem(
                "monitoring-desk",
                _("Clipping desk"),
                "monitoring:desk",
                "monitoring.view_desk",
                _("Media monitoring"),
                300,
            ),
            NavItem(
                "monitoring-outlets",
                _("Outlets and sources"),
                "monitoring:outlet-list",
                "monitoring.manage_outlets",
                _("Media monitoring"),
                310,
            ),
            NavItem(
                "monitoring-alerts",
                _("Alert rules"),
                "monitoring:alert-rule-list",
                "monitoring.manage_alerts",
                _("Media monitoring"),
                307,
            ),
            NavItem(
                "monitoring-queries",
                _("Watch queries"),
                "monitoring:query-list",
                "monitoring.manage_queries",
                _("Media monitoring"),
                305,
            ),
        )
        register_panel(
            Panel(
                "monitoring-desk",
                _("Clipping desk"),
                "monitoring/panels/desk.html",
                "monitoring.view_desk",
                desk_panel,
                30,
            )
        )
        # Every two minutes: each source keeps its own next_poll_at (5 minutes at the soonest).
        register_job(Job("monitoring-poll", "monitoring_poll", dt.timedelta(minutes=2)))
        # Every minute: spike checks, then due alerts (held ones, digests; the safety net
        # behind the deliver_alerts task enqueued when an item raises an immediate alert).
        register_job(Job("monitoring-alerts", "monitoring_alerts", dt.timedelta(minutes=1)))
        register_job(Job("monitoring-retrain", "monitoring_retrain", dt.timedelta(days=7)))
        register_seeder("monitoring", seed_monitoring, order=60)
        from iletisim.monitoring.summary.setup import register as register_summary

        register_summary()
        from iletisim.monitoring.numbers.setup import register as register_numbers

        register_numbers()
