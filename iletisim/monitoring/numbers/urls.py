"""Pages of the desk's numbers, included by monitoring/urls.py."""

from django.urls import path

from iletisim.monitoring.numbers import views

urlpatterns = [
    path("numbers/", views.numbers, name="numbers"),
    path("numbers/export.<str:fmt>", views.numbers_export, name="numbers-export"),
    path("numbers/queries/", views.numbers_queries, name="numbers-queries"),
]
