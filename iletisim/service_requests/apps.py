from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "iletisim.service_requests"
    label = "service_requests"
    verbose_name = _("Citizen requests")

    def ready(self) -> None:
        from iletisim.service_requests import actions  # noqa: F401  (registers audit actions)
        from iletisim.service_requests.panels import register_service_requests

        register_service_requests()
