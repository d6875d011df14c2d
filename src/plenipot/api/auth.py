"""Who is calling the API: a bearer token, else the browser session, else the public.

Reads are open to the anonymous public and filter what they return through the access
policy, so a read that carries no credentials is served as the public. A request that
carries a bad token is refused (401) rather than served as anonymous, so that a client
notices its token is wrong.

A write (POST, PUT, PATCH, DELETE) is refused (401) to an anonymous caller here, before
its path, query or body is read, so that nobody learns the valid values without signing
in. A write made with the browser session must pass Django's CSRF check (the
`X-CSRFToken` header with the `csrftoken` cookie's value) or it is refused (403): the
session cookie goes with any request a browser sends, whichever site wrote it. A bearer
token goes only with requests its holder writes, so a token needs no CSRF token.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from plenipot.accounts.services import token_user
from plenipot.core.errors import Forbidden, sign_in_first

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Caller(HttpBearer):
    # Read by django-ninja: its documentation page sends the CSRF token with the calls it
    # makes from the browser.
    csrf = True

    def __call__(self, request: HttpRequest):
        if request.headers.get(self.header):
            return super().__call__(request)
        user = getattr(request, "user", None) or AnonymousUser()
        if request.method in UNSAFE_METHODS:
            if not user.is_authenticated:
                raise sign_in_first()
            if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
                raise Forbidden(
                    _(
                        "CSRF check failed: a write with the browser session needs the "
                        "X-CSRFToken header (the csrftoken cookie's value) from a page of "
                        "this site; programs send a bearer token."
                    ),
                    code="csrf_failed",
                )
        return user

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(key=token.strip())
        if user is None:
            return None
        request.user = user
        return user


caller = Caller()
