"""One record per HTTP request: its figures for the metrics, and one line of JSON in the
log for a log collector (logger `plenipot.requests`).

The line says who (the signed-in user's id, or none; the client's address), what (the
method, the path without its query, the view) and the outcome (the status, so a refused
action shows as its 401, 403, 404, 409 …) and how long it took. It holds no query
string, no form or body, no header: no search words, passwords, tokens or text of a
document go into it. Who read which restricted document stays in the database's audit
trail.
"""

from __future__ import annotations

import datetime
import json
import logging
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import empty

from plenipot.core import metrics
from plenipot.core.addresses import client_address

logger = logging.getLogger("plenipot.requests")

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestRecord:
    """Middleware, first in the chain so that the time includes every other one."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        metrics.REQUEST_SECONDS.labels(view, method).observe(seconds)
        metrics.REQUESTS.labels(view, method, str(response.status_code)).inc()
        if logger.isEnabledFor(logging.INFO):
            logger.info(log_line(request, view, response.status_code, seconds))
        return response


def view_label(request: HttpRequest) -> str:
    """The view's URL name (a bounded set of labels, unlike paths); `static` for the
    site's own files, `none` for an address that matched no view."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name
    if match is not None:
        return f"{match.func.__module__}.{match.func.__name__}"
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "none"


def _user_id(request: HttpRequest) -> int | None:
    """The user the request was answered for, without loading a session for it: the API's
    bearer token, or the signed-in user the view already read."""
    auth = getattr(request, "auth", None)
    if getattr(auth, "is_authenticated", False):
        return auth.pk
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or wrapped is None:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


def log_line(request: HttpRequest, view: str, status: int, seconds: float) -> str:
    return json.dumps(
        {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "event": "request",
            "method": request.method,
            "path": request.path,
            "view": view,
            "status": status,
            "ms": round(seconds * 1000, 1),
            "user": _user_id(request),
            "client": client_address(request),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


#: uvicorn's lines for each WebSocket that opens or closes (its own and those of the
#: websockets library it passes its logger to).
SOCKET_LINES = frozenset(
    {"connection open", "connection closed", '%s - "WebSocket %s" [accepted]'}
)


class WithoutSocketLines(logging.Filter):
    """Leave out uvicorn's lines for each live socket that opens or closes: thousands
    of watchers connect to a room at once, and writing two lines each slowed their
    connecting down. The metrics count the sockets; a refused one is told in the
    request log (`plenipot.operations.metrics`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in SOCKET_LINES


def quiet_socket_lines() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, WithoutSocketLines) for f in logger.filters):
        logger.addFilter(WithoutSocketLines())
