from django.urls import path

from plenipot.submissions import views

urlpatterns = [
    path("", views.upload_list, name="submission-list"),
    path("<int:pk>/", views.upload_review, name="submission-review"),
    path("<int:pk>/submit/", views.upload_submit, name="submission-submit"),
    path(
        "export/instrument/<int:pk>.<str:fmt>",
        views.export_instrument,
        name="export-instrument",
    ),
    path("export/document/<int:pk>.<str:fmt>", views.export_document, name="export-document"),
    path("export/final-acts.<str:fmt>", views.export_final_acts, name="export-final-acts"),
]
