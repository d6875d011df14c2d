"""The instruments' pages, mounted at /instruments/."""

from django.urls import path

from plenipot.negotiation import views

urlpatterns = [
    path("", views.instrument_list, name="instrument-list"),
]
