from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "iletisim.press"
    label = "press"
    verbose_name = _("Press office")

    def ready(self) -> None:
        from anymail.signals import tracking

        from iletisim.press.bounces import on_esp_event
        from iletisim.press.registry import register_press

        register_press()
        # django-anymail reports ESP events only through this signal; the receiver just
        # calls bounces.record_event.
        tracking.connect(on_esp_event, dispatch_uid="press-esp-tracking")
