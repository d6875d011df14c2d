"""The six languages' use cases, one entry point each for the pages and the command line.

An action looks up what it is given (a text the actor may not read answers like one
that does not exist), authorizes with ``permissions``, validates, and calls the
service, which only writes. The service takes the row lock and refuses what can change
under it (a save made against an older revision, a version made final meanwhile); who
may do it is decided here, once.
"""

from __future__ import annotations

import datetime
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from plenipot.core.actor import Actor
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.documents.access import access_document
from plenipot.translation import permissions, selectors, services
from plenipot.translation.machine import Adapter, MachineTranslationError, configured_adapter
from plenipot.translation.memory_files import MAX_BYTES as MEMORY_MAX_BYTES
from plenipot.translation.memory_files import MemoryFileError
from plenipot.translation.models import (
    Assignment,
    CheckWaiver,
    Expression,
    GlossaryTerm,
    SourceText,
)


def _signed_in(actor: Actor) -> None:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))


def _readable(actor: Actor, source: SourceText) -> bool:
    return actor.system or selectors.source_readable(actor.user, source)


def access_source_for_actor(actor: Actor, source_id: int) -> SourceText:
    """The text sent for translation, if the actor may read it; absent and unreadable
    answer alike."""
    source = (
        SourceText.objects.select_related("instrument", "document", "conference")
        .filter(pk=source_id)
        .first()
    )
    if source is None or not _readable(actor, source):
        raise NotFound(_("There is no such text."))
    return source


def access_expression_for_actor(actor: Actor, expression_id: int) -> Expression:
    """A language version of a text the actor may read; absent and unreadable alike."""
    try:
        expression = selectors.expression_get(expression_id)
    except Expression.DoesNotExist:
        raise NotFound(_("There is no such language version.")) from None
    if not _readable(actor, expression.source):
        raise NotFound(_("There is no such language version."))
    return expression


def _work_on(actor: Actor, expression: Expression) -> None:
    """Translators and the secretariat, or whoever is assigned to this version."""
    assigned = set(expression.assignments.values_list("user_id", flat=True))
    if not permissions.may_work_on(actor, assigned):
        raise Forbidden(
            _("Only translators, revisers and the secretariat may change translations.")
        )


# --- sending a text for translation and assigning it ---------------------------------------


def check_document_translation_start(actor: Actor, *, document_id: int) -> SourceText:
    """The secretariat sends a document's text for translation: a language version per
    official language, pre-translated; a second time returns the same versions."""
    _signed_in(actor)
    try:
        document = access_document(actor.user, document_id)
    except Http404:
        raise NotFound(_("There is no such document.")) from None
    if not permissions.may_assign(actor):
        raise Forbidden(_("Only the secretariat sends texts for translation."))
    return services.source_text_for_document(document=document)


def _deadline(value: datetime.datetime | str | None) -> datetime.datetime | None:
    if not isinstance(value, str):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        deadline = parse_datetime(value)
    except ValueError:
        deadline = None
    if deadline is None:
        raise Invalid(_("The deadline is not a date and time."))
    return timezone.make_aware(deadline) if timezone.is_naive(deadline) else deadline


def check_assignment_create(
    actor: Actor,
    *,
    source_id: int,
    language: str,
    user_id: int | str | None,
    role: str,
    deadline: datetime.datetime | str | None = None,
) -> Assignment:
    """The secretariat gives a language version of a readable text to a translator or a
    reviser; `deadline` as a date and time or as the form sends it (empty for none)."""
    _signed_in(actor)
    source = access_source_for_actor(actor, source_id)
    if not permissions.may_assign(actor):
        raise Forbidden(_("Only the secretariat assigns translations."))
    expression = source.expressions.filter(language=language or "").first()
    person = None
    if str(user_id or "").isdigit():
        person = get_user_model().objects.filter(pk=int(user_id)).first()
    if expression is None or person is None:
        raise Invalid(_("Choose a language and a person."))
    return services.assignment_create(
        expression=expression, user=person, role=role, deadline=_deadline(deadline)
    )


# --- working on a language version ----------------------------------------------------------


def check_segment_save(
    actor: Actor, *, expression_id: int, eid: str, text: str, revision: int | str | None
) -> services.SaveResult:
    """Save one provision, made against `revision`. A stale save is a ``Conflict``
    carrying the current text and revision, and writes nothing."""
    _signed_in(actor)
    expression = access_expression_for_actor(actor, expression_id)
    _work_on(actor, expression)
    try:
        revision = int(revision)
    except (TypeError, ValueError):
        raise Invalid(_("The revision is missing.")) from None
    if eid not in dict(selectors.source_units(expression.source)):
        raise Invalid(_("Provision %(eid)s is not in the source text.") % {"eid": eid})
    try:
        return services.expression_segment_save(
            expression=expression, user=actor.user, eid=eid, text=text or "", revision=revision
        )
    except services.StaleSegment as stale:
        raise Conflict(
            _(
                "Someone else saved this provision first. Their text is shown; yours is kept in the box."
            ),
            text=stale.text,
            revision=stale.revision,
        ) from None


def check_expression_advance(actor: Actor, *, expression_id: int) -> Expression:
    """Move a language version one step on; with revisers assigned, only one of them (or
    the secretariat) takes the last step, to final."""
    _signed_in(actor)
    expression = access_expression_for_actor(actor, expression_id)
    _work_on(actor, expression)
    if expression.status == Expression.Status.IN_REVISION:
        revisers = [
            a.user_id for a in expression.assignments.all() if a.role == Assignment.Role.REVISER
        ]
        if not permissions.may_make_final(actor, revisers):
            raise Forbidden(_("Only the assigned reviser makes this version final."))
    # The step authorized is the one from the status read here.
    return services.expression_advance(
        expression=expression, user=actor.user, expected=expression.status
    )


def check_expression_pretranslate(actor: Actor, *, expression_id: int) -> dict[str, int]:
    """Fill what no person has touched from the text in force and the memory."""
    _signed_in(actor)
    expression = access_expression_for_actor(actor, expression_id)
    _work_on(actor, expression)
    return services.expression_pretranslate(expression=expression)


def check_expression_machine_translate(
    actor: Actor, *, expression_id: int, adapter: Adapter | None = None
) -> int:
    """Fill empty provisions by machine translation (the configured server unless
    `adapter` is given); returns how many were filled."""
    _signed_in(actor)
    expression = access_expression_for_actor(actor, expression_id)
    _work_on(actor, expression)
    adapter = adapter or configured_adapter()
    if adapter is None:
        raise Invalid(_("Machine translation is not configured."))
    try:
        return services.expression_machine_translate(expression=expression, adapter=adapter)
    except MachineTranslationError as exc:
        raise Invalid(str(exc)) from None


# --- the memory ----------------------------------------------------------------------------


def authorize_memory_import(actor: Actor) -> None:
    """Whether the actor may import memory files (the page's form asks before it shows)."""
    _signed_in(actor)
    if not permissions.may_translate(actor):
        raise Forbidden(_("Only translators and the secretariat import translation memory."))


def check_memory_import(
    actor: Actor,
    *,
    conference,
    data: bytes | BinaryIO | None,
    kind: str,
    reference: str = "",
    max_bytes: int | None = None,
) -> int:
    """Import a TMX or CSV memory file (bytes, or a file read here up to the limit)
    into the conference's memory; returns how many segments."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("There is no such conference."))
    authorize_memory_import(actor)
    if data is None:
        raise Invalid(_("Choose a TMX or CSV file."))
    if hasattr(data, "read"):
        data = data.read((max_bytes or MEMORY_MAX_BYTES) + 1)
    try:
        return services.memory_import(
            conference=conference,
            data=data,
            kind="csv" if kind == "csv" else "tmx",
            reference=reference,
            max_bytes=max_bytes,
        )
    except MemoryFileError as exc:
        raise Invalid(_("The file was refused: %(reason)s") % {"reason": exc}) from None


# --- the glossary --------------------------------------------------------------------------


def _term(term_id: int) -> GlossaryTerm:
    term = GlossaryTerm.objects.select_related("conference").filter(pk=term_id).first()
    if term is None:
        raise NotFound(_("There is no such term."))
    return term


def _glossary_editor(actor: Actor) -> None:
    if not permissions.may_edit_glossary(actor):
        raise Forbidden(_("Only the secretariat edits the glossary."))


def glossary_term_for_editing(actor: Actor, *, term_id: int) -> GlossaryTerm:
    """The term, for the form that changes it: the secretariat only."""
    _signed_in(actor)
    term = _term(term_id)
    _glossary_editor(actor)
    return term


def check_glossary_term_save(
    actor: Actor,
    *,
    conference,
    forms: dict[str, list[str] | str],
    note: str = "",
    term_id: int | None = None,
) -> GlossaryTerm:
    """Add a term to the conference's glossary, or change the term `term_id`: every
    official language required, one term per form in the key language."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("There is no such conference."))
    term = _term(term_id) if term_id is not None else None
    _glossary_editor(actor)
    return services.glossary_term_save(conference=conference, forms=forms, note=note, term=term)


def check_glossary_term_delete(actor: Actor, *, term_id: int) -> GlossaryTerm:
    """Delete a term; returns it, as it was."""
    _signed_in(actor)
    term = _term(term_id)
    _glossary_editor(actor)
    services.glossary_term_delete(term=term)
    return term


def check_glossary_import(
    actor: Actor, *, conference, data: bytes | BinaryIO | None
) -> services.GlossaryImport:
    """Import terms from a CSV file (bytes, or a file read here up to the limit): every
    line checked first, one bad line and nothing is written."""
    _signed_in(actor)
    if conference is None:
        raise NotFound(_("There is no such conference."))
    _glossary_editor(actor)
    if data is None:
        raise Invalid(_("Choose a CSV file."))
    if hasattr(data, "read"):
        data = data.read(services.GLOSSARY_MAX_BYTES + 1)
    return services.glossary_import(conference=conference, data=data)


# --- checks and waivers --------------------------------------------------------------------


def check_waiver_create(
    actor: Actor, *, source_id: int, check: str, language: str, eid: str, reason: str
) -> CheckWaiver:
    """A chair or the secretariat lets one failing check of a readable text pass, with
    the reason on record."""
    _signed_in(actor)
    source = access_source_for_actor(actor, source_id)
    if not permissions.may_waive(actor):
        raise Forbidden(_("Only a chair or the secretariat may waive a check."))
    failing = {
        (row.failure.check, row.failure.language, row.failure.eid)
        for row in selectors.check_rows(source)
    }
    if (check, language, eid) not in failing:
        raise Invalid(_("This check does not fail any more: there is nothing to waive."))
    return services.check_waive(
        source=source, user=actor.user, check=check, language=language, eid=eid, reason=reason
    )


def check_waiver_withdraw(actor: Actor, *, waiver_id: int) -> CheckWaiver:
    """Take a waiver back: the check counts again."""
    _signed_in(actor)
    waiver = (
        CheckWaiver.objects.select_related("source__document").filter(pk=waiver_id).first()
    )
    if waiver is None or not _readable(actor, waiver.source):
        raise NotFound(_("There is no such waiver."))
    if not permissions.may_waive(actor):
        raise Forbidden(_("Only a chair or the secretariat may withdraw a waiver."))
    return services.check_waiver_withdraw(waiver=waiver, user=actor.user)
