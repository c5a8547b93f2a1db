"""Staff pages of service_requests (mounted at /staff/requests/)."""

from django.urls import path

from iletisim.service_requests import views

app_name = "service_requests"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("birimim/", views.unit_inbox, name="unit-inbox"),
    path("yeni/", views.intake, name="request-create"),
    path("toplu-yonlendir/", views.bulk_route, name="bulk-route"),
    path("toplu-ata/", views.bulk_assign, name="bulk-assign"),
    path("harita/", views.request_map, name="map"),
    path("<str:number>/", views.request_detail, name="request-detail"),
    path("<str:number>/ek/<int:pk>/", views.attachment_file, name="attachment"),
    path("<str:number>/islem/<slug:verb>/", views.request_action, name="request-action"),
]
