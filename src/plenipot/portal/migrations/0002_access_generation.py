"""A counter that moves whenever anything the public's document pages show could change.

Database triggers bump it on every change to documents (their number, title, text,
kind, body, status, series), their proposals and language versions, their releases and
the conference's access decisions, so that the cached public pages
(`portal.document_views.document_list`) are keyed by one cheap read and can never serve
what has since changed.
"""

from django.db import migrations

TABLE = "plenipot_access_generation"
WATCHED = [
    ("documents_document", "number, title, text, kind, body_id, status, series, conference_id"),
    ("documents_proposal", None),
    ("documents_documentversion", None),
    ("accounts_documentrelease", None),
    ("accounts_accessdecisions", None),
]
BUMP = f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1"


def _sqlite(schema_editor):
    for table, columns in WATCHED:
        events = ["INSERT", "DELETE", f"UPDATE OF {columns}" if columns else "UPDATE"]
        for index, event in enumerate(events):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_{table}_{index} AFTER {event} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def _postgresql(schema_editor):
    schema_editor.execute(
        f"CREATE FUNCTION {TABLE}_bump() RETURNS trigger AS $$ "
        f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for table, columns in WATCHED:
        update = f"UPDATE OF {columns}" if columns else "UPDATE"
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_{table} AFTER INSERT OR DELETE OR {update} ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()"
        )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, value bigint NOT NULL)")
    schema_editor.execute(f"INSERT INTO {TABLE} (id, value) VALUES (1, 0)")
    if vendor == "sqlite":
        _sqlite(schema_editor)
    else:
        _postgresql(schema_editor)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, _columns in WATCHED:
            for index in range(3):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table}_{index}")
    elif vendor == "postgresql":
        for table, _columns in WATCHED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_bump()")
    if vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_document_search"),
        ("accounts", "0002_access_audit_tokens_follows"),
    ]

    operations = [migrations.RunPython(create, drop)]
