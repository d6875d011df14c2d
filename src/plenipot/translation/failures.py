"""The cross-language checks said in the reader's language.

The engine gives each failed check a ``code`` and its ``params``
(:class:`plenipot.engine.crosscheck.Failure`), with an English ``message`` for the
command line and the logs. Here every code is worded through the translation machinery,
in one place, for every page, refusal and answer that shows a failure: provisions named
by their labels in the text's own words (:mod:`plenipot.negotiation.labels`), languages
and statuses by their names in the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from plenipot.conference.models import Language
from plenipot.engine.crosscheck import Failure
from plenipot.engine.labels import LabelKind
from plenipot.negotiation.labels import ProvisionLabels, labels_of_text
from plenipot.translation.models import Expression

#: First strong isolate and pop directional isolate: a glossary term keeps its own
#: direction inside a sentence that may run the other way.
_FSI, _PDI = "\u2068", "\u2069"

# Reasons given by the translation app itself, on top of the engine's checks.
NO_VERSIONS = "no_versions"
NOT_FINAL = "not_final"
STALE = {
    "changed": "translated_from_earlier",
    "added": "added_since",
    "deleted": "deleted_since",
}

_ENGLISH = {
    NO_VERSIONS: lambda p: "there are no language versions of this text",
    NOT_FINAL: lambda p: f"the {p['language']} version is not final ({p['status']})",
    "translated_from_earlier": lambda p: (
        f"provision {p['eid']} was translated from an earlier text"
    ),
    "added_since": lambda p: (
        f"provision {p['eid']} was added to the text after this version was made"
    ),
    "deleted_since": lambda p: (
        f"provision {p['eid']} was deleted from the text after this version was made"
    ),
}


def app_failure(check: str, language: str, code: str, /, **params) -> Failure:
    """A failure the translation app finds (no versions, a version not final, a source
    changed since), coded and worded in English like the engine's."""
    return Failure(
        check, language, str(params.get("eid", "")), _ENGLISH[code](params), code, params
    )


def source_labels(source) -> ProvisionLabels:
    """The labels of a text to translate (a `SourceText`), that its failures name."""
    return labels_of_text(source.text or "", source.language)


def gate_labels(source, current_text: str | None) -> ProvisionLabels:
    """The labels the Editorial Committee's gate names failures by: those of the current
    text, and for a provision it no longer has, those of the text translated."""
    current = labels_of_text(current_text or "")
    if source is None:
        return current
    own = source_labels(source)
    if not current.labels:
        return own
    return ProvisionLabels({**own.labels, **current.labels}, current.language, current.direction)


def check_name(check: str) -> str:
    """A check by its name in the interface language."""
    names = {
        "missing": pgettext("cross-language check", "missing"),
        "numbering": pgettext("cross-language check", "numbering"),
        "brackets": pgettext("cross-language check", "brackets"),
        "numbers": pgettext("cross-language check", "numbers"),
        "glossary": pgettext("cross-language check", "glossary"),
        "script": pgettext("cross-language check", "script"),
        "status": pgettext("cross-language check", "status"),
        "stale": pgettext("cross-language check", "stale"),
    }
    return names.get(check, check)


def language_name(code: str) -> str:
    """A language by its name in the interface language ("Arabe", "阿拉伯文")."""
    return str(dict(Language.choices).get(code, code))


def _status_name(status: str) -> str:
    return str(dict(Expression.Status.choices).get(status, status))


def _kind_name(kind: str, level: int) -> str:
    names = {
        "number": pgettext("provision kind", "number"),
        "title": pgettext("provision kind", "title"),
        "formula": pgettext("provision kind", "formula"),
        "preamble_heading": pgettext("provision kind", "heading of the preamble"),
        "preamble_item": pgettext("provision kind", "item of the preamble"),
        "operative_heading": pgettext("provision kind", "operative heading"),
        "operative_item": pgettext("provision kind", "operative item"),
        "annex": pgettext("provision kind", "annex"),
        "annex_paragraph": pgettext("provision kind", "annex paragraph"),
    }
    name = names.get(kind, kind)
    if level > 1:
        return _("%(kind)s at level %(level)d") % {"kind": name, "level": level}
    return name


def _listed(values: Sequence[str]) -> str:
    return pgettext("list separator", ", ").join(values)


def _term(words: str) -> str:
    return f"{_FSI}{words}{_PDI}"


def _counts(brackets: int, bars: int) -> str:
    return _("%(brackets)s and %(bars)s") % {
        "brackets": ngettext("%(count)d bracket", "%(count)d brackets", brackets)
        % {"count": brackets},
        "bars": ngettext("%(count)d alternative bar", "%(count)d alternative bars", bars)
        % {"count": bars},
    }


def _numbers_detail(p: Mapping) -> str:
    parts = []
    if p["missing"]:
        parts.append(
            ngettext("%(numbers)s is missing", "%(numbers)s are missing", len(p["missing"]))
            % {"numbers": _listed(p["missing"])}
        )
    if p["added"]:
        parts.append(
            ngettext(
                "%(numbers)s is not in the source",
                "%(numbers)s are not in the source",
                len(p["added"]),
            )
            % {"numbers": _listed(p["added"])}
        )
    return _("numbers differ from the source (%(detail)s)") % {
        "detail": pgettext("list separator", "; ").join(parts)
    }


def _symbols_detail(p: Mapping) -> str:
    if not p["missing"]:
        return _("document symbols differ from the source")
    return ngettext(
        "document symbols differ from the source (%(symbols)s is missing)",
        "document symbols differ from the source (%(symbols)s are missing)",
        len(p["missing"]),
    ) % {"symbols": _listed(p["missing"])}


def _sources_detail(p: Mapping) -> str:
    return _(
        "the alternatives' sources differ from the source (%(source)s in the source; "
        "%(translation)s in the translation)"
    ) % {
        "source": pgettext("list separator", "; ").join(p["source_sources"]),
        "translation": pgettext("list separator", "; ").join(p["sources"])
        or pgettext("sources of alternatives", "none"),
    }


# What a failure of each code says after the provision it names ("brackets differ …"):
# the checks page shows the provision in a column of its own.
_DETAILS: dict[str, Callable[[Mapping], str]] = {
    "kind_differs": lambda p: (
        _("%(source_kind)s in the source, %(kind)s in the translation")
        % {
            "source_kind": _kind_name(p["source_kind"], p["source_level"]),
            "kind": _kind_name(p["kind"], p["level"]),
        }
    ),
    "brackets_differ": lambda p: (
        _(
            "brackets and alternatives differ from the source (%(source)s in the source; "
            "%(translation)s in the translation)"
        )
        % {
            "source": _counts(p["source_brackets"], p["source_bars"]),
            "translation": _counts(p["brackets"], p["bars"]),
        }
    ),
    "sources_differ": _sources_detail,
    "numbers_differ": _numbers_detail,
    "symbols_differ": _symbols_detail,
    "glossary_term": lambda p: (
        _("the source says “%(source_term)s”; expected “%(expected_term)s”")
        % {"source_term": _term(p["source_term"]), "expected_term": _term(p["expected_term"])}
    ),
}

# The whole sentence of each other code; `provision` is the label of the one it names.
# No sentence names the failure's language: wherever one is shown the language stands
# beside it (the checks' column, the gate's "Russian version: …"), and said twice it
# read "Russian version: There is no version in this language (Russian)."
_SENTENCES: dict[str, Callable[[Mapping, str], str]] = {
    "translation_ends": lambda p, provision: (
        ngettext(
            "The translation ends before %(provision)s (%(lines)d line for %(source_lines)d).",
            "The translation ends before %(provision)s (%(lines)d lines for %(source_lines)d).",
            p["lines"],
        )
        % {"provision": provision, "lines": p["lines"], "source_lines": p["source_lines"]}
    ),
    "extra_lines": lambda p, provision: (
        ngettext(
            "The translation has %(count)d more line than the source after %(provision)s.",
            "The translation has %(count)d more lines than the source after %(provision)s.",
            p["count"],
        )
        % {"provision": provision, "count": p["count"]}
    ),
    "no_text": lambda p, provision: _("%(provision)s has no text.") % {"provision": provision},
    "wrong_script": lambda p, provision: (
        _("%(provision)s is not written in the script of its language.") % {"provision": provision}
    ),
    "not_in_source": lambda p, provision: _(
        "The translation has a provision that is not in the source."
    ),
    "no_version": lambda p, provision: _("This language version is missing."),
    NO_VERSIONS: lambda p, provision: _("There are no language versions of this text."),
    NOT_FINAL: lambda p, provision: (
        _("This language version is not final (%(status)s).")
        % {"status": _status_name(p["status"])}
    ),
    "translated_from_earlier": lambda p, provision: (
        _("%(provision)s was translated from an earlier text.") % {"provision": provision}
    ),
    "added_since": lambda p, provision: (
        _("%(provision)s was added to the text after this version was made.")
        % {"provision": provision}
    ),
    "deleted_since": lambda p, provision: (
        _("%(provision)s was deleted from the text after this version was made.")
        % {"provision": provision}
    ),
}


def provision_name(eid: str, labels: ProvisionLabels | None) -> str:
    """A provision as the reader names it; never its id."""
    if labels is None:
        labels = ProvisionLabels()
    return labels.text(eid)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def failure_detail(failure: Failure, labels: ProvisionLabels | None = None) -> str:
    """What fails, in the interface language, without naming the provision when the
    sentence would only begin with it (for a table that shows the provision apart)."""
    detail = _DETAILS.get(failure.code)
    if detail is not None:
        return _capitalised(detail(failure.params))
    return failure_text(failure, labels)


def failure_text(failure: Failure, labels: ProvisionLabels | None = None) -> str:
    """A failed check as one sentence in the interface language, naming its provision
    by its label in `labels` (the labels of the source text) and its language by name.
    A failure with no code (made before codes) keeps its message."""
    provision = provision_name(failure.eid, labels) if failure.eid else ""
    detail = _DETAILS.get(failure.code)
    if detail is not None:
        said = _("%(provision)s: %(detail)s") % {
            "provision": provision,
            "detail": detail(failure.params),
        }
    elif (sentence := _SENTENCES.get(failure.code)) is not None:
        said = sentence(failure.params, provision)
    else:
        return failure.message
    return (
        _capitalised(said)
        if provision and said.startswith(provision) and _readers_words(failure.eid, labels)
        else said
    )


def _readers_words(eid: str, labels: ProvisionLabels | None) -> bool:
    """Whether a provision's label begins with the reader's words ("the title"), which a
    sentence may capitalise, rather than the text's own ("considering a)"), which it may not."""
    label = labels.get(eid) if labels is not None else None
    return label is None or label.kind not in (LabelKind.ITEM, LabelKind.ANNEX)
