"""One vocabulary for refusals, the same on every transport.

An action raises one of these; the API answers ``{"code", "detail", ...}`` with the
status below, a WebSocket sends an ``error`` frame with the same keys, a page shows the
detail (or the site's error page for 401, 403 and 404), and the command line prints
``plenipot: error: <detail>`` and exits with status 2.

Django's own ``PermissionDenied``, ``Http404`` and ``ValidationError`` are read as
``forbidden``, ``not_found`` and ``invalid`` so that code which still raises them
answers in the same words.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _


class ActionError(Exception):
    """A refusal with a stable code for programs and a detail for people."""

    code = "invalid"
    status = 400

    def __init__(self, detail: str = "", *, code: str | None = None, **extra) -> None:
        super().__init__(detail)
        self.detail = str(detail)
        if code is not None:
            self.code = code
        self.extra = extra

    def body(self) -> dict:
        return {"code": self.code, "detail": self.detail, **self.extra}


class NotSignedIn(ActionError):
    code = "not_authenticated"
    status = 401


class Forbidden(ActionError):
    code = "forbidden"
    status = 403


class NotFound(ActionError):
    """Absent and not readable alike: the answer never tells them apart."""

    code = "not_found"
    status = 404


class Invalid(ActionError):
    code = "invalid"
    status = 400


class InvalidInput(ActionError):
    """Fields that do not fit the use case's input schema (the API's 422)."""

    code = "invalid_input"
    status = 422


class Conflict(ActionError):
    """A stale edit, or a state that changed under the caller."""

    code = "conflict"
    status = 409


class TooMany(ActionError):
    code = "rate_limited"
    status = 429


def _validation_detail(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


def as_action_error(exc: BaseException) -> ActionError | None:
    """The vocabulary's reading of an exception, or None for one it does not know."""
    if isinstance(exc, ActionError):
        return exc
    if isinstance(exc, PermissionDenied):
        return Forbidden(str(exc) or _("You may not do this."))
    if isinstance(exc, Http404):
        return NotFound(str(exc) or _("Not found"))
    if isinstance(exc, ValidationError):
        return Invalid(_validation_detail(exc))
    return None


def sign_in_first() -> NotSignedIn:
    """The API's answer to a write, or a personal read, without credentials."""
    return NotSignedIn(_("Send a bearer token (plenipot token USERNAME) or sign in."))
