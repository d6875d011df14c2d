from django.urls import path

from plenipot.negotiation import views

urlpatterns = [
    path("", views.draft_list, name="draft-list"),
    path("<int:pk>/", views.draft_room, name="draft-room"),
    path("<int:pk>/history/", views.draft_history, name="draft-history"),
]
