"""The administrator's people pages, mounted under /staff/people/."""

from django.urls import path

from iletisim.accounts import people_views as views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="person-list"),
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path(
        "<int:pk>/memberships/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
]
