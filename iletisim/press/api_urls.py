"""API routes of press, mounted under /api/v1/."""

from django.urls import path

from iletisim.press import api

urlpatterns = [
    path("press/communications/", api.communication_list, name="api-press-communication-list"),
    path(
        "press/communications/<slug:slug>/",
        api.communication_detail,
        name="api-press-communication",
    ),
    path("press/contacts/", api.contact_list, name="api-press-contact-list"),
    path("press/requests/", api.press_requests, name="api-press-requests"),
]
