"""The public pages' counter also moves when a conference is added, changed or removed,
so that a cached page, found before the current conference is even read
(`portal.document_views.document_list`), is always the current conference's."""

from django.db import migrations

TABLE = "plenipot_access_generation"
WATCHED = "conference_conference"
BUMP = f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for index, event in enumerate(["INSERT", "DELETE", "UPDATE"]):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_{WATCHED}_{index} AFTER {event} ON {WATCHED} "
                f"BEGIN {BUMP}; END"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_{WATCHED} AFTER INSERT OR DELETE OR UPDATE ON {WATCHED} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for index in range(3):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{WATCHED}_{index}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{WATCHED} ON {WATCHED}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_generation_and_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
