from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "iletisim.press"
    label = "press"
    verbose_name = _("Press office")

    def ready(self) -> None:
        from iletisim.press.registry import register_press

        register_press()
