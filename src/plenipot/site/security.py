"""Security headers on every response: the Content-Security-Policy and the
Permissions-Policy.

The policy itself is in the settings (`CONTENT_SECURITY_POLICY`, read by django-csp, and
`PERMISSIONS_POLICY`); this module adds what depends on the request.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase


def socket_origin(request: HttpRequest) -> str | None:
    """The origin of the site's own WebSockets (/ws/...) as a CSP source, or None.

    The CSP 3 `'self'` covers ws: and wss: on the same host, but browsers that predate it
    do not, so the live pages name their origin. An address in brackets (IPv6) is not a
    valid source there and is left to `'self'`."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not host or host.startswith("["):
        return None
    return ("wss://" if request.is_secure() else "ws://") + host


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a nonce on every response and the WebSocket origin
    in `connect-src`.

    A page that uses no inline script still names a fresh nonce, so the header has one
    shape everywhere. A page kept whole in the cache for the public (the document list,
    the tracker) must not hold an inline script: its nonce would be a past one."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.nonce is None and hasattr(request, "csp_nonce"):
            parts.nonce = str(request.csp_nonce)
        origin = socket_origin(request)
        if origin is not None:
            update = dict(parts.update or {})
            update["connect-src"] = [*update.get("connect-src", ()), origin]
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from `settings.PERMISSIONS_POLICY` (feature → allowed
    origins; an empty list denies the feature to every frame, this site's included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", None)
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
            )
        return response
