"""How large an uploaded file may be: one cap for every upload (proposals in Word, a
document's language files), from ``PLENIPOT_UPLOAD_MAX_BYTES`` when set."""

from __future__ import annotations

from django.conf import settings

from plenipot.formats.safety import DEFAULT_LIMITS, Limits


def upload_limits() -> Limits:
    """The size cap for uploads, from ``PLENIPOT_UPLOAD_MAX_BYTES`` when set."""
    cap = getattr(settings, "PLENIPOT_UPLOAD_MAX_BYTES", DEFAULT_LIMITS.max_file_bytes)
    return Limits(max_file_bytes=cap)
