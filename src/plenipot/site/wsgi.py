"""WSGI entry point (used by tests and by WSGI servers)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")

application = get_wsgi_application()
