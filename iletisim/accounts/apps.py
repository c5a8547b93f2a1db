from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "iletisim.accounts"
    label = "accounts"
    verbose_name = _("People and units")

    def ready(self) -> None:
        from iletisim.accounts import actions  # noqa: F401  (registers the audit vocabulary)
        from iletisim.accounts.demo import seed
        from iletisim.core.demo import register_seeder
        from iletisim.core.navigation import NavItem, register

        register_seeder("accounts", seed, order=10)
        general, administration = _("General"), _("Administration")
        register(
            NavItem("units", _("Units"), "units:unit-list", "accounts.list_units", general, 10),
            NavItem(
                "people",
                _("People and roles"),
                "people:person-list",
                "accounts.manage_users",
                administration,
                890,
            ),
        )
