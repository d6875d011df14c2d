"""The site's URLs plus one bare view for the portal benchmark.

The bare view runs through the same server, middleware and settings as the portal
pages, so the ratio of their throughputs measures what the pages themselves cost.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("plenipot.site.urls")),
]
