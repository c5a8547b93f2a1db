"""Staff pages of accounts, mounted under /staff/units/."""

from django.urls import path

from iletisim.accounts import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<slug:code>/", views.unit_detail, name="unit-detail"),
]
