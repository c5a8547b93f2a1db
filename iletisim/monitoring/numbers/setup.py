"""What the numbers page plugs into: permissions, audit vocabulary, menu.

Called once from `MonitoringConfig.ready()`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from iletisim.core.navigation import NavItem
    from iletisim.core.navigation import register as register_nav
    from iletisim.monitoring.numbers import actions, rules  # noqa: F401  (vocabulary, perms)

    register_nav(
        NavItem(
            "monitoring-numbers",
            _("Media numbers"),
            "monitoring:numbers",
            "monitoring.view_numbers",
            _("Media monitoring"),
            307,
        )
    )
