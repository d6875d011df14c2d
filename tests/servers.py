"""What the tests that run the site under a real server share."""

from __future__ import annotations


def end_server_sessions() -> None:
    """End the other sessions of this test process's database: those that the threads
    of the servers it ran kept open (each thread keeps its connection). Only at the end
    of the session: a thread that outlives a test uses its connection again in the
    next. Each test process has a database of its own, so only its own go."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
