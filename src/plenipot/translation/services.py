"""Writes: source texts and their language versions, pre-translation, saving a
provision, the workflow, the memory and the glossary."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.engine.crosscheck import Failure
from plenipot.engine.translation_memory import Origin, pretranslate, segment_pairs
from plenipot.translation import selectors
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


def may_translate(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_staff or getattr(user, "role", "") in ("translator", "secretariat"))
    )


def _require_translator(user, expression: Expression) -> None:
    if may_translate(user) or expression.assignments.filter(user=user).exists():
        return
    raise PermissionDenied(
        _("Only translators, revisers and the secretariat may change translations.")
    )


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
        Expression(source=source, language=code) for code in LANGUAGES if code != language
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
def expression_pretranslate(*, expression: Expression, user=None) -> dict[str, int]:
    """Fill every provision not yet touched by a person from the text in force and the
    memory; returns how many provisions each origin filled."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    if user is not None:
        _require_translator(user, expression)
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


@transaction.atomic
def expression_machine_translate(*, expression: Expression, adapter: Adapter, user=None) -> int:
    """Fill empty provisions by machine translation, labelled as not revised."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    if user is not None:
        _require_translator(user, expression)
    units = selectors.source_units(expression.source)
    empty = [
        (eid, text) for eid, text in units if not (expression.segments.get(eid) or {}).get("text")
    ]
    translated = adapter.translate(
        [text for _, text in empty], source=expression.source.language, target=expression.language
    )
    segments = dict(expression.segments)
    for (eid, _text), target in zip(empty, translated, strict=True):
        revision = (segments.get(eid) or {}).get("revision", 0) + 1
        segments[eid] = {
            "text": target,
            "origin": Origin.MACHINE.value,
            "revision": revision,
            "score": 0.0,
        }
    expression.segments = segments
    expression.save()
    return len(empty)


@transaction.atomic
def expression_segment_save(
    *, expression: Expression, user, eid: str, text: str, revision: int
) -> SaveResult:
    """Save one provision, made against `revision`; a stale save raises `StaleSegment`
    with the current text and writes nothing. Returns the checks for that provision."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    _require_translator(user, expression)
    if expression.status == Expression.Status.FINAL:
        raise ValidationError(_("This language version is final; it can no longer be edited."))
    units = dict(selectors.source_units(expression.source))
    if eid not in units:
        raise ValidationError(_("Provision %(eid)s is not in the source text.") % {"eid": eid})
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
def expression_advance(*, expression: Expression, user) -> Expression:
    """Move a language version one step on: pending → pre-translated → in translation →
    in revision → final. Final needs every provision translated by a person or taken
    from an agreed text, and the cross-language checks passed."""
    expression = Expression.objects.select_for_update().get(pk=expression.pk)
    _require_translator(user, expression)
    position = ORDER.index(expression.status)
    if position == len(ORDER) - 1:
        raise ValidationError(_("This language version is already final."))
    target = ORDER[position + 1]
    if target == Expression.Status.FINAL:
        revisers = [
            a.user_id for a in expression.assignments.all() if a.role == Assignment.Role.REVISER
        ]
        is_secretariat = user.is_staff or getattr(user, "role", "") == "secretariat"
        if revisers and user.pk not in revisers and not is_secretariat:
            raise PermissionDenied(_("Only the assigned reviser makes this version final."))
        unrevised = [
            eid
            for eid, _text in selectors.source_units(expression.source)
            if (expression.segments.get(eid) or {}).get("origin", Origin.NONE) in UNREVISED
        ]
        if unrevised:
            raise ValidationError(
                _("Not yet revised by a person: %(ids)s") % {"ids": ", ".join(unrevised[:10])}
            )
        failures = selectors.expression_failures(expression)
        if failures:
            raise ValidationError([str(failure) for failure in failures[:20]])
    expression.status = target
    expression.save()
    if target == Expression.Status.FINAL:
        memory_add_expression(expression=expression)
    return expression


@transaction.atomic
def assignment_create(
    *, expression: Expression, user, role: str, deadline=None, assigned_by=None
) -> Assignment:
    """Give a language version to a translator or a reviser; the secretariat assigns."""
    if assigned_by is not None and not (
        assigned_by.is_staff or getattr(assigned_by, "role", "") == "secretariat"
    ):
        raise PermissionDenied(_("Only the secretariat assigns translations."))
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


def expressions_check(*, instrument_or_document) -> list[Failure]:
    """For the Editorial Committee's gate: every failure keeping this text from being
    issued in six languages, less those a chair has waived. Empty means all six are
    present, final and aligned."""
    failures = selectors.text_failures(instrument_or_document)
    source = selectors.source_text_of(instrument_or_document)
    if source is None:
        return failures
    waived = set(source.waivers.values_list("check_name", "language", "eid"))
    return [f for f in failures if (f.check, f.language, f.eid) not in waived]


@transaction.atomic
def check_waive(
    *, source: SourceText, user, check: str, language: str, eid: str, reason: str
) -> CheckWaiver:
    """Let one failed check pass, on a chair's decision with its reason on record.

    A language with no version at all cannot be waived: the six languages are equal."""
    if not (user.is_staff or getattr(user, "role", "") in ("chair", "secretariat")):
        raise PermissionDenied(_("Only a chair or the secretariat may waive a check."))
    if not reason.strip():
        raise ValidationError(_("A waiver needs its reason."))
    if check == "missing" and not eid:
        raise ValidationError(_("A missing language cannot be waived."))
    waiver, _created = CheckWaiver.objects.update_or_create(
        source=source,
        check_name=check,
        language=language,
        eid=eid,
        defaults={"reason": reason.strip(), "waived_by": user},
    )
    return waiver
