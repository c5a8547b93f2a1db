"""API routes of service_requests, mounted under /api/v1/."""

from django.urls import path

from iletisim.service_requests import api

urlpatterns = [
    path("requests/", api.request_list, name="api-service-request-list"),
    path("requests/<str:number>/", api.request_detail, name="api-service-request"),
    path(
        # Any verb reaches the view, so an unknown one gets the API's JSON 404, not a page.
        "requests/<str:number>/<str:verb>/",
        api.request_action,
        name="api-service-request-action",
    ),
    path("categories/", api.category_list, name="api-service-request-categories"),
]
