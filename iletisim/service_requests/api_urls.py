"""API routes of service_requests, mounted under /api/v1/."""

from django.urls import path

from iletisim.service_requests import api, open311

urlpatterns = [
    path("open311/services/", open311.services, name="open311-services"),
    path("open311/services/<slug:code>/", open311.service_definition, name="open311-service"),
    path("requests/<str:number>/", api.request_detail, name="api-service-request"),
]
