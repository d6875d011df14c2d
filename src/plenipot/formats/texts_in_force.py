"""A text in force from a file: the one reader behind ``plenipot convert``, the
instruments of a conference's set-up file and the import of a text on the site.

Three formats are read, by the file's suffix:

* ``.txt``: Plenipot's plain-text format, in UTF-8 (a byte-order mark is allowed);
* ``.xml`` (or ``.akn``): Akoma Ntoso 3.0, in Plenipot's layout or AKN4UN's;
* ``.docx``: a Word file without tracked changes, underlined or struck text, or tables
  in the text (see :func:`plenipot.formats.docx_in.docx_instrument`).

Every file is hostile until checked: its size before anything is read, then what
each reader checks (a Word file's package, XML without entities), and the text itself
(no control characters or bidi overrides). A text that parses must also look like an
instrument: a number line that names a resolution, decision or recommendation, a
formula, a heading. The kind and number its number line names are given back, so that
the caller can check them against what it was told.

Public API: :class:`TextInForce`, :func:`read_text_in_force`, :data:`SUFFIXES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from plenipot.engine.instrument import Instrument, ParseError, parse_instrument, print_instrument
from plenipot.formats.languages import instrument_missing, instrument_name
from plenipot.formats.safety import (
    DEFAULT_LIMITS,
    FormatError,
    Limits,
    Message,
    check_size,
    check_text,
)

#: Where a message is made: the template is found for translation under this name.
_ = Message

#: The suffixes read, and the format each names.
SUFFIXES = {".txt": "text", ".xml": "akn", ".akn": "akn", ".docx": "docx"}


@dataclass(frozen=True)
class TextInForce:
    """An instrument read from a file, and what the file says of it."""

    instrument: Instrument
    format: str  # "text", "akn" or "docx"
    kind: str  # what its number line names: "resolution", "decision", "recommendation", ""
    number: str  # the number it names ("130", "79/275"), or ""
    language: str = ""  # the two-letter language an Akoma Ntoso file states

    @property
    def text(self) -> str:
        """The instrument in the plain-text format, as the site keeps it."""
        return print_instrument(self.instrument)

    @property
    def titles(self) -> dict[str, str]:
        """The title by the language the file states ({"fr": "…"}); empty when it
        states none: a plain-text or Word file, whose language is the reader's guess."""
        if not self.language or not self.instrument.title:
            return {}
        return {self.language: self.instrument.title}


def read_text_in_force(
    name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS, plausible: bool = True
) -> TextInForce:
    """Read the instrument in ``data``, a file called ``name``; :class:`FormatError` says
    why a file is refused. ``plausible``: the text must also look like an instrument."""
    suffix = PurePath(name).suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind is None:
        raise FormatError(
            _(
                "expected a .txt, .xml (Akoma Ntoso) or .docx file, found '%(suffix)s'",
                suffix=(suffix or PurePath(name).name)[:40],
            )
        )
    check_size(len(data), limits)
    language = ""
    if kind == "text":
        inst = _plain_text(data)
    elif kind == "akn":
        # Each reader is loaded for its own files only: the commands start faster.
        from plenipot.formats.akn import akn_instrument, akn_language

        inst = akn_instrument(data)
        language = akn_language(data)
        check_text(print_instrument(inst), _the_file())
    else:
        # Each reader is loaded for its own files only: the commands start faster.
        from plenipot.formats.docx_in import docx_instrument

        inst = docx_instrument(data, limits)
    if plausible:
        missing = instrument_missing(inst)
        if missing:
            raise FormatError(
                _(
                    "%(what)s does not look like an instrument: %(missing)s",
                    what=_the_file(),
                    missing=missing,
                )
            )
    named_kind, number = instrument_name(inst.number)
    return TextInForce(inst, kind, named_kind, number, language)


def _the_file() -> Message:
    return _("the file")


def _plain_text(data: bytes) -> Instrument:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(_("the file is not UTF-8 text; save it as UTF-8")) from None
    check_text(text, _the_file())
    try:
        return parse_instrument(text)
    except ParseError as exc:
        raise FormatError(
            _("line %(line)d: %(reason)s", line=exc.line, reason=exc.message)
        ) from None


__all__ = ["SUFFIXES", "TextInForce", "read_text_in_force"]
