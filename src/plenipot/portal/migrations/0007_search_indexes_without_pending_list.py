"""PostgreSQL's search indexes take each new document and proposal at once.

A GIN index keeps new rows in a "pending list" until a VACUUM (or 4 MB of them) moves
them into the index proper, and the planner, seeing the list, prefers to compute every
document's text vector rather than use the index. A conference receives its documents in
bursts and autovacuum waits for a fifth of the table to be new: measured on the demo at
30 times its size (2,491 documents, all still pending after their insertion), the search
read every document (62 ms for its first step) instead of the index (0.1 ms once
vacuumed). Without the pending list (`fastupdate = off`), each row goes into the index
when it is written, which costs a little more per document and keeps the search on the
index at every moment. Rows already pending are moved in now.

Nothing changes on SQLite, whose full-text index (0001) has no pending list.
"""

from django.db import migrations

INDEXES = ("document_search_simple", "proposal_search_simple")


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list(to_regclass(%s)) WHERE to_regclass(%s) IS NOT NULL",
            [name, name],
        )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_draft_visit")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
