from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iletisim.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from iletisim.core import scheduler  # noqa: F401  (registers the platform's jobs)
        from iletisim.core.demo import register_seeder, seed_core
        from iletisim.core.panels import register_core

        register_core()
        register_seeder("core", seed_core, order=20)
