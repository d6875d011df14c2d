from django.urls import path

from plenipot.translation import views

urlpatterns = [
    path("", views.queue, name="translation-queue"),
    path("memory/import/", views.memory_import, name="translation-memory-import"),
    path("texts/<int:source_id>/", views.source_detail, name="translation-source"),
    path("<int:expression_id>/", views.workspace, name="translation-workspace"),
    path("<int:expression_id>/advance/", views.advance, name="translation-advance"),
    path("<int:expression_id>/pretranslate/", views.pretranslate, name="translation-pretranslate"),
    path("<int:expression_id>/machine/", views.machine, name="translation-machine"),
    path(
        "<int:expression_id>/segments/<str:eid>/",
        views.segment_save,
        name="translation-segment-save",
    ),
]
