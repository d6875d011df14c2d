"""Writes: source texts and their language versions, pre-translation, saving a
provision, the workflow, the memory and the glossary.

The use cases reach these through `actions.py`, which decides who may; a service assumes
an authorized caller and only writes, refusing what can change under its lock."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.conference.models import Language
from plenipot.engine.crosscheck import Failure
from plenipot.engine.translation_memory import Origin, pretranslate, segment_pairs
from plenipot.translation import selectors
from plenipot.translation.failures import failure_text, source_labels
from plenipot.translation.machine import Adapter
from plenipot.translation.memory_files import read_csv, read_tmx
from plenipot.translation.models import (
    Assignment,
    CheckWaiver,
    Expression,
    GlossaryTerm,
    MemorySegment,
    SourceText,
)

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
ORDER = [
    Expression.Status.PENDING,
    Expression.Status.PRE_TRANSLATED,
    Expression.Status.IN_TRANSLATION,
    Expression.Status.IN_REVISION,
    Expression.Status.FINAL,
]
# Origins a person has not yet looked at: a save or a revision makes them human.
UNREVISED = {Origin.FUZZY, Origin.MACHINE, Origin.NONE}


class StaleSegment(Exception):
    """A save made against an older revision of the provision: nothing was written."""

    def __init__(self, *, eid: str, text: str, revision: int) -> None:
        super().__init__(f"provision {eid} changed since revision {revision}")
        self.eid = eid
        self.text = text
        self.revision = revision


@dataclass(frozen=True)
class SaveResult:
    revision: int
    failures: list[Failure]


@transaction.atomic
def source_text_create(
    *,
    conference,
    text: str,
    instrument=None,
    document=None,
    language: str = "en",
    in_force=None,
) -> SourceText:
    """A text to translate, with a pending version in each other official language."""
    source = SourceText(
        conference=conference,
        instrument=instrument,
        document=document,
        language=language,
        text=text,
        in_force=in_force,
    )
    source.full_clean()
    selectors.source_units(source)  # refuses a text that does not parse
    source.save()
    Expression.objects.bulk_create(
        Expression(source=source, language=code)
        for code in selectors.languages_of(conference)
        if code != language
    )
    return source


@transaction.atomic
def source_text_for_document(*, document) -> SourceText:
    """The language versions of a document that carries a text (a DT, a blue or pink
    document): created pending and pre-translated on first call, returned after."""
    existing = SourceText.objects.filter(document=document).first()
    if existing is not None:
        return existing
    if not getattr(document, "text", ""):
        raise ValidationError(_("This document carries no text to translate."))
    source = source_text_create(
        conference=document.conference,
        document=document,
        text=document.text,
        language=document.original_language or "en",
        in_force=getattr(document, "instrument", None),
    )
    for expression in source.expressions.all():
        expression_pretranslate(expression=expression)
    return source


@transaction.atomic
def expression_fill(
    *, expression: Expression, texts: dict[str, str], status: str, origin: str
) -> Expression:
    """Set a whole language version at once (an agreed text loaded from a file)."""
    units = dict(selectors.source_units(expression.source))
    unknown = sorted(set(texts) - set(units))
    if unknown:
        raise ValidationError(
            _("Provisions not in the source: %(ids)s") % {"ids": ", ".join(unknown)}
        )
    expression.segments = {
        eid: {"text": text, "origin": origin, "revision": 1, "score": 100.0}
        for eid, text in texts.items()
    }
    expression.status = status
    expression.save()
    return expression


@transaction.atomic
def expression_pretranslate(*, expression: Expression) -> dict[str, int]:
    """Fill every provision not yet touched by a person from the text in force and the
    memory; returns how many provisions each origin filled."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    source = expression.source
    units = selectors.source_units(source)
    memory = selectors.memory_for(
        conference=source.conference,
        source_language=source.language,
        target_language=expression.language,
    )
    in_force_source, in_force_target = selectors.in_force_texts(source, expression.language)
    suggestions = pretranslate(
        units, memory, in_force_source=in_force_source, in_force_target=in_force_target
    )
    counts: dict[str, int] = {}
    segments = dict(expression.segments)
    for eid, suggestion in suggestions.items():
        current = segments.get(eid)
        if current and current.get("origin") in (Origin.HUMAN, Origin.IN_FORCE, Origin.EXACT):
            continue
        if suggestion.origin is Origin.NONE:
            continue
        segments[eid] = {
            "text": suggestion.text,
            "origin": suggestion.origin.value,
            "revision": (current or {}).get("revision", 0) + 1,
            "score": suggestion.score,
        }
        counts[suggestion.origin.value] = counts.get(suggestion.origin.value, 0) + 1
    expression.segments = segments
    if expression.status == Expression.Status.PENDING:
        expression.status = Expression.Status.PRE_TRANSLATED
    expression.save()
    return counts


def expression_machine_translate(*, expression: Expression, adapter: Adapter) -> int:
    """Fill empty provisions by machine translation, labelled as not revised.

    The server is asked outside any transaction, so a slow one holds no lock; what it
    answers goes only into provisions still empty when it arrives. A failing server
    raises `MachineTranslationError` and nothing is written."""
    expression = Expression.objects.select_related("source").get(pk=expression.pk)
    units = selectors.source_units(expression.source)
    empty = [
        (eid, text) for eid, text in units if not (expression.segments.get(eid) or {}).get("text")
    ]
    translated = adapter.translate(
        [text for _, text in empty], source=expression.source.language, target=expression.language
    )
    with transaction.atomic():
        expression = Expression.objects.select_for_update().get(pk=expression.pk)
        segments = dict(expression.segments)
        filled = 0
        for (eid, _text), target in zip(empty, translated, strict=True):
            current = segments.get(eid) or {}
            if current.get("text") or not target.strip():
                continue
            segments[eid] = {
                "text": target.strip(),
                "origin": Origin.MACHINE.value,
                "revision": current.get("revision", 0) + 1,
                "score": 0.0,
            }
            filled += 1
        expression.segments = segments
        expression.save()
    return filled


@transaction.atomic
def expression_segment_save(
    *, expression: Expression, user, eid: str, text: str, revision: int
) -> SaveResult:
    """Save one provision of the source (`eid`, which the action has checked), made
    against `revision`, by `user`; a stale save raises `StaleSegment` with the current
    text and writes nothing. Returns the checks for that provision."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    if expression.status == Expression.Status.FINAL:
        raise ValidationError(_("This language version is final; it can no longer be edited."))
    current = expression.segments.get(eid) or {}
    current_revision = int(current.get("revision", 0))
    if int(revision) != current_revision:
        raise StaleSegment(eid=eid, text=current.get("text", ""), revision=current_revision)
    segments = dict(expression.segments)
    segments[eid] = {
        "text": text.strip(),
        "origin": Origin.HUMAN.value,
        "revision": current_revision + 1,
        "score": 0.0,
        "by": user.pk,
    }
    expression.segments = segments
    if expression.status in (Expression.Status.PENDING, Expression.Status.PRE_TRANSLATED):
        expression.status = Expression.Status.IN_TRANSLATION
    expression.save()
    failures = [
        failure for failure in selectors.expression_failures(expression) if failure.eid == eid
    ]
    return SaveResult(revision=current_revision + 1, failures=failures)


@transaction.atomic
def expression_advance(
    *, expression: Expression, user=None, expected: str | None = None
) -> Expression:
    """Move a language version one step on: pending → pre-translated → in translation →
    in revision → final. Final needs every provision translated by a person or taken
    from an agreed text, and the cross-language checks passed.

    `user` moves it on. With `expected` (the status the step was authorized from), a
    version that moved meanwhile is refused rather than moved a step further."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    if expected is not None and expression.status != expected:
        raise ValidationError(_("This language version has changed meanwhile; look again."))
    position = ORDER.index(expression.status)
    if position == len(ORDER) - 1:
        raise ValidationError(_("This language version is already final."))
    target = ORDER[position + 1]
    if target == Expression.Status.FINAL:
        unrevised = [
            eid
            for eid, _text in selectors.source_units(expression.source)
            if (expression.segments.get(eid) or {}).get("origin", Origin.NONE) in UNREVISED
        ]
        if unrevised:
            raise ValidationError(
                _("Not yet revised by a person: %(provisions)s")
                % {"provisions": source_labels(expression.source).names(unrevised[:10])}
            )
        failures = selectors.expression_failures(expression)
        if failures:
            labels = source_labels(expression.source)
            raise ValidationError([failure_text(failure, labels) for failure in failures[:20]])
    expression.status = target
    expression.save()
    if target == Expression.Status.FINAL:
        memory_add_expression(expression=expression)
    return expression


@transaction.atomic
def assignment_create(*, expression: Expression, user, role: str, deadline=None) -> Assignment:
    """Give a language version to a translator or a reviser."""
    assignment = Assignment(expression=expression, user=user, role=role, deadline=deadline)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def glossary_term_create(
    *, conference, forms: dict[str, list[str]], note: str = ""
) -> GlossaryTerm:
    cleaned = {
        code: [form.strip() for form in values if form.strip()] for code, values in forms.items()
    }
    unknown = sorted(set(cleaned) - set(LANGUAGES))
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    term = GlossaryTerm(conference=conference, forms=cleaned, note=note)
    term.full_clean()
    term.save()
    return term


GLOSSARY_MAX_BYTES = 1024 * 1024
GLOSSARY_MAX_TERMS = 5000
GLOSSARY_MAX_FORM = 200
GLOSSARY_MAX_FORMS = 12
# A cell a spreadsheet would run as a formula when the glossary is opened again.
_FORMULA_START = ("=", "+", "-", "@")


def _language_names() -> dict[str, str]:
    return {code: str(label) for code, label in Language.choices}


def glossary_forms_clean(
    forms: dict[str, list[str] | str], languages: tuple[str, ...] = LANGUAGES
) -> dict[str, list[str]]:
    """The forms of a term, checked: every official language of the conference
    (`languages`), each with at least one form; a string holds several forms separated
    by semicolons. Raises `ValidationError` whose message names each language that is
    wrong."""
    names = _language_names()
    unknown = sorted(set(forms) - set(languages))
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    cleaned: dict[str, list[str]] = {}
    errors: list[str] = []
    for code in languages:
        raw = forms.get(code) or []
        values = raw.split(";") if isinstance(raw, str) else list(raw)
        values = [" ".join(str(value).split()) for value in values]
        values = list(dict.fromkeys(value for value in values if value))
        if not values:
            errors.append(_("%(language)s: the term is missing.") % {"language": names[code]})
            continue
        if len(values) > GLOSSARY_MAX_FORMS:
            errors.append(
                _("%(language)s: at most %(max)s forms.")
                % {"language": names[code], "max": GLOSSARY_MAX_FORMS}
            )
        for value in values:
            if len(value) > GLOSSARY_MAX_FORM:
                errors.append(
                    _("%(language)s: a form is longer than %(max)s characters.")
                    % {"language": names[code], "max": GLOSSARY_MAX_FORM}
                )
            elif value.startswith(_FORMULA_START):
                errors.append(
                    _("%(language)s: a form may not start with %(char)s.")
                    % {"language": names[code], "char": value[0]}
                )
            elif ";" in value:
                errors.append(
                    _("%(language)s: a form may not hold a semicolon, which separates forms.")
                    % {"language": names[code]}
                )
            elif any(ord(char) < 32 for char in value):
                errors.append(
                    _("%(language)s: a form holds a control character.")
                    % {"language": names[code]}
                )
        cleaned[code] = values
    if errors:
        raise ValidationError(errors)
    return cleaned


def glossary_key_language(conference) -> str:
    """The language a term is known by, one term per form: English, or the conference's
    first language when it does not work in English."""
    languages = selectors.languages_of(conference)
    return "en" if "en" in languages else languages[0]


def _same_term(conference, forms: dict[str, list[str]], exclude=None) -> GlossaryTerm | None:
    key = glossary_key_language(conference)
    wanted = forms[key][0].casefold()
    terms = GlossaryTerm.objects.filter(conference=conference)
    if exclude is not None:
        terms = terms.exclude(pk=exclude.pk)
    for term in terms:
        if (term.forms.get(key) or [""])[0].casefold() == wanted:
            return term
    return None


@transaction.atomic
def glossary_term_save(
    *, conference, forms: dict[str, list[str] | str], note: str = "", term=None
) -> GlossaryTerm:
    """Add a term, or change `term`: every official language required, one term per
    form in the key language (English, when the conference works in it)."""
    cleaned = glossary_forms_clean(forms, selectors.languages_of(conference))
    note = " ".join(note.split())
    if len(note) > 300:
        raise ValidationError(_("The note is longer than 300 characters."))
    if term is not None and term.conference_id != conference.pk:
        raise ValidationError(_("This term belongs to another conference."))
    other = _same_term(conference, cleaned, exclude=term)
    if other is not None:
        raise ValidationError(
            _("“%(term)s” is already in the glossary.")
            % {"term": cleaned[glossary_key_language(conference)][0]}
        )
    if term is None:
        term = GlossaryTerm(conference=conference)
    term.forms = cleaned
    term.note = note
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def glossary_term_delete(*, term: GlossaryTerm) -> None:
    term.delete()


@dataclass(frozen=True)
class GlossaryImport:
    created: int
    updated: int


@transaction.atomic
def glossary_import(*, conference, data: bytes) -> GlossaryImport:
    """Terms from a CSV file whose first line names the six languages (in any order)
    and optionally ``note``; a cell holds one form or several separated by semicolons.
    A term whose English form is already in the glossary is replaced. Every line is
    checked before anything is written: one bad line and nothing changes."""
    if len(data) > GLOSSARY_MAX_BYTES:
        raise ValidationError(
            _("The file is over %(max)s KB.") % {"max": GLOSSARY_MAX_BYTES // 1024}
        )
    if b"\x00" in data:
        raise ValidationError(_("The file holds NUL bytes: it is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text (byte %(byte)s).") % {"byte": exc.start}
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ValidationError(_("The file cannot be read as CSV: %(error)s") % {"error": exc}) from None
    languages = selectors.languages_of(conference)
    key_language = glossary_key_language(conference)
    expected = set(languages)
    columns = set(header) - {"note"}
    if len(header) != len(set(header)) or columns != expected:
        missing = sorted(expected - columns)
        extra = sorted(columns - expected)
        detail = []
        if missing:
            detail.append(_("missing %(codes)s") % {"codes": ", ".join(missing)})
        if extra:
            detail.append(_("unknown %(codes)s") % {"codes": ", ".join(extra)})
        if len(header) != len(set(header)):
            detail.append(_("a column named twice"))
        if expected == set(LANGUAGES):
            raise ValidationError(
                _(
                    "The first line must name the six languages ar, zh, en, fr, ru, es, and may add note (%(detail)s)."
                )
                % {"detail": "; ".join(detail)}
            )
        raise ValidationError(
            _(
                "The first line must name the conference's languages %(codes)s, and may add note (%(detail)s)."
            )
            % {"codes": ", ".join(languages), "detail": "; ".join(detail)}
        )
    rows: list[tuple[int, dict[str, list[str]], str]] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= GLOSSARY_MAX_TERMS:
                raise ValidationError(
                    _("The file holds more than %(max)s terms.") % {"max": GLOSSARY_MAX_TERMS}
                )
            if len(row) != len(header):
                raise ValidationError(
                    _("Line %(line)s: %(count)s columns, expected %(expected)s.")
                    % {"line": number, "count": len(row), "expected": len(header)}
                )
            cells = dict(zip(header, row, strict=True))
            note = cells.pop("note", "")
            try:
                forms = glossary_forms_clean(cells, languages)
            except ValidationError as exc:
                raise ValidationError(
                    _("Line %(line)s: %(errors)s")
                    % {"line": number, "errors": " ".join(exc.messages)}
                ) from None
            if len(" ".join(note.split())) > 300:
                raise ValidationError(
                    _("Line %(line)s: the note is longer than 300 characters.") % {"line": number}
                )
            key = forms[key_language][0].casefold()
            if key in seen:
                raise ValidationError(
                    _("Line %(line)s: “%(term)s” is already on line %(first)s.")
                    % {"line": number, "term": forms[key_language][0], "first": seen[key]}
                )
            seen[key] = number
            rows.append((number, forms, " ".join(note.split())))
    except csv.Error as exc:
        raise ValidationError(_("The file cannot be read as CSV: %(error)s") % {"error": exc}) from None
    if not rows:
        raise ValidationError(_("The file holds no terms."))
    existing = {
        (term.forms.get(key_language) or [""])[0].casefold(): term
        for term in GlossaryTerm.objects.filter(conference=conference)
    }
    created = updated = 0
    for _number, forms, note in rows:
        term = existing.get(forms[key_language][0].casefold())
        if term is None:
            GlossaryTerm.objects.create(conference=conference, forms=forms, note=note)
            created += 1
        else:
            term.forms = forms
            term.note = note
            term.save()
            updated += 1
    return GlossaryImport(created=created, updated=updated)


@transaction.atomic
def memory_add_expression(*, expression: Expression) -> int:
    """Add a final language version's provisions and sentences to the memory."""
    source = expression.source
    source_texts = dict(selectors.source_units(source))
    target_texts = {eid: seg.get("text", "") for eid, seg in expression.segments.items()}
    reference = str(source)[:200]
    rows = [
        MemorySegment(
            conference=source.conference,
            source_language=source.language,
            target_language=expression.language,
            source=left,
            target=right,
            origin=MemorySegment.Origin.ADOPTED,
            reference=reference,
        )
        for left, right in segment_pairs(source_texts, target_texts)
    ]
    MemorySegment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def memory_import(
    *, conference, data: bytes, kind: str, reference: str = "", max_bytes: int | None = None
) -> int:
    """Import a TMX or CSV memory file; raises `MemoryFileError` with the reason."""
    pairs = (
        read_tmx(data, max_bytes=max_bytes)
        if kind == "tmx"
        else read_csv(data, max_bytes=max_bytes)
    )
    origin = MemorySegment.Origin.TMX if kind == "tmx" else MemorySegment.Origin.CSV
    MemorySegment.objects.bulk_create(
        (
            MemorySegment(
                conference=conference,
                source_language=pair.source_language,
                target_language=pair.target_language,
                source=pair.source,
                target=pair.target,
                origin=origin,
                reference=reference[:200],
            )
            for pair in pairs
        ),
        batch_size=1000,
    )
    return len(pairs)



@transaction.atomic
def check_waive(
    *, source: SourceText, user, check: str, language: str, eid: str, reason: str
) -> CheckWaiver:
    """Let one failed check pass, on a chair's decision with its reason on record.

    A language with no version at all cannot be waived: the six languages are equal.
    Waiving a check already waived replaces the reason; withdrawn waivers stay on record.
    `user` is the one who waives it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A waiver needs its reason."))
    if len(reason) > 2000:
        raise ValidationError(_("The reason is longer than 2000 characters."))
    if check not in selectors.CHECKS:
        raise ValidationError(_("There is no check named %(check)s.") % {"check": check or "?"})
    if check == "missing" and not eid:
        raise ValidationError(_("A missing language cannot be waived."))
    if language not in selectors.languages_of(source.conference) or language == source.language:
        raise ValidationError(
            _("%(language)s is not a language this text is translated into.")
            % {"language": language or "?"}
        )
    waiver = (
        CheckWaiver.objects.select_for_update()
        .filter(
            source=source, check_name=check, language=language, eid=eid, withdrawn_at__isnull=True
        )
        .first()
    )
    if waiver is None:
        waiver = CheckWaiver(source=source, check_name=check, language=language, eid=eid)
    waiver.reason = reason
    waiver.waived_by = user
    waiver.save()
    return waiver


@transaction.atomic
def check_waiver_withdraw(*, waiver: CheckWaiver, user) -> CheckWaiver:
    """Take a waiver back: the check counts again; who withdrew it (`user`) and when is
    kept."""
    waiver = CheckWaiver.objects.select_for_update().get(pk=waiver.pk)
    if waiver.withdrawn_at is not None:
        raise ValidationError(_("This waiver was already withdrawn."))

    waiver.withdrawn_at = timezone.now()
    waiver.withdrawn_by = user
    waiver.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return waiver
