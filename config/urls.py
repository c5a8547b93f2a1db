"""Top-level URL map: the public site at /, staff pages under /staff/, the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from iletisim.core import views as core_views
from iletisim.service_requests import whatsapp_views

# Django's admin asks for the second factor too (only holders of the admin role reach it).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "İletişim"

handler403 = "iletisim.core.views.permission_denied"
handler404 = "iletisim.core.views.page_not_found"
handler500 = "iletisim.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("iletisim.accounts.urls")),
    path("staff/units/", include("iletisim.accounts.staff_urls")),
    path("staff/people/", include("iletisim.accounts.people_urls")),
    path("staff/requests/", include("iletisim.service_requests.urls")),
    path("staff/monitoring/", include("iletisim.monitoring.urls")),
    path("staff/press/", include("iletisim.press.urls")),
    path("staff/", include("iletisim.core.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("iletisim.core.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("webhooks/whatsapp", whatsapp_views.webhook, name="whatsapp-webhook"),
    path("open311/v2/", include("iletisim.service_requests.open311_urls")),
    path("basvuru/", include("iletisim.service_requests.public_urls")),
    path("basin-odasi/", include("iletisim.press.public_urls")),
    path("", include("iletisim.website.urls")),
]
