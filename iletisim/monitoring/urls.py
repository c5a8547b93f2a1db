"""Staff pages of monitoring, mounted under /staff/monitoring/."""

from django.urls import include, path

from iletisim.monitoring import outlet_views, views
from iletisim.monitoring.alerts import views as alert_views

app_name = "monitoring"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("items/<int:item_id>/", views.item_detail, name="item-detail"),
    path("items/<int:item_id>/status/", views.item_status, name="item-status"),
    path("items/<int:item_id>/correct/", views.item_correct, name="item-correct"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:item_id>/assign/", views.item_assign, name="item-assign"),
    path("hits/<int:hit_id>/mark/", views.hit_mark, name="hit-mark"),
    path("stories/<int:story_id>/", views.story_detail, name="story-detail"),
    path("clippings/new/", views.clipping_add, name="clipping-add"),
    path("clippings/url/", views.clipping_add_url, name="clipping-add-url"),
    path("outlets/", views.outlet_list, name="outlet-list"),
    path("outlets/import/", views.outlet_import, name="outlet-import"),
    path("outlets/export.<str:fmt>", views.outlet_export, name="outlet-export"),
    path("outlets/new/", outlet_views.outlet_edit, name="outlet-new"),
    path("outlets/<int:outlet_id>/", outlet_views.outlet_edit, name="outlet-edit"),
    path("outlets/<int:outlet_id>/sources/new/", outlet_views.source_edit, name="source-new"),
    path("sources/<int:source_id>/", outlet_views.source_edit, name="source-edit"),
    path("sources/<int:source_id>/pause/", outlet_views.source_pause, name="source-pause"),
    path("sources/<int:source_id>/resume/", views.source_resume, name="source-resume"),
    path("queries/", views.query_list, name="query-list"),
    path("queries/new/", views.query_edit, name="query-new"),
    path("queries/<int:query_id>/", views.query_edit, name="query-edit"),
    path("alerts/", alert_views.rule_list, name="alert-rule-list"),
    path("alerts/new/", alert_views.rule_edit, name="alert-rule-new"),
    path("alerts/<int:rule_id>/", alert_views.rule_edit, name="alert-rule-edit"),
    path("", include("iletisim.monitoring.summary.urls")),
    path("", include("iletisim.monitoring.numbers.urls")),
]
