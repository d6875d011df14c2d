"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")

# Django must be set up before anything imports models.
django_application = get_asgi_application()

from django.core.wsgi import get_wsgi_application  # noqa: E402

from plenipot.site.http import HttpApplication  # noqa: E402

# The site's views are synchronous: each request runs whole in one pool thread
# (plenipot.site.http).
http_application = HttpApplication(get_wsgi_application())

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from plenipot.core.socket_auth import socket_auth_stack  # noqa: E402
from plenipot.operations.metrics import SocketMetrics  # noqa: E402
from plenipot.site.routing import websocket_urlpatterns  # noqa: E402

# What is loaded by now (Django, the apps, their modules and routes) lasts as long as the
# process: left out of the collector's full passes, which otherwise walk it again each
# time the objects of the open sockets grow by a quarter (thousands of watchers
# connecting at once). The garbage of starting (the migrations read to check them, say)
# is collected first, or it would be kept for good.
gc.collect()
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": http_application,
        # Counted for the metrics while open (plenipot.operations.metrics).
        "websocket": SocketMetrics(
            AllowedHostsOriginValidator(socket_auth_stack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
