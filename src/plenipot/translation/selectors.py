"""Reads: a source text's provisions, the memory for a language pair, the checks and
the Editorial Committee's gate, the translator's queue and workspace, the glossary."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Language
from plenipot.documents.access import document_readable
from plenipot.documents.models import Document
from plenipot.engine.crosscheck import Failure, GlossaryTerm, bracket_shape, check_translation
from plenipot.engine.diff import diff_provision, ops_to_html
from plenipot.engine.draftformat import _print_segments as print_segments
from plenipot.engine.draftformat import read_draft
from plenipot.engine.instrument import (
    Kind,
    Unit,
    build,
    flatten,
    labelled,
    parse_instrument,
    print_instrument,
)
from plenipot.engine.translation_memory import (
    Match,
    Origin,
    TranslationMemory,
    normalize,
    pretranslate,
)
from plenipot.negotiation.models import Instrument
from plenipot.translation.failures import NO_VERSIONS, NOT_FINAL, STALE, app_failure
from plenipot.translation.models import (
    Assignment,
    CheckWaiver,
    Expression,
    MemorySegment,
    SourceText,
)
from plenipot.translation.models import GlossaryTerm as GlossaryRow
from plenipot.translation.permissions import may_translate

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def languages_of(conference) -> tuple[str, ...]:
    """The conference's official languages (all six unless it chose fewer): every rule of
    "the text in each official language" is over these."""
    return conference.language_codes if conference is not None else LANGUAGES


def text_units(text: str) -> list[Unit]:
    """The lines of a text in the instrument format, or of a bracketed draft (a DT from
    the drafting room): each with its provision id and its text, brackets, alternatives
    and an ADD's sponsors written as in the draft format, for the translator to keep."""
    draft = read_draft(text)
    if draft is None:
        return list(flatten(parse_instrument(text)))
    return [
        Unit(
            provision.eid,
            provision.kind,
            provision.depth,
            (f"[ADD {', '.join(provision.sponsors)}] " if provision.sponsors else "")
            + print_segments(provision.segments),
        )
        for provision in draft.provisions
    ]


def source_unit_list(source: SourceText) -> list[Unit]:
    return text_units(source.text)


def source_units(source: SourceText) -> list[tuple[str, str]]:
    """``(provision id, text)`` of the original, in reading order."""
    return [(unit.eid, unit.text) for unit in source_unit_list(source)]


def glossary_for(conference) -> list[GlossaryTerm]:
    return [
        GlossaryTerm({code: tuple(forms) for code, forms in row.forms.items()})
        for row in GlossaryRow.objects.filter(conference=conference)
    ]


# Memories built in this process, per conference and language pair, with the highest
# row id and the row count they hold: a memory grows by its new rows and is rebuilt
# only when rows went away (the site never deletes memory rows; the admin may).
_MEMORIES: dict[tuple[int, str, str], tuple[int, int, TranslationMemory]] = {}


def memory_for(*, conference, source_language: str, target_language: str) -> TranslationMemory:
    rows = MemorySegment.objects.filter(
        conference=conference, source_language=source_language, target_language=target_language
    )
    key = (conference.pk, source_language, target_language)
    stats = rows.aggregate(top=Max("pk"), count=Count("pk"))
    top, count = stats["top"] or 0, stats["count"]
    cached = _MEMORIES.get(key)
    if cached is not None and cached[0] == top and cached[1] == count:
        return cached[2]
    if cached is not None and cached[0] <= top and cached[1] <= count:
        memory, since = cached[2], cached[0]
        if count - cached[1] != rows.filter(pk__gt=since).count():
            memory, since = (
                TranslationMemory(source_language=source_language, target_language=target_language),
                0,
            )
    else:
        memory, since = (
            TranslationMemory(source_language=source_language, target_language=target_language),
            0,
        )
    new = rows.filter(pk__gt=since).order_by("pk").values_list("source", "target", "origin")
    for source, target, origin in new.iterator(chunk_size=2000):
        memory.add(source, target, origin)
    _MEMORIES[key] = (top, count, memory)
    return memory


def in_force_texts(source: SourceText, language: str) -> tuple[dict[str, str], dict[str, str]]:
    """The text in force that this text revises, in the original and in `language`,
    when that language version is final."""
    if source.in_force_id is None:
        return {}, {}
    agreed = SourceText.objects.filter(instrument_id=source.in_force_id).first()
    if agreed is None:
        return {}, {}
    expression = agreed.expressions.filter(
        language=language, status=Expression.Status.FINAL
    ).first()
    if expression is None:
        return {}, {}
    return dict(source_units(agreed)), {
        eid: segment.get("text", "") for eid, segment in expression.segments.items()
    }


def expression_texts(expression: Expression) -> dict[str, str]:
    return {
        eid: segment.get("text", "")
        for eid, segment in expression.segments.items()
        if segment.get("text", "").strip()
    }


def expression_failures(
    expression: Expression, *, glossary: list[GlossaryTerm] | None = None, units=None
) -> list[Failure]:
    """The cross-language checks of one language version; a caller checking several
    versions of one text passes the glossary and the source's units read once."""
    source = expression.source
    return check_translation(
        dict(source_units(source) if units is None else units),
        expression_texts(expression),
        language=expression.language,
        source_language=source.language,
        glossary=glossary_for(source.conference) if glossary is None else glossary,
    )


def source_text_of(instrument_or_document) -> SourceText | None:
    field_name = (
        "instrument" if instrument_or_document._meta.model_name == "instrument" else "document"
    )
    return SourceText.objects.filter(**{field_name: instrument_or_document}).first()


def text_failures(instrument_or_document) -> list[Failure]:
    """Everything that keeps a text from standing in each of its conference's languages
    (nothing, for a conference that works in one)."""
    if len(languages_of(instrument_or_document.conference)) < 2:
        return []
    source = source_text_of(instrument_or_document)
    if source is None:
        return [app_failure("missing", "", NO_VERSIONS)]
    failures: list[Failure] = []
    expressions = {e.language: e for e in source.expressions.all()}
    glossary = glossary_for(source.conference)
    units = source_units(source)
    for language in languages_of(source.conference):
        if language == source.language:
            continue
        expression = expressions.get(language)
        if expression is None:
            failures.append(Failure.of("missing", language, "no_version", language=language))
            continue
        if expression.status != Expression.Status.FINAL:
            failures.append(
                app_failure("status", language, NOT_FINAL, language=language, status=expression.status)
            )
        expression.source = source
        failures.extend(expression_failures(expression, glossary=glossary, units=units))
    return failures


def expressions_check(*, instrument_or_document) -> list[Failure]:
    """For the Editorial Committee's gate: every failure keeping this text from being
    issued in six languages, less those a chair has waived. Empty means all six are
    present, final and aligned."""
    return _less_waived(instrument_or_document, text_failures(instrument_or_document))


def expressions_stale(*, instrument_or_document, current_text: str) -> list[Failure]:
    """For the Editorial Committee's gate: one failure per language and provision whose
    source changed since the language versions of this text were made (check "stale"),
    less those a chair has waived. Empty when the versions were made from `current_text`
    (or when there are none: `expressions_check` says so)."""
    return _less_waived(
        instrument_or_document, stale_failures(instrument_or_document, current_text)
    )


def _less_waived(instrument_or_document, failures: list[Failure]) -> list[Failure]:
    source = source_text_of(instrument_or_document)
    if source is None or not failures:
        return failures
    waived = set(
        source.waivers.filter(withdrawn_at__isnull=True).values_list(
            "check_name", "language", "eid"
        )
    )
    return [f for f in failures if (f.check, f.language, f.eid) not in waived]


def stale_provisions(source: SourceText, current_text: str) -> list[tuple[str, str]]:
    """How the current text differs, provision by provision, from the text the language
    versions of `source` were made from: ``(provision id, "changed" | "added" |
    "deleted")`` in the current text's reading order, deleted ones last. Empty when the
    texts agree, or when either does not parse (the other checks say so)."""
    try:
        translated = {unit.eid: unit.text for unit in source_unit_list(source)}
        current = {unit.eid: unit.text for unit in text_units(current_text)}
    except ValueError:
        return []
    found = [
        (eid, "added" if eid not in translated else "changed")
        for eid, text in current.items()
        if translated.get(eid) != text
    ]
    return found + [(eid, "deleted") for eid in translated if eid not in current]


def stale_failures(instrument_or_document, current_text: str) -> list[Failure]:
    """One failure per language and provision for the provisions whose source changed
    since the language versions of this text were made: a translation of an earlier text
    does not make the current one stand in six languages. Languages with no version at
    all are left to the "missing" check."""
    source = source_text_of(instrument_or_document)
    if source is None:
        return []
    changes = stale_provisions(source, current_text)
    if not changes:
        return []
    present = set(source.expressions.values_list("language", flat=True))
    return [
        app_failure("stale", language, STALE[how], eid=eid)
        for language in languages_of(source.conference)
        if language != source.language and language in present
        for eid, how in changes
    ]


def language_source(*, path, document: Document | None = None):
    """The document or instrument whose language versions stand for the text issued on a
    text's path (a `tracker.TextPath`): the document named if it has language versions,
    else the newest document on the path that has them (its DT), else the instrument."""
    if document is not None and SourceText.objects.filter(document=document).exists():
        return document
    on_path = list(
        path.events.exclude(document=None)
        .order_by("-at", "-pk")
        .values_list("document_id", flat=True)
    )
    with_versions = set(
        SourceText.objects.filter(document_id__in=on_path).values_list("document_id", flat=True)
    )
    for document_id in on_path:
        if document_id in with_versions:
            return Document.objects.get(pk=document_id)
    return path.instrument


def gate_current_text(source: SourceText) -> str | None:
    """The current text of the path whose gate checks these language versions, when it
    differs from the text they were made from; None otherwise."""
    instrument_id = source.instrument_id
    if instrument_id is None and source.document_id is not None:
        instrument_id = source.document.instrument_id
    if instrument_id is None:
        return None
    instrument = Instrument.objects.select_related("path").filter(pk=instrument_id).first()
    # The text's path (the tracker's `TextPath`, one per instrument), read through the
    # instrument: the tracker uses this app, not the other way round.
    path = getattr(instrument, "path", None)
    if path is None or path.current_text == source.text:
        return None
    target = language_source(path=path)
    if source_text_of(target) != source:
        return None
    return path.current_text


def translators():
    """The accounts that may be given a translation: translators and the secretariat."""
    return (
        get_user_model().objects.filter(role__in=["translator", "secretariat"]).order_by("username")
    )


def expression_queue(user) -> QuerySet[Expression]:
    """Language versions not yet final, the user's own assignments first."""
    return (
        Expression.objects.exclude(status=Expression.Status.FINAL)
        .select_related("source__instrument", "source__document")
        .prefetch_related("assignments__user")
        .order_by("source_id", "language")
    )


def assignments_of(*, user) -> QuerySet[Assignment]:
    """The user's assignments on language versions not yet final, soonest due first
    (those without a deadline last), with the text they belong to. One query."""
    if user is None or not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(user=user)
        .exclude(expression__status=Expression.Status.FINAL)
        .select_related("expression__source__instrument", "expression__source__document")
        .order_by(F("deadline").asc(nulls_last=True), "expression__source_id", "pk")
    )


@dataclass(frozen=True)
class TextWaiting:
    """A text with language versions not yet final, and which."""

    source: SourceText
    languages: tuple[str, ...]


def texts_waiting_for_languages(*, conference, limit: int = 8) -> tuple[int, list[TextWaiting]]:
    """How many texts of the conference have a language version not yet final, and the
    latest `limit` of them with those languages. Three queries."""
    waiting = Expression.objects.filter(source_id=OuterRef("pk")).exclude(
        status=Expression.Status.FINAL
    )
    sources = SourceText.objects.filter(conference=conference).filter(Exists(waiting))
    total = sources.count()
    shown = list(
        sources.select_related("instrument", "document").order_by("-created", "-pk")[:limit]
    )
    languages: dict[int, list[str]] = {}
    for source_id, language in (
        Expression.objects.filter(source__in=shown)
        .exclude(status=Expression.Status.FINAL)
        .order_by("source_id", "language")
        .values_list("source_id", "language")
    ):
        languages.setdefault(source_id, []).append(language)
    return total, [
        TextWaiting(source=source, languages=tuple(languages.get(source.pk, ())))
        for source in shown
    ]


def expression_get(expression_id: int) -> Expression:
    return Expression.objects.select_related(
        "source__instrument", "source__document", "source__conference"
    ).get(pk=expression_id)


@dataclass
class WorkspaceRow:
    """One provision in the workspace: both sides, the matches and the glossary."""

    eid: str
    kind: str
    depth: int
    label: str
    source: str
    target: str
    origin: str
    revision: int
    score: float
    matches: list[dict] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    source_brackets: str = ""
    target_brackets: str = ""
    failures: list[Failure] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        return self.kind in (Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING, Kind.ANNEX)


def workspace_rows(expression: Expression) -> list[WorkspaceRow]:
    source = expression.source
    units = source_unit_list(source)
    memory = memory_for(
        conference=source.conference,
        source_language=source.language,
        target_language=expression.language,
    )
    glossary = glossary_for(source.conference)
    suggestions = pretranslate([(u.eid, u.text) for u in units], memory, limit=3)
    failures: dict[str, list[Failure]] = {}
    for failure in expression_failures(expression):
        failures.setdefault(failure.eid, []).append(failure)
    rows = []
    for unit, label in labelled(units):
        segment = expression.segments.get(unit.eid) or {}
        target = segment.get("text", "")
        suggestion = suggestions.get(unit.eid)
        matches = []
        if suggestion is not None:
            for match in suggestion.matches:
                matches.append(_match_view(match, unit.text))
        rows.append(
            WorkspaceRow(
                eid=unit.eid,
                kind=unit.kind,
                depth=unit.depth,
                label=label,
                source=unit.text,
                target=target,
                origin=segment.get("origin", Origin.NONE),
                revision=int(segment.get("revision", 0)),
                score=float(segment.get("score", 0.0)),
                matches=matches,
                glossary=[
                    (term.label(source.language), term.label(expression.language))
                    for term in glossary
                    if term.found(source.language, unit.text)
                ],
                source_brackets=bracket_shape(unit.text),
                target_brackets=bracket_shape(target),
                failures=failures.get(unit.eid, []),
            )
        )
    return rows


def _match_view(match: Match, text: str) -> dict:
    return {
        "score": match.score,
        "source": match.source,
        "target": match.target,
        "diff_html": ops_to_html(diff_provision(match.source, normalize(text))),
        "exact": match.exact,
    }


# --- the glossary ---------------------------------------------------------------------


def glossary_terms(conference, *, search: str = "") -> list[GlossaryRow]:
    """The conference's terms in English alphabetical order; `search` keeps those with a
    form or note containing it, in any language (compared case- and space-insensitively)."""
    terms = list(GlossaryRow.objects.filter(conference=conference))
    wanted = " ".join(search.split()).casefold()
    if wanted:
        terms = [
            term
            for term in terms
            if wanted in term.note.casefold()
            or any(wanted in form.casefold() for forms in term.forms.values() for form in forms)
        ]
    terms.sort(key=lambda term: ((term.forms.get("en") or [""])[0].casefold(), term.pk))
    return terms


def glossary_csv(terms, languages: tuple[str, ...] = LANGUAGES) -> str:
    """The glossary as a CSV file that `services.glossary_import` reads back: a column
    for each of the conference's `languages`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*languages, "note"])
    for term in terms:
        writer.writerow(
            [*("; ".join(term.forms.get(code) or []) for code in languages), term.note]
        )
    return out.getvalue()


# --- checks and their waivers ---------------------------------------------------------

CHECKS = ("missing", "numbering", "brackets", "numbers", "glossary", "script", "status", "stale")


@dataclass
class CheckRow:
    """One failed check of a text, and the standing waiver that lets it pass, if any."""

    failure: Failure
    waiver: CheckWaiver | None

    @property
    def waivable(self) -> bool:
        return not (self.failure.check == "missing" and not self.failure.eid)


def check_rows(source: SourceText) -> list[CheckRow]:
    """Every failed check of the text, per language and provision, each with its
    standing waiver; the waived ones still fail, they are just let through."""
    target = source.instrument or source.document
    standing = {
        (w.check_name, w.language, w.eid): w
        for w in source.waivers.filter(withdrawn_at__isnull=True).select_related("waived_by")
    }
    order = {code: n for n, code in enumerate(LANGUAGES)}
    failures = text_failures(target)
    current_text = gate_current_text(source)
    if current_text is not None:
        failures += stale_failures(target, current_text)
    rows = [
        CheckRow(failure, standing.get((failure.check, failure.language, failure.eid)))
        for failure in failures
    ]
    rows.sort(key=lambda row: order.get(row.failure.language, -1))
    return rows


def waiver_source_id(waiver_id: int) -> int | None:
    """The text a waiver is of (for the page to return to), or None."""
    return CheckWaiver.objects.filter(pk=waiver_id).values_list("source_id", flat=True).first()


def waivers_of(source: SourceText) -> list[CheckWaiver]:
    """Every waiver of the text, standing and withdrawn, newest first."""
    return list(
        source.waivers.select_related("waived_by", "withdrawn_by").order_by("-waived_at", "-pk")
    )


# --- the six languages of a document ---------------------------------------------------


@dataclass
class DocumentLanguage:
    """One official language of a document: its file or structured text (a
    `documents.DocumentVersion`) and the translation's language version, if any."""

    language: str
    name: str
    original: bool
    version: object | None
    expression: Expression | None

    @property
    def form(self) -> str:
        """"file", "text", "file_text" or "" when the documents app has nothing."""
        if self.version is None:
            return ""
        has_file, has_text = bool(self.version.file), bool(self.version.text)
        return "file_text" if has_file and has_text else "file" if has_file else "text" if has_text else ""

    @property
    def downloadable(self) -> bool:
        return self.expression is not None and self.expression.status == Expression.Status.FINAL


def document_languages(document) -> list[DocumentLanguage]:
    """The official languages of a document's conference, in their usual order, joining
    the documents app's language versions with the translation's: two queries."""
    rows = getattr(document, "version_rows", None)  # the document page has read them
    versions = {v.language: v for v in (document.versions.all() if rows is None else rows)}
    source = (
        SourceText.objects.filter(document=document).prefetch_related("expressions").first()
    )
    expressions = {e.language: e for e in source.expressions.all()} if source else {}
    original = source.language if source else (document.original_language or "")
    names = dict(Language.choices)
    return [
        DocumentLanguage(
            language=code,
            name=str(names[code]),
            original=code == original,
            version=versions.get(code),
            expression=expressions.get(code),
        )
        for code in languages_of(document.conference)
    ]


def expression_as_text(expression: Expression) -> str:
    """A language version as a text in the instrument format, numbered as the
    original; a draft (with brackets) as one line per provision."""
    units = source_unit_list(expression.source)
    translated = [
        Unit(unit.eid, unit.kind, unit.depth, (expression.segments.get(unit.eid) or {}).get("text", ""))
        for unit in units
    ]
    try:
        return print_instrument(build(translated))
    except ValueError:
        lines = []
        for unit, label in labelled(translated):
            lines.append(f"{'  ' * unit.depth}{label} {unit.text}".rstrip() if label else unit.text)
        return "\n".join(lines) + "\n"


def source_readable(user, source: SourceText) -> bool:
    """Whether the user may read a text sent for translation: a text with no document
    is open; otherwise the access policy decides, and translators read what they
    translate. The pages and the API ask here."""
    if source.document_id is None:
        return True
    return may_translate(actor_for(user)) or document_readable(user, source.document)
