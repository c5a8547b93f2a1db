"""Pages of the press summary and the media reports, included by monitoring/urls.py."""

from django.urls import path

from iletisim.monitoring.summary import views

urlpatterns = [
    path("summary/", views.summary_list, name="summary-list"),
    path("summary/draft/", views.summary_draft_now, name="summary-draft"),
    path("summary/<int:summary_id>/", views.summary_detail, name="summary-detail"),
    path("summary/<int:summary_id>/pdf/", views.summary_pdf, name="summary-pdf"),
    path("summary/<int:summary_id>/add/", views.summary_add, name="summary-add"),
    path("summary/<int:summary_id>/note/", views.summary_note, name="summary-note"),
    path("summary/<int:summary_id>/approve/", views.summary_approve, name="summary-approve"),
    path("summary/<int:summary_id>/correct/", views.summary_correct, name="summary-correct"),
    path(
        "summary/<int:summary_id>/entries/<int:entry_id>/",
        views.entry_change,
        name="summary-entry",
    ),
    path("reports/", views.report, name="report"),
    path("reports/download.<str:fmt>", views.report_download, name="report-download"),
]
