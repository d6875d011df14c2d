"""Health and metrics for the operator's tools: load balancers and Prometheus."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from plenipot.operations.health import readiness
from plenipot.operations.metrics import exposition, may_read_metrics

PLAIN = "text/plain; charset=utf-8"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers."""
    return HttpResponse("ok\n", content_type=PLAIN)


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The process can serve: 200 when every check passes, 503 otherwise, with one line
    per check."""
    results = readiness()
    body = "".join(f"{name}: {'ok' if passed else 'failing'}\n" for name, passed in results)
    status = 200 if all(passed for _name, passed in results) else 503
    return HttpResponse(body, content_type=PLAIN, status=status)


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus metrics, for the addresses and the token the operator named; to
    anyone else the address does not exist."""
    if not may_read_metrics(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
