"""What is wrong with a document symbol, said in the reader's language: the engine names
the fault by a code (`SymbolError.code`) and its figures, and the pages, the API and the
command line word it here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plenipot.engine.symbols import SymbolError

WORDS = {
    "empty": _("The document symbol is empty."),
    "unreadable": _(
        "“%(text)s” is not a document symbol (for example: Document 64-E, "
        "Addendum 1 to Document 27, DT/12)."
    ),
    "number": _("A document number starts at 1, not %(number)s."),
    "negative": _("Revision, addendum and corrigendum numbers cannot be negative."),
    "both": _("A symbol names an addendum or a corrigendum, not both."),
    "language": _("%(language)s is not a language of the Union."),
    "suffix": _(
        "“%(text)s” ends in -%(suffix)s, which is not a language suffix "
        "(-A, -C, -E, -F, -R, -S)."
    ),
    "part_number": _("“%(text)s”: addenda and corrigenda are numbered from 1."),
    "full_symbol": _("“%(text)s” is a full symbol, not a document number."),
}


def symbol_error_text(error: SymbolError) -> str:
    """The fault in `error`, in the active language; the engine's English for a code
    this does not know."""
    words = WORDS.get(error.code)
    if words is None:
        return str(error)
    return str(words) % {key: str(value) for key, value in error.params.items()}
