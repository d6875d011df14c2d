"""The site's pages as a transport: an action's refusal becomes the site's error page
(401 to the sign-in page, 403 and 404 to the styled error pages) or, for a refusal the
person can correct, a message on the page they came from.

The 403 page says the reason the policy gave (the detail of the `Forbidden`, read by
Django's own 403 view from the `PermissionDenied` raised here); a form sent without its
CSRF token gets the site's page too (`csrf_failure`, settings.CSRF_FAILURE_VIEW)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from plenipot.core.errors import ActionError, Forbidden, NotFound, NotSignedIn

# Stands in a page cached for the anonymous public for the reader's own CSRF token (the
# language form posts); the page is served with the token put in.
CSRF_PLACEHOLDER = "csrf-token-of-this-reader-3b9e1f"


def page_refusal(request: HttpRequest, exc: ActionError, back: str) -> HttpResponse:
    """The answer of a page to a refused action; ``back`` is where to show a message."""
    if isinstance(exc, NotSignedIn):
        return redirect_to_login(request.get_full_path())
    if isinstance(exc, NotFound):
        raise Http404(exc.detail)
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.detail)
    messages.error(request, exc.detail)
    return redirect(back)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old page, cookies blocked): the site's
    403 page, which says what to do; Django's reason is for the log, not the reader."""
    return render(request, "403_csrf.html", status=403)
