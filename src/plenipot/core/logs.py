"""What the server log keeps of a refusal.

Django logs a refused request (`PermissionDenied`, a bad request) on ``django.request``
or ``django.security`` with the exception attached, so that every 403 printed a whole
traceback, as if the site had failed. A refusal is the policy doing its work: the log
keeps its one line ("Forbidden (Permission denied): /planning/runs/") and the request
log its status; only a server error (5xx, or a record with no status) keeps its
traceback.

This module is loaded while logging is configured, before the apps are: it imports
nothing from Django or Plenipot.
"""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """Drops the traceback from the log record of a 4xx answer; passes every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
