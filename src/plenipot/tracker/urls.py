from django.urls import path

from plenipot.tracker import views

urlpatterns = [
    path("", views.tracker_list, name="tracker-list"),
    path("chair/<str:code>/", views.chair_view, name="chair-view"),
    path("final-acts/", views.final_acts_view, name="final-acts"),
    path("decide/<int:item_id>/", views.decision_declare, name="decision-declare"),
    path("registry/", views.registry, name="registry"),
    path("agenda/<str:code>/", views.body_agenda, name="body-agenda"),
    path("feed/", views.tracker_feed, name="tracker-feed"),
    path("<str:kind>/<path:number>/feed/", views.tracker_feed, name="tracker-detail-feed"),
    path(
        "<str:kind>/<path:number>/compilation/", views.compilation, name="tracker-compilation"
    ),
    path(
        "<str:kind>/<path:number>/compilation.<str:fmt>",
        views.compilation_file,
        name="tracker-compilation-file",
    ),
    path("<str:kind>/<path:number>/", views.tracker_detail, name="tracker-detail"),
]
