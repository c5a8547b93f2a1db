"""Public pages of press: the press room under /basin-odasi/."""

from django.urls import path

from iletisim.press import public_views, webhooks

app_name = "press_public"

urlpatterns = [
    path("", public_views.archive, name="archive"),
    path("rss/", public_views.LatestFeed(), name="feed-rss"),
    path("atom/", public_views.LatestAtomFeed(), name="feed-atom"),
    path("iletisim/", public_views.press_contacts, name="contacts"),
    path("akreditasyon/", public_views.accreditation, name="accreditation"),
    path("abonelik/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("t/<str:token>/", public_views.click, name="click"),
    path("esp/<str:esp>/tracking/", webhooks.esp_tracking, name="esp-tracking"),
    path("<slug:slug>/", public_views.detail, name="detail"),
]
