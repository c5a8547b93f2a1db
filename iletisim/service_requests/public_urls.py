"""Public pages of service_requests (mounted at /basvuru/)."""

from django.urls import path

from iletisim.service_requests import public_views

app_name = "service_requests_public"

urlpatterns = [
    path("", public_views.request_new, name="new"),
    path("harita/", public_views.request_map, name="map"),
    path("alindi/<str:number>/<str:secret>/", public_views.request_done, name="done"),
    path("takip/<str:number>/<str:secret>/", public_views.request_track, name="track"),
]
