"""The SQLite full-text index of documents, kept current by triggers.

On PostgreSQL nothing is created here: the search uses PostgreSQL's own full-text
functions."""

from django.db import migrations

TABLE = "plenipot_document_search"
# The searchable text of a document: its own text, its language versions, its proposals.
CONTENT = (
    "coalesce((SELECT d.text FROM documents_document d WHERE d.id = {id}), '') || ' ' || "
    "coalesce((SELECT group_concat(v.text, ' ') FROM documents_documentversion v "
    "WHERE v.document_id = {id}), '') || ' ' || "
    "coalesce((SELECT group_concat(p.symbol || ' ' || p.text || ' ' || p.reasons, ' ') "
    "FROM documents_proposal p WHERE p.document_id = {id}), '')"
)


def refresh(document_id: str) -> str:
    return (
        f"UPDATE {TABLE} SET content = " + CONTENT.format(id=document_id)
        + f" WHERE rowid = {document_id};"
    )


def child_triggers(table: str, name: str) -> list[str]:
    return [
        f"CREATE TRIGGER {TABLE}_{name}_insert AFTER INSERT ON {table} BEGIN "
        + refresh("new.document_id") + " END",
        f"CREATE TRIGGER {TABLE}_{name}_update AFTER UPDATE ON {table} BEGIN "
        + refresh("old.document_id") + " " + refresh("new.document_id") + " END",
        f"CREATE TRIGGER {TABLE}_{name}_delete AFTER DELETE ON {table} BEGIN "
        + refresh("old.document_id") + " END",
    ]


CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, content, tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_document_insert AFTER INSERT ON documents_document BEGIN "
    f"INSERT INTO {TABLE}(rowid, title, content) VALUES (new.id, new.number || ' ' || new.title, "
    "new.text); END",
    f"CREATE TRIGGER {TABLE}_document_update AFTER UPDATE OF number, title, text "
    f"ON documents_document BEGIN UPDATE {TABLE} SET title = new.number || ' ' || new.title "
    "WHERE rowid = new.id; " + refresh("new.id") + " END",
    f"CREATE TRIGGER {TABLE}_document_delete AFTER DELETE ON documents_document BEGIN "
    f"DELETE FROM {TABLE} WHERE rowid = old.id; END",
    *child_triggers("documents_proposal", "proposal"),
    *child_triggers("documents_documentversion", "version"),
    f"INSERT INTO {TABLE}(rowid, title, content) SELECT d.id, d.number || ' ' || d.title, "
    + CONTENT.format(id="d.id") + " FROM documents_document d",
]
DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {TABLE}_{name}"
        for name in (
            "document_insert", "document_update", "document_delete",
            "proposal_insert", "proposal_update", "proposal_delete",
            "version_insert", "version_update", "version_delete",
        )
    ),
    f"DROP TABLE IF EXISTS {TABLE}",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_path_of_a_text")]

    operations = [migrations.RunPython(create, drop)]
