from django.urls import path

from plenipot.planning import views

urlpatterns = [
    path("", views.timetable, name="planning-timetable"),
    path("journal/", views.journal_today, name="planning-journal-today"),
    path("journal/<str:day>/", views.journal, name="planning-journal"),
    path("journal/<str:day>.pdf", views.journal_pdf, name="planning-journal-pdf"),
    path("delegation/", views.my_clashes, name="planning-my-clashes"),
    path("delegation/calendar.ics", views.my_calendar, name="planning-my-calendar"),
    path("delegation/<str:key>/", views.clashes, name="planning-clashes"),
    path("rooms/", views.room_list, name="planning-rooms"),
    path("rooms/<int:pk>/", views.room_edit, name="planning-room"),
    path("runs/", views.run_list, name="planning-runs"),
    path("runs/<int:pk>/", views.run_detail, name="planning-run"),
    path("runs/<int:pk>/publish/", views.run_publish, name="planning-run-publish"),
]
