"""API routes of service_requests, mounted under /api/v1/."""

from django.urls import path

from iletisim.service_requests import api

urlpatterns = [
    path("requests/<str:number>/", api.request_detail, name="api-service-request"),
]
