from django.urls import path

from plenipot.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/agenda/", views.agenda_item_add, name="meeting-agenda-add"),
    path("<int:pk>/close/", views.meeting_close, name="meeting-close"),
]
