from django.urls import path

from iletisim.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_list, name="audit-list"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/days-off/<int:pk>/delete/", views.day_off_delete, name="day-off-delete"),
]
