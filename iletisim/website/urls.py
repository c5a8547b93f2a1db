from django.urls import path

from iletisim.website import views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("iletisim/", views.contact, name="contact"),
    path("kvkk/", views.kvkk, name="kvkk"),
    path("erisilebilirlik/", views.accessibility, name="accessibility"),
]
