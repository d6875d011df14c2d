"""HTTP under the ASGI server: Django's synchronous handler, one thread hop per request.

Every view and middleware of the site is synchronous. Django's own ASGI handler runs
such a site by hopping between the event loop and a new thread several times per
request (once per middleware that is not async, then for the view), and starts that
thread afresh for each request, so each request also opens a new database connection.
On the demo grown to 20,000 documents that cost a bare view about 5 ms and a cached
document list 11 ms; with the whole request run in one hop, on a pool of long-lived
threads that keep their connection (`CONN_MAX_AGE`), 1.8 ms and 5 ms
(docs/access.md, "Performance").

The request is handed to the same WSGI handler the test client and `wsgi.py` use, so
middleware, settings and responses are the same; WebSockets still go through Channels.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgi, WsgiToAsgiInstance

# The adapter's own body of `run_wsgi_app`, without its one-thread executor.
_run_wsgi_app = WsgiToAsgiInstance.__dict__["run_wsgi_app"].func


class _Request(WsgiToAsgiInstance):
    async def run_wsgi_app(self, body):
        # A pool thread, not the single thread-sensitive one: a slow page does not hold
        # up the others, and each pool thread keeps its own database connection.
        await sync_to_async(lambda: _run_wsgi_app(self, body), thread_sensitive=False)()


class HttpApplication(WsgiToAsgi):
    """An ASGI application for HTTP that runs a WSGI application in a thread pool."""

    async def __call__(self, scope, receive, send):
        await _Request(self.wsgi_application, self.duplicate_header_limit)(scope, receive, send)
