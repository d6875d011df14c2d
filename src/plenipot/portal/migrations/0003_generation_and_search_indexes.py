"""The public pages' counter watches everything they show, and PostgreSQL's full-text
search gets its indexes.

1. The counter of 0002 (`plenipot_access_generation`) also moves when a body changes
   (its openness decides who reads its documents; its code is printed), when an
   organisation changes (sources are printed by symbol and name), when a document's
   sources change, and when a document's date, language, addendum, revision or
   corrigendum changes. A cached public page is then never older than the data, however
   long it is kept.
2. On PostgreSQL, GIN indexes on the same expressions the search filters on
   (`portal.search.documents_search`), so a word is looked up instead of computing
   every document's and proposal's text vector.
"""

from django.db import migrations

TABLE = "plenipot_access_generation"
WATCHED = [
    ("conference_body", "openness, code, name, parent_id, conference_id"),
    ("conference_organisation", "name, symbol, acronym"),
    ("documents_document_sources", None),
    ("documents_document", "date, original_language, addendum, revision, corrigendum, sequence"),
]
BUMP = f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1"
SUFFIX = "more"

DOCUMENT_SEARCH = "document_search_simple"
PROPOSAL_SEARCH = "proposal_search_simple"


def _search_indexes(apps):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    Document = apps.get_model("documents", "Document")
    Proposal = apps.get_model("documents", "Proposal")
    return [
        (Document, GinIndex(
            SearchVector("number", "title", "text", config="simple"), name=DOCUMENT_SEARCH
        )),
        (Proposal, GinIndex(
            SearchVector("symbol", "text", "reasons", config="simple"), name=PROPOSAL_SEARCH
        )),
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, columns in WATCHED:
            events = ["INSERT", "DELETE", f"UPDATE OF {columns}" if columns else "UPDATE"]
            if table == "documents_document":
                events = events[2:]  # 0002 already counts its inserts and deletes
            for index, event in enumerate(events):
                schema_editor.execute(
                    f"CREATE TRIGGER {TABLE}_{table}_{SUFFIX}{index} AFTER {event} ON {table} "
                    f"BEGIN {BUMP}; END"
                )
    elif vendor == "postgresql":
        for table, columns in WATCHED:
            update = f"UPDATE OF {columns}" if columns else "UPDATE"
            events = update if table == "documents_document" else f"INSERT OR DELETE OR {update}"
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_{table}_{SUFFIX} AFTER {events} ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()"
            )
        for model, index in _search_indexes(apps):
            schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, _columns in WATCHED:
            for index in range(3):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table}_{SUFFIX}{index}")
    elif vendor == "postgresql":
        for table, _columns in WATCHED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table}_{SUFFIX} ON {table}")
        for model, index in _search_indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_access_generation"),
        ("conference", "0002_restrict_deletes"),
        ("documents", "0005_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
