"""What the public pages read about documents and meetings, always through the access
policy: the document list and search, a document, the day's changes, the calendar and
the feeds. Each function runs a fixed number of queries."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from plenipot.accounts.access import meetings_watchable
from plenipot.conference.models import Body, Conference, Delegation, Language, Organisation
from plenipot.documents import access
from plenipot.documents.models import Document, Proposal
from plenipot.meetings.models import Meeting
from plenipot.negotiation.models import Instrument
from plenipot.portal import search
from plenipot.tracker.models import Decision

PER_PAGE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class DocumentFilters:
    kind: str = ""
    body: str = ""
    source: str = ""
    language: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""
    query: search.ParsedQuery = field(default_factory=lambda: search.ParsedQuery(()))
    page: int = 1

    def as_query(self, **changes) -> str:
        values = {
            "kind": self.kind,
            "body": self.body,
            "source": self.source,
            "language": self.language,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.text,
            "page": str(self.page) if self.page != 1 else "",
        }
        values.update({key: str(value) for key, value in changes.items()})
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value:
                query[key] = value
        return query.urlencode()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _short(value: str | None, limit: int = 40) -> str:
    value = (value or "").strip()
    return value if len(value) <= limit and "\x00" not in value else ""


def document_filters(params: QueryDict) -> DocumentFilters:
    """Filters from a query string; values that make no sense are ignored, not refused."""
    kind = params.get("kind", "")
    language = params.get("language", "")
    try:
        page = min(max(int(params.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    text = params.get("q", "") or ""
    return DocumentFilters(
        kind=kind if kind in Document.Kind.values else "",
        body=_short(params.get("body")),
        source=_short(params.get("source")),
        language=language if language in Language.values else "",
        date_from=_date(params.get("from")),
        date_to=_date(params.get("to")),
        text=text[: search.MAX_QUERY_LENGTH + 1],
        query=search.query_parse(text),
        page=page,
    )


def _documents(user, conference: Conference) -> QuerySet[Document]:
    return access.documents_readable(
        user,
        Document.objects.filter(conference=conference)
        .select_related("body")
        .prefetch_related("sources"),
    )


@dataclass
class DocumentPage:
    documents: list[Document]
    page: int
    has_next: bool
    snippets: dict[int, str]
    message: str


def documents_matching(
    *,
    user,
    conference: Conference,
    kind: str | None = None,
    body: str | None = None,
    source: str | None = None,
    language: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    query: search.ParsedQuery | None = None,
) -> QuerySet[Document]:
    """The documents of a conference the user may read that match the filters, newest
    first: the one list behind the documents page and the API's."""
    documents = _documents(user, conference)
    if kind:
        documents = documents.filter(kind=kind)
    if body:
        documents = documents.filter(body__code=body)
    if source:
        # A document has several sources: matched with EXISTS, so it is listed once.
        documents = documents.filter(
            Exists(
                Document.sources.through.objects.filter(
                    document_id=OuterRef("pk"),
                    organisation__symbol=source,
                )
            )
        )
    if language:
        documents = documents.filter(original_language=language)
    if date_from:
        documents = documents.filter(date__gte=date_from)
    if date_to:
        documents = documents.filter(date__lte=date_to)
    if query is not None:
        documents = search.documents_search(documents, query)
    return documents.order_by("-date", "series", "sequence", "addendum", "revision", "pk")


def document_page(
    *, user, conference: Conference, filters: DocumentFilters, per_page: int = PER_PAGE
) -> DocumentPage:
    documents = documents_matching(
        user=user, conference=conference, kind=filters.kind, body=filters.body,
        source=filters.source, language=filters.language, date_from=filters.date_from,
        date_to=filters.date_to, query=filters.query,
    )  # fmt: skip
    # One row more than a page says whether there is a next page, without counting the
    # whole (policy-filtered) table on every request.
    page = filters.page
    rows = list(documents[(page - 1) * per_page : page * per_page + 1])
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    return DocumentPage(
        documents=rows,
        page=page,
        has_next=has_next,
        snippets=search.snippets(rows, filters.query),
        message=filters.query.message,
    )


def public_generation() -> str:
    """A value that changes whenever what the public's document pages show could change:
    a counter that database triggers move on every change to conferences, bodies,
    organisations, documents and their sources, proposals, language versions, releases
    and access decisions (portal migrations 0002 to 0004). One read.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM plenipot_access_generation WHERE id = 1")
        row = cursor.fetchone()
    # Without the counter (a database the triggers do not support) nothing is cached
    # for long: the key changes every second.
    return str(row[0]) if row else f"t{int(time.time())}"


def document_sources_choices(*, conference: Conference) -> list[Organisation]:
    """Sources to filter by: the delegations' organisations and the regional groups
    (read from the small tables, not from the documents)."""
    return list(
        Organisation.objects.filter(
            Q(delegations__conference=conference) | Q(kind=Organisation.Kind.REGIONAL)
        )
        .exclude(symbol="")
        .order_by("name")
        .only("pk", "name", "symbol")
        .distinct()
    )


def document_detail(*, user, document_id: int) -> Document:
    """A readable document with what its page shows; 404 otherwise (audited if restricted)."""
    document = access.access_document(user, document_id)
    proposals = list(
        Proposal.objects.filter(document=document)
        .select_related("instrument")
        .prefetch_related("sources")
        .order_by("sequence", "symbol")
    )
    document.proposal_rows = proposals
    document.version_rows = list(document.versions.order_by("language"))
    return document


def documents_of_day(*, user, conference: Conference, day: datetime.date) -> list[Document]:
    return list(_documents(user, conference).filter(date=day).order_by("series", "sequence", "pk"))


def document_days(*, user, conference: Conference) -> list[datetime.date]:
    """Days on which a document the user may read appeared, latest first."""
    return list(
        _documents(user, conference)
        .order_by()
        .values_list("date", flat=True)
        .distinct()
        .order_by("-date")[:400]
    )


def documents_for_feed(
    *,
    user,
    conference: Conference,
    body: Body | None = None,
    instrument: Instrument | None = None,
    limit: int = 50,
) -> list[Document]:
    documents = _documents(user, conference)
    if body is not None:
        documents = documents.filter(body=body)
    if instrument is not None:
        documents = documents.filter(
            Q(instrument=instrument)
            | Exists(Proposal.objects.filter(document=OuterRef("pk"), instrument=instrument))
        )
    return list(documents.order_by("-date", "-pk")[:limit])


# --- meetings ---------------------------------------------------------------------------


def meetings(
    *,
    user,
    conference: Conference,
    body: Body | None = None,
    delegation: Delegation | None = None,
    since: datetime.datetime | None = None,
    limit: int = 500,
) -> list[Meeting]:
    """Meetings the user may see, with their body; for a delegation, the meetings of the
    bodies it chairs or vice-chairs and of those its documents are allocated to."""
    rows = meetings_watchable(
        user,
        Meeting.objects.filter(conference=conference)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body"),
    )
    if body is not None:
        rows = rows.filter(body=body)
    if delegation is not None:
        organisation = delegation.organisation_id
        rows = rows.filter(
            Q(body__chair__delegation=delegation)
            | Q(body__vice_chairs__delegation=delegation)
            | Q(body__documents__sources=organisation)
        ).distinct()
    if since is not None:
        rows = rows.filter(ends_at__gte=since)
    return list(rows.order_by("starts_at", "pk")[:limit])


def decisions_of_day(*, user, conference: Conference, day: datetime.date) -> list:
    """Decisions taken on a day in meetings the user may follow. Their agenda item's
    title is not shown: it may name a document the reader may not read."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    visible = meetings_watchable(user, Meeting.objects.filter(conference=conference))
    return list(
        Decision.objects.filter(
            decided_at__gte=start, decided_at__lt=end, agenda_item__meeting__in=visible
        )
        .select_related("agenda_item__meeting__body", "agenda_item__instrument")
        .order_by("decided_at", "pk")
    )


def body_for_feed(*, user, conference: Conference, code: str) -> Body:
    body = Body.objects.filter(conference=conference, code=code).first()
    if body is None:
        raise Http404(code)
    return body


def instrument_for_feed(*, conference: Conference, number: str) -> Instrument:
    instrument = Instrument.objects.filter(conference=conference, number=number).first()
    if instrument is None:
        raise Http404(number)
    return instrument


def body_documents_prefetch(user) -> Prefetch:
    """Documents allocated to a body, as the user may read them, for body pages."""
    return Prefetch(
        "documents",
        queryset=access.documents_readable(
            user, Document.objects.prefetch_related("sources")
        ).order_by("series", "sequence", "addendum", "revision"),
    )
