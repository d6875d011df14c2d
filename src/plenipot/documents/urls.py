from django.urls import path

from plenipot.documents import views

urlpatterns = [
    path("<int:pk>/register-child/", views.register_child, name="document-register-child"),
]
