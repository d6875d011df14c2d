"""Changing documents and proposals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plenipot.accounts.models import AuditEntry, DocumentRelease, User
from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Organisation
from plenipot.documents import permissions
from plenipot.documents.files import upload_limits
from plenipot.documents.models import (
    Allocation,
    Document,
    DocumentReturn,
    DocumentVersion,
    Proposal,
)
from plenipot.documents.symbol_errors import symbol_error_text
from plenipot.engine import ParseError, flatten, parse_instrument
from plenipot.engine.symbols import Series, Symbol, SymbolError, parse_key
from plenipot.formats.safety import FormatError, Limits, check_size, open_docx

#: Document kinds by series, for documents the services number themselves.
_KIND_OF_SERIES = {
    Series.DT: Document.Kind.TEMPORARY,
    Series.ADM: Document.Kind.ADMINISTRATIVE,
    Series.INF: Document.Kind.INFORMATION,
    Series.DL: Document.Kind.TEMPORARY,
    Series.BLUE: Document.Kind.OUTPUT,
    Series.PINK: Document.Kind.OUTPUT,
}


@transaction.atomic
def document_create(
    *,
    conference: Conference,
    number: str,
    kind: str,
    title: str,
    date: datetime.date,
    addendum: int = 0,
    revision: int = 0,
    sources: Iterable[Organisation] = (),
    original_language: str = "en",
    body: Body | None = None,
    parent: Document | None = None,
    source_body: Body | None = None,
    source_secretariat: bool = False,
    instrument: Model | None = None,
    text: str = "",
) -> Document:
    if body is not None and body.conference_id != conference.pk:
        raise ValidationError(_("The body belongs to another conference."))
    try:
        series, sequence = parse_key(str(number))
    except SymbolError as exc:
        raise ValidationError(
            _("Malformed document number %(number)r: %(reason)s")
            % {"number": str(number), "reason": symbol_error_text(exc)}
        ) from None
    document = Document(
        conference=conference,
        number=str(number),
        series=series.value,
        sequence=sequence,
        addendum=addendum or 0,
        revision=revision or 0,
        kind=kind,
        title=title,
        date=date,
        original_language=original_language,
        body=body,
        parent=parent,
        source_body=source_body,
        source_secretariat=source_secretariat,
        instrument=instrument,
        text=text,
    )
    _refuse_duplicate(document)
    document.full_clean()
    document.save()
    sources = list(sources)
    if sources:
        document.sources.set(sources)
    return document


def _refuse_duplicate(document: Document) -> None:
    taken = Document.objects.filter(
        conference_id=document.conference_id,
        number=document.number,
        addendum=document.addendum,
        revision=document.revision,
        corrigendum=document.corrigendum,
    ).exclude(pk=document.pk)
    if document.number and taken.exists():
        raise ValidationError(
            _("%(symbol)s already exists; a number is given only once.")
            % {"symbol": document.symbol}
        )


@transaction.atomic
def document_submit(
    *,
    conference: Conference,
    submitted_by,
    title: str,
    sources: Iterable[Organisation] = (),
    original_language: str = "en",
    text: str = "",
    now: datetime.datetime | None = None,
) -> Document:
    """A delegation submits an input document; the secretariat will number it.

    After the submission deadline it is received as late (`documents.selectors.
    document_is_late`), for the secretariat to accept by registering it or to return
    with a reason. A delegate submits for their own Member State or for a regional
    organisation it belongs to.
    """
    now = now or clock.now(conference)
    sources = list(sources)
    actor = actor_for(submitted_by)
    if not permissions.may_submit_document(actor, conference.pk):
        raise ValidationError(_("Only a delegation or the secretariat may submit documents."))
    if not actor.is_secretariat:
        own = submitted_by.person.delegation.organisation
        if not sources:
            sources = [own]
        for source in sources:
            if source.pk != own.pk and not source.members.filter(pk=own.pk).exists():
                raise ValidationError(
                    _("%(state)s cannot submit on behalf of %(source)s.")
                    % {"state": own.local_name(), "source": source.local_name()}
                )
    if not title.strip():
        raise ValidationError(_("A document needs a title."))
    document = Document(
        conference=conference,
        number="",
        kind=Document.Kind.INPUT,
        title=title,
        date=timezone.localdate(now, clock.zone_of(conference)),
        original_language=original_language,
        status=Document.Status.SUBMITTED,
        text=text,
        submitted_by=submitted_by,
        submitted_at=now,
    )
    document.full_clean()
    document.save()
    if sources:
        document.sources.set(sources)
    return document


@transaction.atomic
def document_register(*, document: Document, registered_by, number: str | None = None) -> Document:
    """The secretariat registers a submission and gives it the next free number."""
    if not permissions.may_register_document(actor_for(registered_by)):
        raise ValidationError(_("Only the secretariat registers documents."))
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.SUBMITTED:
        raise ValidationError(_("Only a submission awaiting registration can be registered."))
    if number is None:
        series, sequence = Series.MAIN, _next_in_series(document.conference_id, Series.MAIN)
    else:
        try:
            series, sequence = parse_key(str(number))
        except SymbolError as exc:
            raise ValidationError(
                _("Malformed document number %(number)r: %(reason)s")
                % {"number": number, "reason": symbol_error_text(exc)}
            ) from None
    document.number = str(sequence) if series == Series.MAIN else f"{series.value}/{sequence}"
    document.series, document.sequence = series.value, sequence
    document.status = Document.Status.REGISTERED
    _refuse_duplicate(document)
    document.save(update_fields=["number", "series", "sequence", "status"])
    return document


@transaction.atomic
def document_return(*, document: Document, returned_by, reason: str) -> Document:
    """The secretariat returns a submission to its sources instead of registering it
    (a late one it does not accept, one out of the conference's scope), with the reason
    they will read on their submission's page."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.SUBMITTED:
        raise ValidationError(_("Only a submission awaiting registration can be returned."))
    document.status = Document.Status.RETURNED
    document.save(update_fields=["status"])
    DocumentReturn.objects.create(
        document=document,
        reason=reason,
        returned_by=returned_by,
        returned_at=clock.now(document.conference),
    )
    return document


def _next_in_series(conference_id: int, series: Series) -> int:
    top = Document.objects.filter(conference_id=conference_id, series=series.value).aggregate(
        top=Max("sequence")
    )["top"]
    return (top or 0) + 1


@transaction.atomic
def document_create_child(
    *,
    parent: Document,
    relation: str,
    title: str = "",
    text: str = "",
    date: datetime.date | None = None,
) -> Document:
    """A revision, an addendum or a corrigendum of a registered document."""
    if not parent.number:
        raise ValidationError(_("An unregistered submission cannot have revisions or addenda."))
    siblings = Document.objects.filter(conference_id=parent.conference_id, number=parent.number)
    child = Document(
        conference_id=parent.conference_id,
        number=parent.number,
        series=parent.series,
        sequence=parent.sequence,
        kind=parent.kind,
        title=title or parent.title,
        date=date or clock.today(parent.conference),
        original_language=parent.original_language,
        body=parent.body,
        parent=parent,
        source_body=parent.source_body,
        source_secretariat=parent.source_secretariat,
        instrument=parent.instrument,
        text=text,
    )
    if relation == "revision":
        child.addendum = parent.addendum
        child.revision = (
            siblings.filter(addendum=parent.addendum, corrigendum=0).aggregate(top=Max("revision"))[
                "top"
            ]
            or 0
        ) + 1
    elif relation == "addendum":
        child.addendum = (siblings.aggregate(top=Max("addendum"))["top"] or 0) + 1
    elif relation == "corrigendum":
        child.revision = parent.revision
        child.corrigendum = (
            siblings.filter(revision=parent.revision).aggregate(top=Max("corrigendum"))["top"] or 0
        ) + 1
    else:
        raise ValidationError(
            _("Unknown relation %(relation)r: revision, addendum or corrigendum.")
            % {"relation": relation}
        )
    _refuse_duplicate(child)
    child.full_clean()
    child.save()
    child.sources.set(parent.sources.all())
    return child


def _original_language(conference: Conference) -> str:
    """What the bodies draft in: English where the conference works in it, else its
    first language."""
    languages = conference.language_codes
    return "en" if "en" in languages else languages[0]


@transaction.atomic
def document_create_temporary(
    *,
    body: Body,
    title: str,
    author_user,
    text: str,
    parent: Document | None = None,
    instrument: Model | None = None,
    at: datetime.datetime | None = None,
) -> Document:
    """A body's temporary document: DT/n, or the next revision DT/n(Rev.k) of `parent`.

    The drafting room calls this for a draft's snapshots.
    """
    conference_id = body.conference_id
    if parent is not None:
        if parent.conference_id != conference_id or parent.series != Series.DT.value:
            raise ValidationError(_("A DT revision needs a DT of the same conference."))
        top = Document.objects.filter(conference_id=conference_id, number=parent.number).aggregate(
            top=Max("revision")
        )["top"]
        number, sequence, revision = parent.number, parent.sequence, (top or 0) + 1
        instrument = instrument or parent.instrument
    else:
        sequence = _next_in_series(conference_id, Series.DT)
        number, revision = f"DT/{sequence}", 0
    document = Document(
        conference_id=conference_id,
        number=number,
        series=Series.DT.value,
        sequence=sequence,
        revision=revision,
        kind=Document.Kind.TEMPORARY,
        title=title,
        date=timezone.localdate(at) if at else clock.today(body.conference),
        original_language=_original_language(body.conference),
        body=body,
        source_body=body,
        parent=parent,
        instrument=instrument,
        text=text,
        submitted_by=author_user,
        submitted_at=at or clock.now(body.conference),
    )
    _refuse_duplicate(document)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_issue(
    *,
    conference: Conference,
    series: str,
    title: str,
    text: str = "",
    body: Body | None = None,
    instrument: Model | None = None,
    date: datetime.date | None = None,
    sources: Iterable[Organisation] = (),
    original_language: str | None = None,
) -> Document:
    """The next document of a secretariat series: B.n, R.n, ADM/n, INF/n or DL/n; an
    information document with `sources` is a delegation's own."""
    kind_series = Series(series)
    if kind_series == Series.MAIN or kind_series == Series.DT:
        raise ValidationError(_("Main documents are registered and DTs come from bodies."))
    sequence = _next_in_series(conference.pk, kind_series)
    document = Document(
        conference=conference,
        number=Symbol(kind_series, sequence).base,
        series=kind_series.value,
        sequence=sequence,
        kind=_KIND_OF_SERIES[kind_series],
        title=title,
        date=date or clock.today(conference),
        original_language=original_language or _original_language(conference),
        body=body,
        source_secretariat=not sources,
        instrument=instrument,
        text=text,
    )
    _refuse_duplicate(document)
    document.full_clean()
    document.save()
    sources = list(sources)
    if sources:
        document.sources.set(sources)
    return document


#: The files a language version may be: Word and PDF, checked before they are kept.
FILE_KINDS = {".docx": "docx", ".pdf": "pdf"}
PDF_MAGIC = b"%PDF-"


def language_file_check(*, filename: str, data: bytes, limits: Limits | None = None) -> str:
    """The kind of an uploaded language file ("docx" or "pdf"), or ``ValidationError``
    with the reason: every byte is hostile until checked (size, structure, no macros,
    no external references in Word files)."""
    limits = limits or upload_limits()
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = FILE_KINDS.get(suffix)
    if kind is None:
        raise ValidationError(_("A language version is a Word (.docx) or PDF file."))
    try:
        if kind == "docx":
            open_docx(data, limits)
        else:
            check_size(len(data), limits)
            if not data.startswith(PDF_MAGIC):
                raise FormatError(_("the file is not a PDF document"))
    except FormatError as exc:
        raise ValidationError(str(exc)) from None
    return kind


@transaction.atomic
def document_file_save(
    *, document: Document, language: str, filename: str, data: bytes
) -> DocumentVersion:
    """A language version's file, new or replacing the one before (the document page
    keeps one file per language); the file is checked first and stored under a name of
    our own, never the one it came with."""
    if language not in document.conference.language_codes:
        raise ValidationError(
            _("%(language)s is not a language of this conference.") % {"language": language}
        )
    kind = language_file_check(filename=filename, data=data)
    name = f"{slugify(document.symbol_in(language)) or 'document'}-{language}.{kind}"
    version = DocumentVersion.objects.select_for_update().filter(
        document=document, language=language
    ).first()
    if version is None:
        version = DocumentVersion(document=document, language=language)
    elif version.file:
        version.file.delete(save=False)
    version.file.save(name, ContentFile(data), save=False)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def document_issue_with_files(
    *,
    conference: Conference,
    series: str,
    title: str,
    body: Body | None = None,
    sources: Iterable[Organisation] = (),
    original_language: str | None = None,
    files: dict[str, tuple[str, bytes]],
) -> Document:
    """Issue the next document of a series with its language files; every file is
    checked before anything is written, and a refused file leaves no document."""
    for language, (filename, data) in files.items():
        language_file_check(filename=filename, data=data)
        if language not in conference.language_codes:
            raise ValidationError(
                _("%(language)s is not a language of this conference.") % {"language": language}
            )
    document = document_issue(
        conference=conference,
        series=series,
        title=title,
        body=body,
        sources=sources,
        original_language=original_language,
    )
    for language, (filename, data) in files.items():
        document_file_save(document=document, language=language, filename=filename, data=data)
    return document


@transaction.atomic
def document_version_add(
    *, document: Document, language: str, text: str = "", file=None
) -> DocumentVersion:
    version = DocumentVersion(document=document, language=language, text=text)
    if file is not None:
        version.file = file
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def document_allocate(
    *, document: Document, body: Body, allocated_by, proposal: Proposal | None = None
) -> Allocation:
    """The Steering Committee allocates a document, or one of its proposals, to a body."""
    if not permissions.may_allocate_document(actor_for(allocated_by), document.conference_id):
        raise ValidationError(
            _("Only the Steering Committee's chair or the secretariat allocates documents.")
        )
    if body.conference_id != document.conference_id:
        raise ValidationError(_("The body belongs to another conference."))
    if document.status != Document.Status.REGISTERED:
        raise ValidationError(_("Only a registered document can be allocated."))
    if proposal is not None and proposal.document_id != document.pk:
        raise ValidationError(_("The proposal is not in this document."))
    existing = Allocation.objects.filter(body=body, document=document, proposal=proposal)
    if existing.exists():
        raise ValidationError(
            _("%(what)s is already on the agenda of %(body)s.")
            % {"what": proposal.symbol if proposal else document.symbol, "body": body.code}
        )
    allocation = Allocation.objects.create(
        body=body, document=document, proposal=proposal, allocated_by=allocated_by
    )
    if proposal is None:
        document.body = body
        document.save(update_fields=["body"])
    return allocation


@transaction.atomic
def proposal_create(
    *,
    document: Document,
    symbol: str,
    mark: str,
    sources: Iterable[Organisation] = (),
    instrument: Model | None = None,
    target: str = "",
    anchor: str = "",
    text: str = "",
    reasons: str = "",
    sequence: int = 0,
) -> Proposal:
    """Add a proposal to an input document.

    ADD needs an anchor (where the new text goes) and text; MOD needs a target and
    text; SUP and NOC need a target.
    """
    if instrument is not None and instrument.conference_id != document.conference_id:
        raise ValidationError(_("The instrument belongs to another conference."))
    if mark in (Proposal.Mark.ADD, Proposal.Mark.ADD_MOVED) and not text:
        raise ValidationError(_("An ADD proposal needs the text to add."))
    if mark in (Proposal.Mark.MOD, Proposal.Mark.MOD_EDITORIAL) and not (target and text):
        raise ValidationError(_("A MOD proposal needs a target provision and the new text."))
    if mark in (Proposal.Mark.SUP, Proposal.Mark.SUP_MOVED) and not target:
        raise ValidationError(_("A SUP proposal needs a target provision."))
    if instrument is not None and (target or anchor):
        known = _provision_ids(instrument)
        for eid in (target, anchor):
            if known and eid and eid not in known:
                raise ValidationError(
                    _("%(eid)s is not a provision of %(instrument)s.")
                    % {
                        "eid": eid,
                        "instrument": f"{instrument.get_kind_display()} {instrument.number}",
                    }
                )
    proposal = Proposal(
        document=document,
        symbol=symbol,
        mark=mark,
        instrument=instrument,
        target=target or "",
        anchor=anchor or "",
        text=text or "",
        reasons=reasons or "",
        sequence=sequence,
    )
    proposal.full_clean()
    proposal.save()
    sources = list(sources)
    if sources:
        proposal.sources.set(sources)
    return proposal


_PROVISIONS_CACHE: dict[tuple[int, int], frozenset[str]] = {}


def _provision_ids(instrument: Model) -> frozenset[str]:
    """The provision ids of an instrument's text (empty when it has no parsed text)."""
    if not instrument.text.strip():
        return frozenset()
    key = (instrument.pk, hash(instrument.text))
    if key not in _PROVISIONS_CACHE:
        try:
            ids = frozenset(unit.eid for unit in flatten(parse_instrument(instrument.text)))
        except ParseError:
            ids = frozenset()
        if len(_PROVISIONS_CACHE) > 256:
            _PROVISIONS_CACHE.clear()
        _PROVISIONS_CACHE[key] = ids
    return _PROVISIONS_CACHE[key]


# --- publication and limited distribution ----------------------------------------------


@transaction.atomic
def document_release_set(
    *, actor: User | None, document: Document, published_by_source: bool, limited: bool
) -> DocumentRelease:
    """A source publishes its document, or its distribution is limited; audited."""
    release, _created = DocumentRelease.objects.select_for_update().get_or_create(
        document=document
    )
    before = {"published_by_source": release.published_by_source, "limited": release.limited}
    release.published_by_source = bool(published_by_source)
    release.limited = bool(limited)
    release.save()
    AuditEntry.objects.create(
        user=actor if actor is not None and actor.is_authenticated else None,
        action=AuditEntry.Action.RELEASE_CHANGED,
        conference_id=document.conference_id,
        document=document,
        detail={
            "before": before,
            "after": {"published_by_source": release.published_by_source, "limited": release.limited},
        },
    )
    return release


@transaction.atomic
def document_publish(*, actor: User, document: Document, published: bool) -> DocumentRelease:
    """A source publishes its own document (or takes the publication back).

    The change is audited; `documents.actions.check_document_publish` decides who may."""
    release = DocumentRelease.objects.filter(document=document).first()
    return document_release_set(
        actor=actor,
        document=document,
        published_by_source=published,
        limited=bool(release and release.limited),
    )
