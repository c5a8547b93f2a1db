"""Open311 GeoReport v2 routes (mounted at /open311/v2/); every path ends in .json or .xml."""

from django.urls import re_path

from iletisim.service_requests import open311_views as views

F = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^openapi\.json$", views.openapi, name="open311-openapi"),
    re_path(r"^discovery" + F, views.discovery, name="open311-discovery"),
    re_path(r"^services" + F, views.services, name="open311-services"),
    re_path(r"^services/(?P<code>[-\w]+)" + F, views.service_definition, name="open311-service"),
    re_path(r"^requests" + F, views.requests, name="open311-requests"),
    re_path(r"^requests/(?P<request_id>[-\w]+)" + F, views.request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + F, views.token, name="open311-token"),
]
