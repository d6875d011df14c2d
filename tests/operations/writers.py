"""Writers for the backup test, run as a process of their own beside `plenipot backup`.

Migrates the database named by the environment (PLENIPOT_DATA_DIR, DATABASE_URL), makes
a drafting room (the Plenary's draft of a small resolution, one uploaded file), prints
`ready DRAFT_ID`, then edits the draft from several threads through the action every
transport calls, printing `ack NUMBER` once each revision is committed, until the file
named by its argument appears.
"""

from __future__ import annotations

import datetime
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from plenipot.accounts.models import User  # noqa: E402
from plenipot.accounts.roles import actor_for  # noqa: E402
from plenipot.conference.services import body_create, conference_create  # noqa: E402
from plenipot.core.errors import Conflict  # noqa: E402
from plenipot.engine import derive_proposals, parse_instrument  # noqa: E402
from plenipot.negotiation.actions import check_draft_apply  # noqa: E402
from plenipot.negotiation.services import draft_create, instrument_create  # noqa: E402

TEXT = """\
Resolution 998 (Busan, 2014)
Keeping the record

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that the record of a conference is permanent;
b) that every word agreed must be kept,

resolves
1 to keep every revision;
2 to restore nothing partial,
"""
PROVISIONS = ("considering__a", "considering__b", "resolves__para_1")

OUTPUT = threading.Lock()


def say(line: str) -> None:
    with OUTPUT:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def prepare() -> tuple[int, int]:
    call_command("migrate", interactive=False, verbosity=0)
    conference = conference_create(
        name="Plenipotentiary Conference", short_name="PP-98", city="Busan",
        country="Republic of Korea", start=datetime.date(2014, 10, 20),
        end=datetime.date(2014, 11, 7),
    )  # fmt: skip
    body = body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary", openness="public"
    )
    instrument = instrument_create(conference=conference, number="998", title="Record", text=TEXT)
    base = parse_instrument(TEXT)
    edited = parse_instrument(TEXT.replace("permanent", "permanent and public"))
    draft = draft_create(
        body=body,
        instrument=instrument,
        proposals=list(derive_proposals(base, edited, source="EUR")),
    )
    pen = User.objects.create_user(username="secretariat", password=None, role="secretariat")
    upload = Path(settings.MEDIA_ROOT) / "documents" / "record.txt"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("An uploaded file.\n", encoding="utf-8")
    return draft.pk, pen.pk


def write(draft_id: int, pen_id: int, eid: str, stop: Path) -> None:
    actor = actor_for(User.objects.get(pk=pen_id))
    base = 0
    count = 0
    try:
        while not stop.exists():
            count += 1
            op = {"op": "edit_text", "eid": eid, "segment": 0, "text": f"{eid}, edit {count}"}
            try:
                revision = check_draft_apply(
                    actor, draft_id=draft_id, data={"base": base, "op": op}
                )
            except Conflict:
                continue  # never expected: each thread edits its own provision
            base = revision.number
            say(f"ack {revision.number}")
            time.sleep(0.005)
    finally:
        connection.close()


def read(stop: Path, started: threading.Event) -> None:
    """A reader that keeps one snapshot open, as a long page or export does: SQLite cannot
    move the revisions written since into the database file, so they stay in its
    write-ahead log, where only a real backup finds them."""
    import sqlite3

    reader = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM negotiation_revision").fetchone()
    started.set()
    while not stop.exists():
        time.sleep(0.05)
    reader.execute("COMMIT")
    reader.close()


def main() -> None:
    stop = Path(sys.argv[1])
    draft_id, pen_id = prepare()
    connection.close()
    threads = [
        threading.Thread(target=write, args=(draft_id, pen_id, eid, stop)) for eid in PROVISIONS
    ]
    if connection.vendor == "sqlite":
        started = threading.Event()
        threads.append(threading.Thread(target=read, args=(stop, started)))
        threads[-1].start()
        started.wait(timeout=30)
    say(f"ready {draft_id}")
    for thread in threads:
        if not thread.is_alive():
            thread.start()
    for thread in threads:
        thread.join()
    say("done")


if __name__ == "__main__":
    main()
