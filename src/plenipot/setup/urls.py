"""The secretariat's set-up pages, under /setup/."""

from django.urls import path

from plenipot.setup import views

urlpatterns = [
    path("", views.home, name="setup-home"),
    path("bodies/", views.bodies, name="setup-bodies"),
    path("bodies/<str:code>/", views.body, name="setup-body"),
    path("delegations/", views.delegations, name="setup-delegations"),
    path("delegations/<str:key>/", views.delegation, name="setup-delegation"),
    path("accounts/", views.accounts, name="setup-accounts"),
    path("accounts/<str:username>/", views.account, name="setup-account"),
]
