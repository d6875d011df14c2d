"""Who a live socket's user is: Channels' cookies, session and user, with visitors who
carry no session answered without a trip to the database's thread.

Imported by the ASGI application only, once Django is set up (it reads the user model).
"""

from __future__ import annotations

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib.auth.models import AnonymousUser


class SocketAuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware, except that a visitor without a session is anonymous at
    once: Channels looks the user up in the database's thread even then, one trip per
    socket, and a crowd of visitors arriving at a public room queues there."""

    async def resolve_scope(self, scope) -> None:
        if not scope["session"].session_key:
            scope["user"]._wrapped = AnonymousUser()
            return
        await super().resolve_scope(scope)


def socket_auth_stack(inner):
    """Cookies, the session and the user of a socket (Channels' AuthMiddlewareStack)."""
    return CookieMiddleware(SessionMiddleware(SocketAuthMiddleware(inner)))
