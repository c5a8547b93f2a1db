from django.urls import path

from iletisim.website import views

app_name = "website"

urlpatterns = [
    path("", views.page, {"template": "website/home.html"}, name="home"),
    path("iletisim/", views.page, {"template": "website/contact.html"}, name="contact"),
    path("kvkk/", views.page, {"template": "website/kvkk.html"}, name="kvkk"),
    path(
        "erisilebilirlik/",
        views.page,
        {"template": "website/accessibility.html"},
        name="accessibility",
    ),
]
