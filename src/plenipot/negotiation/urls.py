from django.urls import path

from plenipot.negotiation import views

urlpatterns = [
    path("", views.draft_list, name="draft-list"),
    path("<int:pk>/", views.draft_room, name="draft-room"),
    path("<int:pk>/edit/", views.draft_edit, name="draft-edit"),
    path("<int:pk>/undo/", views.draft_undo, name="draft-undo"),
    path("<int:pk>/history/", views.draft_history, name="draft-history"),
    path("<int:pk>/close/", views.draft_close, name="draft-close"),
    path("<int:pk>/hand-over/", views.draft_hand_over, name="draft-hand-over"),
    path("open/<str:code>/", views.draft_open, name="draft-open"),
]
