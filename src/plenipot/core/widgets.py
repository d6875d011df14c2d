"""Form widgets shared by the apps' pages."""

from __future__ import annotations

from django import forms


class DayInput(forms.DateInput):
    """A browser's date picker. Its value is always written YYYY-MM-DD, whatever the
    reader's language: the browser shows the date the reader's way, but reads only that
    form, and a date written in the interface language's format (15/03/2027) leaves the
    field empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
