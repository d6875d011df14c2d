"""Full-text search of documents: SQLite FTS5 on the embedded default, PostgreSQL's
full-text search when the site runs on PostgreSQL.

The user's words are never handed to a query parser as they are: they are split into
terms and quoted phrases, stripped of control characters, and each is passed as a
literal. Anything left over is a clear message, never a server error. The search only
narrows a queryset; the caller passes a queryset already filtered by the access policy,
so search results and their snippets never show a document the reader may not read.

SQLite uses the trigram tokenizer, which finds words in any script, Chinese included,
without a word list; terms shorter than three characters fall back to LIKE.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from importlib import import_module

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from plenipot.documents.models import Document, Proposal

FTS_TABLE = "plenipot_document_search"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SNIPPET_CHARS = 160

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, etc.
_SPACELESS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]
    message: str = ""

    @property
    def empty(self) -> bool:
        return not self.terms


def query_parse(text: str | None) -> ParsedQuery:
    """Terms and quoted phrases of a search box's text, or a message saying why not."""
    if not text:
        return ParsedQuery(())
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(
            (),
            str(_("The search is too long: at most %(n)s characters.") % {"n": MAX_QUERY_LENGTH}),
        )
    cleaned = "".join(
        " " if unicodedata.category(ch)[0] in "CZ" and ch != '"' else ch for ch in text
    )
    cleaned = unicodedata.normalize("NFKC", cleaned)
    terms = []
    for phrase, word in _TOKEN.findall(cleaned):
        term = " ".join((phrase or word).split()).strip('"')
        # Operators of query languages are taken as words; punctuation alone is dropped.
        if term and any(ch.isalnum() for ch in term):
            terms.append(term)
    if not terms:
        return ParsedQuery((), str(_("Type a word to search for.")))
    if len(terms) > MAX_TERMS:
        return ParsedQuery(
            (), str(_("Too many words: at most %(n)s at a time.") % {"n": MAX_TERMS})
        )
    return ParsedQuery(tuple(terms))


def _fts_literal(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sqlite_condition(terms: tuple[str, ...]) -> tuple[str, list[str]]:
    """A WHERE condition on the FTS table that every term must meet."""
    parts, params = [], []
    long_terms = [term for term in terms if len(term) >= 3]
    if long_terms:
        parts.append(f"{FTS_TABLE} MATCH %s")
        params.append(" AND ".join(_fts_literal(term) for term in long_terms))
    for term in terms:
        if len(term) < 3:
            parts.append("(title LIKE %s ESCAPE '\\' OR content LIKE %s ESCAPE '\\')")
            params.extend([_like(term), _like(term)])
    return " AND ".join(parts), params


def documents_search(queryset: QuerySet[Document], query: ParsedQuery) -> QuerySet[Document]:
    """The documents of `queryset` that contain every term."""
    if query.empty:
        return queryset
    if connection.vendor == "sqlite":
        condition, params = _sqlite_condition(query.terms)
        table = Document._meta.db_table
        return queryset.extra(
            where=[f"{table}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {condition})"],
            params=params,
        )
    if connection.vendor == "postgresql":
        # PostgreSQL only: psycopg is an optional dependency (plenipot[postgres]).
        from django.contrib.postgres.search import SearchQuery, SearchVector

        q = Q()
        for term in query.terms:
            search = SearchQuery(term, search_type="phrase", config="simple")
            matching = Document.objects.annotate(
                found=SearchVector("number", "title", "text", config="simple")
            ).filter(found=search)
            proposals = Proposal.objects.annotate(
                found=SearchVector("symbol", "text", "reasons", config="simple")
            ).filter(document=OuterRef("pk"), found=search)
            found = Q(pk__in=matching.values("pk")) | Exists(proposals)
            if _SPACELESS.search(term):
                # Scripts written without spaces (Chinese) are one token to the parser:
                # a substring match finds their words. Other terms stay on the indexed
                # text vectors (portal migration 0003).
                found |= Q(title__icontains=term) | Q(text__icontains=term)
            q &= found
        return queryset.filter(q)
    q = Q()
    for term in query.terms:
        q &= Q(title__icontains=term) | Q(number__icontains=term)
    return queryset.filter(q)


def _highlight(text: str, terms: tuple[str, ...]) -> str:
    """HTML of `text` near the first term found, terms in <mark>; escaped."""
    lowered = text.casefold()
    positions = [lowered.find(term.casefold()) for term in terms]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - SNIPPET_CHARS // 3) if found else 0
    excerpt = text[start : start + SNIPPET_CHARS]
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(html.escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(html.escape(excerpt[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return prefix + "".join(pieces) + suffix


def snippets(documents: list[Document], query: ParsedQuery) -> dict[int, str]:
    """For each listed (already readable) document, an escaped HTML excerpt where the
    terms occur: its title, else the text of its proposals. One query."""
    if query.empty or not documents:
        return {}
    by_document: dict[int, list[str]] = {}
    rows = Proposal.objects.filter(document__in=[d.pk for d in documents]).values_list(
        "document_id", "symbol", "text", "reasons"
    )
    for document_id, symbol, text, reasons in rows:
        by_document.setdefault(document_id, []).append(f"{symbol} {text} {reasons}")
    result = {}
    for document in documents:
        title = f"{document.number} {document.title}"
        if any(term.casefold() in title.casefold() for term in query.terms):
            result[document.pk] = _highlight(document.title, query.terms)
            continue
        for text in [document.text, *by_document.get(document.pk, ())]:
            if any(term.casefold() in text.casefold() for term in query.terms):
                result[document.pk] = _highlight(" ".join(text.split()), query.terms)
                break
    return result


def search_index_rebuild() -> None:
    """Fill the SQLite index from the tables (the triggers keep it current after)."""
    if connection.vendor != "sqlite":
        return

    migration = import_module("plenipot.portal.migrations.0001_document_search")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(migration.CREATE[-1])
