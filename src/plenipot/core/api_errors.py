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

from plenipot.core.errors import ActionError, as_action_error, sign_in_first
from plenipot.core.input_errors import describe

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
            "detail": describe(exc.errors),
            "errors": exc.errors,
        }
        return api.create_response(request, body, status=422)

    def not_signed_in(request, exc: AuthenticationError):
        return answer(request, sign_in_first())

    def http_error(request, exc: HttpError):
        body = {"code": STATUS_CODES.get(exc.status_code, "error"), "detail": str(exc)}
        return api.create_response(request, body, status=exc.status_code)

    api.add_exception_handler(ActionError, action_error)
    for django_exception in (PermissionDenied, Http404, DjangoValidationError):
        api.add_exception_handler(django_exception, django_error)
    api.add_exception_handler(InputError, input_error)
    api.add_exception_handler(AuthenticationError, not_signed_in)
    api.add_exception_handler(HttpError, http_error)
