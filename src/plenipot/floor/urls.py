from django.urls import path

from plenipot.floor import views

urlpatterns = [
    path("meetings/<int:pk>/", views.floor_meeting, name="floor-meeting"),
    path("meetings/<int:pk>/panel/", views.floor_panel, name="floor-panel"),
    path("meetings/<int:pk>/display/", views.floor_display, name="floor-display"),
    path("meetings/<int:pk>/display/panel/", views.floor_display_panel, name="floor-display-panel"),
    path("meetings/<int:pk>/record/", views.floor_record, name="floor-record"),
    path("meetings/<int:pk>/items/<int:item>/<slug:verb>/", views.floor_act, name="floor-act"),
    path(
        "meetings/<int:pk>/items/<int:item>/requests/<int:request_id>/<slug:verb>/",
        views.floor_act,
        name="floor-act-on",
    ),
]
