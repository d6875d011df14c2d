"""The portal's pages, mounted at the site root."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from plenipot.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", views.body_tree, name="body-tree"),
    path("bodies/<str:code>/", views.body_detail, name="body-detail"),
    path("delegations/", views.delegation_list, name="delegation-list"),
    path("delegations/<str:key>/", views.delegation_detail, name="delegation-detail"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's set_language view, named "set_language".
    path("i18n/", include("django.conf.urls.i18n")),
]
