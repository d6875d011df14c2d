"""Who is calling the API: a bearer token, else the browser session, else the public.

Every endpoint is open to the anonymous public and filters what it returns through the
access policy, so authentication here never refuses a request that carries no
credentials. A request that carries a bad token is refused (401) rather than served as
anonymous, so that a client notices its token is wrong.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security.http import HttpBearer

from plenipot.accounts.services import token_user


class Caller(HttpBearer):
    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            user = getattr(request, "user", None)
            return user if user is not None else AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(key=token.strip())
        if user is None:
            return None
        request.user = user
        return user


caller = Caller()
