from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "iletisim.service_requests"
    label = "service_requests"
    verbose_name = _("Citizen requests")

    def ready(self) -> None:
        from iletisim.accounts.scopes import register_scopes
        from iletisim.service_requests import actions  # noqa: F401  (registers audit actions)
        from iletisim.service_requests.panels import register_service_requests

        register_service_requests()
        register_scopes(
            "service_requests",
            {
                "requests:read": _("Citizen requests, read"),
                "requests:write": _("Citizen requests, write"),
            },
        )

        from django.db.models.signals import post_delete, post_save

        from iletisim.accounts.models import Unit
        from iletisim.service_requests.models import Category, CategoryQuestion, Open311Client
        from iletisim.service_requests.open311 import forget_public_categories
        from iletisim.service_requests.open311_views import forget_clients
        from iletisim.service_requests.router import forget_targets

        for model in (Category, Unit):
            post_save.connect(forget_targets, sender=model, dispatch_uid=f"sr-router-{model}")
            post_delete.connect(forget_targets, sender=model, dispatch_uid=f"sr-router-d-{model}")
        for catalogue in (Category, CategoryQuestion):
            uid = f"sr-open311-{catalogue.__name__}"
            post_save.connect(forget_public_categories, sender=catalogue, dispatch_uid=uid)
            post_delete.connect(forget_public_categories, sender=catalogue, dispatch_uid=f"{uid}-d")
        post_save.connect(forget_clients, sender=Open311Client, dispatch_uid="sr-open311-clients")
        post_delete.connect(forget_clients, sender=Open311Client, dispatch_uid="sr-open311-c-d")
