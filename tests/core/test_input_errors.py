"""Input errors said in the reader's words: pages name a field by its label, in the
interface language; the API names it by its key, as the client sent it."""

from __future__ import annotations

from typing import ClassVar

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from plenipot.core.errors import InvalidInput
from plenipot.core.input_errors import describe, read


class _Labelled(Schema):
    field_labels: ClassVar[dict] = {"speaking_time": _("Speaking time")}
    speaking_time: int = Field(..., ge=0, le=3600)
    note: str = Field("", max_length=5)


def _refusal(data) -> str:
    with pytest.raises(InvalidInput) as caught:
        read(_Labelled, data)
    return str(caught.value)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_page_names_the_field_by_its_label_in_the_interface_language():
    assert _refusal({"speaking_time": 9999}) == "Speaking time must be at most 3600."
    for language, label in (("fr", "Temps de parole"), ("ar", "وقت الكلام")):
        with translation.override(language):
            said = _refusal({"speaking_time": "x"})
        assert label in said and "speaking_time" not in said


def test_a_field_without_a_label_keeps_its_key_and_the_labels_stay_out_of_the_schema():
    assert _refusal({"speaking_time": 1, "note": "far too long"}).startswith("note ")
    assert "field_labels" not in _Labelled.model_json_schema()["properties"]


def test_the_api_names_the_key():
    errors = [{"type": "missing", "loc": ("body", "payload", "speaking_time"), "msg": "x"}]
    assert describe(errors) == "speaking_time is required."
    assert describe(errors, {"speaking_time": "Speaking time"}) == "Speaking time is required."
