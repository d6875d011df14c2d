"""Root URLs: the admin, the REST API and the portal pages."""

from django.contrib import admin
from django.urls import include, path

from plenipot.api.api import api
from plenipot.site.views import sign_in

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("translation/", include("plenipot.translation.urls")),
    path("tracker/", include("plenipot.tracker.urls")),
    path("submissions/", include("plenipot.submissions.urls")),
    path("drafts/", include("plenipot.negotiation.urls")),
    path("instruments/", include("plenipot.negotiation.instrument_urls")),
    path("planning/", include("plenipot.planning.urls")),
    path("elections/", include("plenipot.elections.urls")),
    path("floor/", include("plenipot.floor.urls")),
    path("documents/", include("plenipot.documents.urls")),
    path("setup/", include("plenipot.setup.urls")),
    path("", include("plenipot.operations.urls")),
    path("accounts/login/", sign_in, name="login"),
    path("", include("plenipot.portal.urls")),
]
