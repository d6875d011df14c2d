"""The direction of a name or a title in the Journal, from its own letters.

Body names, agenda items and document titles are written in whatever language their
author used, whatever the reader's interface language. A browser finds their direction
itself (`<bdi>`), but the PDF writer does not: it needs `dir="ltr"` or `dir="rtl"` on
each, or an English title printed in an Arabic Journal ends with its brackets reversed.
"""

from __future__ import annotations

import unicodedata

from django import template

register = template.Library()


@register.filter
def text_dir(text) -> str:
    """``rtl`` when the first letter with a direction of its own is Arabic or Hebrew,
    else ``ltr`` (digits and punctuation have none)."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
