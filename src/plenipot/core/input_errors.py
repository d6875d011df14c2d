"""What is wrong with a request's or a message's fields, said in the reader's language.

The API's input schemas and the WebSocket's messages are checked by the same schemas
(pydantic, through django-ninja); their errors come in English, one per field. This
module says the common ones in words the site translates, and keeps pydantic's own words
for the rare kinds it does not know.

A field is named as the client sent it (``description``, ``op.eid``) in the API, whose
clients are programs and whose answer also lists each error with its location. Input
from a page is read with the schema's ``field_labels`` (a class attribute of translated
names), so a person reads "Speaking time must be at most 3600.", not the field's key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

from plenipot.core.errors import InvalidInput

#: Parts of a location that name the request, not a field of it.
_ENVELOPE = frozenset({"body", "payload", "query", "path", "form", "data"})
#: At most this many fields are named in one answer.
SHOWN = 5


def location(error: dict) -> str:
    """The field an error is about, as the client wrote it: ``op.eid``, ``items.2``."""
    return ".".join(str(part) for part in error.get("loc", ()) if part not in _ENVELOPE)


def _limit(error: dict, *names: str) -> str:
    context = error.get("ctx") or {}
    for name in names:
        if name in context:
            return str(context[name])
    return ""


def field_name(error: dict, labels: Mapping[str, Any] | None = None) -> str:
    """The field an error is about: its label in the reader's language when the schema
    gives one (for the whole location, or for its first part), else the location."""
    where = location(error)
    if labels and where:
        label = labels.get(where) or labels.get(where.split(".", 1)[0])
        if label:
            return str(label)
    return where or _("the input")


def describe_one(error: dict, labels: Mapping[str, Any] | None = None) -> str:
    """One field's error, as a sentence."""
    field = field_name(error, labels)
    kind = error.get("type", "")
    words = {"field": field}
    if kind == "missing":
        return _("%(field)s is required.") % words
    if kind in ("string_too_long", "too_long"):
        return _("%(field)s is too long (the limit is %(limit)s).") % {
            **words, "limit": _limit(error, "max_length")
        }  # fmt: skip
    if kind in ("string_too_short", "too_short"):
        if _limit(error, "min_length") == "1":
            return _("%(field)s may not be empty.") % words
        return _("%(field)s is too short (the minimum is %(limit)s).") % {
            **words, "limit": _limit(error, "min_length")
        }  # fmt: skip
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("%(field)s must be a whole number.") % words
    if kind in ("greater_than_equal", "greater_than"):
        return _("%(field)s must be at least %(limit)s.") % {
            **words, "limit": _limit(error, "ge", "gt")
        }  # fmt: skip
    if kind in ("less_than_equal", "less_than"):
        return _("%(field)s must be at most %(limit)s.") % {
            **words, "limit": _limit(error, "le", "lt")
        }  # fmt: skip
    if kind == "string_type":
        return _("%(field)s must be text.") % words
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("%(field)s must be an object.") % words
    if kind == "list_type":
        return _("%(field)s must be a list.") % words
    if kind in ("bool_type", "bool_parsing"):
        return _("%(field)s must be true or false.") % words
    if kind.startswith("date_") and not kind.startswith("datetime_"):
        return _("%(field)s must be a date (YYYY-MM-DD).") % words
    if kind.startswith("datetime_"):
        return _("%(field)s must be a date and time (ISO 8601).") % words
    if kind in ("literal_error", "enum"):
        return _("%(field)s must be one of: %(choices)s.") % {
            **words, "choices": _limit(error, "expected")
        }  # fmt: skip
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    message = str(error.get("msg", "")) or _("This value is not valid.")
    return f"{field}: {message}"


def describe(errors: Iterable, labels: Mapping[str, Any] | None = None) -> str:
    """Up to SHOWN errors, one sentence each."""
    parts = [
        describe_one(error, labels) if isinstance(error, dict) else str(error)
        for error in list(errors)[:SHOWN]
    ]
    return " ".join(parts) or _("The request is not valid.")


def read(schema: type[BaseModel], data: Any) -> Any:
    """Input that did not come through the API's own parsing (a socket's frame, a form,
    an action called directly) checked by the API's schema: ``InvalidInput`` (the API's
    422, in the same words) naming the fields that are wrong by the schema's
    ``field_labels``."""
    if isinstance(data, schema):
        return data
    try:
        return schema.model_validate({} if data is None else data)
    except SchemaError as exc:
        raise InvalidInput(describe(exc.errors(), field_labels(schema))) from None


def field_labels(schema: type[BaseModel]) -> Mapping[str, Any]:
    """The schema's names of its fields for people, or none."""
    labels = getattr(schema, "field_labels", None)
    return labels if isinstance(labels, Mapping) else {}
