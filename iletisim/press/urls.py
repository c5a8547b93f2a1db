"""Staff pages of press."""

from django.urls import path

from iletisim.press import contacts_views, outlets_views, requests_views, tekzip_views, views

app_name = "press"

urlpatterns = [
    path("", views.communication_list, name="communication-list"),
    path("new/", views.communication_create, name="communication-create"),
    path("<int:pk>/", views.communication_detail, name="communication-detail"),
    path("<int:pk>/edit/", views.communication_edit, name="communication-edit"),
    path("<int:pk>/step/", views.communication_transition, name="communication-transition"),
    path("<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("<int:pk>/documents/", views.document_add, name="document-add"),
    path("<int:pk>/distribute/", views.distribution_create, name="distribution-create"),
    path("<int:pk>/rebuttal/", views.rebuttal_create, name="rebuttal-create"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution-detail"),
    path("rebuttals/", views.rebuttal_list, name="rebuttal-list"),
    path("rebuttals/<int:pk>/", views.rebuttal_update, name="rebuttal-update"),
    path(
        "rebuttals/<int:pk>/clipping/",
        tekzip_views.rebuttal_link_clipping,
        name="rebuttal-link-clipping",
    ),
    path("rebuttals/<int:pk>/letter.pdf", views.rebuttal_letter, name="rebuttal-letter"),
    path("events/", views.event_calendar, name="event-calendar"),
    path("requests/", requests_views.request_list, name="request-list"),
    path("tasks/", requests_views.task_list, name="task-list"),
    path("tasks/<int:pk>/done/", requests_views.task_done, name="task-done"),
    path("requests/<int:pk>/", requests_views.request_detail, name="request-detail"),
    path("requests/<int:pk>/update/", requests_views.request_update, name="request-update"),
    path("contacts/", contacts_views.journalist_list, name="journalist-list"),
    path("contacts/new/", contacts_views.journalist_edit, name="journalist-create"),
    path("contacts/<int:pk>/edit/", contacts_views.journalist_edit, name="journalist-edit"),
    path("contacts/outlets/", outlets_views.outlet_list, name="outlet-list"),
    path("contacts/outlets/new/", outlets_views.outlet_edit, name="outlet-create"),
    path("contacts/outlets/<int:pk>/", outlets_views.outlet_edit, name="outlet-edit"),
    path("contacts/lists/", contacts_views.audience_list, name="audience-list"),
    path("contacts/lists/add/", contacts_views.list_add_members, name="list-add-members"),
    path("contacts/import/", contacts_views.journalist_import, name="journalist-import"),
    path("contacts/export.csv", contacts_views.journalist_export, name="journalist-export"),
    path(
        "contacts/<int:pk>/do-not-contact/",
        contacts_views.journalist_do_not_contact,
        name="journalist-dnc",
    ),
]
