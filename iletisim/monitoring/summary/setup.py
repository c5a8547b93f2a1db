"""What the press summary plugs into: permissions, audit vocabulary, menu, jobs.

Called once from `MonitoringConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from iletisim.core.dashboard import Panel, register_panel
    from iletisim.core.navigation import NavItem
    from iletisim.core.navigation import register as register_nav
    from iletisim.core.scheduler import Job, register_job
    from iletisim.monitoring.summary import actions, rules  # noqa: F401  (vocabulary, perms)
    from iletisim.monitoring.summary.panels import today_panel

    register_nav(
        NavItem(
            "monitoring-summary",
            _("Press summary"),
            "monitoring:summary-list",
            "monitoring.view_summary",
            _("Media monitoring"),
            305,
        ),
        NavItem(
            "monitoring-reports",
            _("Media reports"),
            "monitoring:report",
            "monitoring.view_reports",
            _("Media monitoring"),
            306,
        ),
    )
    register_panel(
        Panel(
            "monitoring-summary",
            _("Press summary"),
            "monitoring/summary/panel.html",
            "monitoring.view_summary",
            today_panel,
            31,
        )
    )
    register_job(Job("summary-draft", "summary_draft", dt.timedelta(minutes=1)))
    register_job(Job("summary-deliver", "summary_deliver", dt.timedelta(minutes=1)))
