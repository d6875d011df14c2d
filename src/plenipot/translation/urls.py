from django.urls import path

from plenipot.translation import views

urlpatterns = [
    path("", views.queue, name="translation-queue"),
    path("memory/import/", views.memory_import, name="translation-memory-import"),
    path("glossary/", views.glossary, name="translation-glossary"),
    path("glossary.csv", views.glossary_export, name="translation-glossary-export"),
    path("glossary/import/", views.glossary_import, name="translation-glossary-import"),
    path("glossary/<int:term_id>/", views.glossary_term, name="translation-glossary-term"),
    path(
        "glossary/<int:term_id>/delete/",
        views.glossary_term_delete,
        name="translation-glossary-delete",
    ),
    path(
        "documents/<int:document_id>/start/",
        views.document_start,
        name="translation-document-start",
    ),
    path("texts/<int:source_id>/", views.source_detail, name="translation-source"),
    path("texts/<int:source_id>/checks/", views.checks, name="translation-checks"),
    path(
        "texts/<int:source_id>/<str:language>.txt",
        views.expression_download,
        name="translation-download",
    ),
    path(
        "waivers/<int:waiver_id>/withdraw/", views.waiver_withdraw, name="translation-waiver-withdraw"
    ),
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
