"""The REST API as a transport: every refusal answers ``{"code", "detail", ...}``.

One set of exception handlers on the NinjaAPI object turns the vocabulary of
``core.errors`` (and Django's and django-ninja's own exceptions) into responses, so that
an operation only calls its action and returns what it got.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from plenipot.core.errors import ActionError, NotSignedIn, as_action_error

STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "rate_limited",
}


class ErrorOut(Schema):
    """A refusal: ``code`` for programs, ``detail`` for people."""

    code: str
    detail: str


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))


def _input_detail(errors: list) -> str:
    parts = []
    for error in errors[:5]:
        where = _location(error) if isinstance(error, dict) else ""
        message = error.get("msg", "") if isinstance(error, dict) else str(error)
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts) or "The request is not valid."


def install_error_handlers(api: NinjaAPI) -> None:
    def answer(request: HttpRequest, error: ActionError) -> HttpResponse:
        return api.create_response(request, error.body(), status=error.status)

    def action_error(request, exc: ActionError):
        return answer(request, exc)

    def django_error(request, exc: Exception):
        return answer(request, as_action_error(exc))

    def input_error(request, exc: InputError):
        body = {
            "code": STATUS_CODES[422],
            "detail": _input_detail(exc.errors),
            "errors": exc.errors,
        }
        return api.create_response(request, body, status=422)

    def not_signed_in(request, exc: AuthenticationError):
        return answer(request, NotSignedIn(str(exc) or "Not signed in."))

    def http_error(request, exc: HttpError):
        body = {"code": STATUS_CODES.get(exc.status_code, "error"), "detail": str(exc)}
        return api.create_response(request, body, status=exc.status_code)

    api.add_exception_handler(ActionError, action_error)
    for django_exception in (PermissionDenied, Http404, DjangoValidationError):
        api.add_exception_handler(django_exception, django_error)
    api.add_exception_handler(InputError, input_error)
    api.add_exception_handler(AuthenticationError, not_signed_in)
    api.add_exception_handler(HttpError, http_error)
