"""The staff API, version 1. Each app adds its routes here."""

from django.urls import include, path

from iletisim.accounts import api as accounts_api

urlpatterns = [
    path("me/", accounts_api.me, name="api-me"),
    path("units/", accounts_api.unit_list, name="api-unit-list"),
    path("", include("iletisim.service_requests.api_urls")),
    path("", include("iletisim.monitoring.api_urls")),
    path("", include("iletisim.press.api_urls")),
]
