"""A second counter, for the tracker's public pages.

The first counter (row 1 of `plenipot_access_generation`, migrations 0002 to 0004)
moves with everything the document pages show. The tracker's pages also show the path
of the texts (moves and events, decisions, statements and votes, declarations), the
meetings and drafting rooms that handle them, and the Editorial Committee's gate, which
reads the language versions, the glossary, the translation memory and the waived
checks. Row 2 moves on every change to those tables, and to any column of a document
(the timeline reads its instrument and the time it was submitted), so that a tracker
page cached for anonymous readers under both counters
(`tracker.selectors.tracker_generation`) can never be older than the data. The document
pages keep row 1 only, so a translator's edits do not empty their cache.
"""

from django.db import migrations

TABLE = "plenipot_access_generation"
ROW = 2
FUNCTION = f"{TABLE}_bump_tracker"
WATCHED = [
    "tracker_textpath",
    "tracker_pathevent",
    "tracker_decision",
    "tracker_statement",
    "tracker_votecast",
    "tracker_declaration",
    "tracker_declaration_delegations",
    "translation_sourcetext",
    "translation_expression",
    "translation_assignment",
    "translation_glossaryterm",
    "translation_memorysegment",
    "translation_checkwaiver",
    "meetings_meeting",
    "meetings_agendaitem",
    "negotiation_instrument",
    "negotiation_draft",
    "negotiation_draft_delegations",
    "conference_delegation",
    "documents_document",
    "documents_allocation",
]
BUMP = f"UPDATE {TABLE} SET value = value + 1 WHERE id = {ROW}"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(f"INSERT INTO {TABLE} (id, value) VALUES ({ROW}, 0)")
    if vendor == "sqlite":
        for table in WATCHED:
            for index, event in enumerate(["INSERT", "DELETE", "UPDATE"]):
                schema_editor.execute(
                    f"CREATE TRIGGER {TABLE}_t_{table}_{index} AFTER {event} ON {table} "
                    f"BEGIN {BUMP}; END"
                )
    else:
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in WATCHED:
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_t_{table} AFTER INSERT OR DELETE OR UPDATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in WATCHED:
            for index in range(3):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_t_{table}_{index}")
    elif vendor == "postgresql":
        for table in WATCHED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_t_{table} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    if vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DELETE FROM {TABLE} WHERE id = {ROW}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_generation_conferences"),
        ("tracker", "0001_initial"),
        ("translation", "0003_waiver_withdrawal"),
        ("meetings", "0001_initial"),
        ("negotiation", "0005_revision_checkpoint"),
        ("conference", "0002_restrict_deletes"),
        ("documents", "0005_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
