"""The demo at scale: what `demo_scale` writes is what the services would have written."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage

from plenipot.accounts.models import DocumentRelease, Follow
from plenipot.conference.models import Body, Person
from plenipot.demo.loader import DATA_DIR, demo_load
from plenipot.demo.scale import (
    ACCOUNTS_PER_SLICE,
    _pdf,
    demo_scale,
    long_log_draft,
    long_log_grow,
    long_log_operations,
    long_log_size,
)
from plenipot.documents.models import Document, DocumentVersion, Proposal
from plenipot.documents.services import language_file_check
from plenipot.engine import drafting
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.negotiation.models import Draft, Instrument, Revision
from plenipot.negotiation.selectors import CHECKPOINT_EVERY, replay
from plenipot.negotiation.services import draft_create, instrument_create, operation_apply
from plenipot.tracker.models import TextPath

pytestmark = pytest.mark.django_db


def test_long_log_size_is_ten_thousand_at_thirty_times_and_in_proportion():
    assert long_log_size(30) == 10_000
    assert long_log_size(1) == 333
    assert long_log_size(10) == 3_333


def test_the_long_log_is_what_the_drafting_room_writes(conference, plenary):
    """The same operations through the service (`operation_apply`, one at a time) and
    through the bulk log give the same revisions, column for column, and the same room."""
    text = (DATA_DIR / "resolutions" / "101.txt").read_text(encoding="utf-8")
    instrument = instrument_create(conference=conference, number="101", title="IP", text=text)
    pen = get_user_model().objects.create_user(username="pen", password=None)
    by_service = draft_create(body=plenary, instrument=instrument)
    in_bulk = draft_create(body=plenary, instrument=instrument)
    count = CHECKPOINT_EVERY + 15  # one checkpoint at least

    rng = random.Random(2014 * 7919 + 0)  # what long_log_grow draws for a new room
    current = drafting.text_from_dict(by_service.state)
    for number in range(1, count + 1):
        operation, description = long_log_operations(current, rng)
        operation_apply(
            draft_id=by_service.pk,
            user=pen,
            operation=drafting.operation_to_dict(operation),
            base=number - 1,
            description=description,
        )
        current = drafting.apply(current, operation)
    assert long_log_grow(draft=in_bulk, target=count, seed=2014, pen=pen) == count

    columns = ("number", "base", "operation", "inverse", "eids", "credit", "undoes",
               "author_id", "meeting_id", "description", "checkpoint", "event")
    expected = list(Revision.objects.filter(draft=by_service).order_by("number").values(*columns))
    written = list(Revision.objects.filter(draft=in_bulk).order_by("number").values(*columns))
    assert len(written) == count
    for row in expected + written:
        row["event"].pop("time")
        row["event"].pop("draft")
    assert written == expected
    assert sum(1 for row in written if row["checkpoint"] is not None) == count // CHECKPOINT_EVERY
    kinds = Counter(row["operation"]["op"] for row in written)
    assert {"bracket_span", "add_alternative", "choose_alternative"} <= set(kinds)

    by_service.refresh_from_db()
    in_bulk.refresh_from_db()
    assert (in_bulk.head, in_bulk.state, in_bulk.provenance) == (
        by_service.head, by_service.state, by_service.provenance,
    )
    times = list(
        Revision.objects.filter(draft=in_bulk).order_by("number").values_list("created_at", flat=True)
    )
    assert times == sorted(times) and len(set(times)) == count


def test_the_language_files_are_pdf_files_the_site_accepts():
    data = _pdf("Document 1014-E")
    assert language_file_check(filename="1014-E.pdf", data=data) == "pdf"
    assert data.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at each object.
    for number in range(1, 6):
        assert f"{number} 0 obj".encode() in data


def test_twice_the_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = demo_load().conference
    demo_documents = Document.objects.filter(conference=demo).count()
    demo_proposals = Proposal.objects.filter(document__conference=demo).count()
    demo_groups = Body.objects.filter(conference=demo).exclude(parent=None).exclude(
        parent__code="PL"
    ).count()
    demo_stages = sorted(
        (path.instrument.number, path.stage) for path in TextPath.objects.select_related("instrument")
    )

    result = demo_scale(factor=2, revisions=120)
    conference = result.conference
    assert conference.pk == demo.pk
    assert result.slices_built == (0, 1)

    # The slice's groups, under the same committees, and its resolutions.
    copies = Body.objects.filter(conference=conference, code__endswith=".1")
    assert copies.count() == demo_groups
    group = copies.get(code="COM5-AHG-130.1")
    assert group.parent.code == "COM5" and group.name == "Ad hoc group on Resolution 1130"
    assert group.chair is not None
    resolution = Instrument.objects.get(conference=conference, number="1101")
    assert resolution.text.splitlines()[0] == "Resolution 1101 (Rev. Guadalajara, 2010)"

    # Its documents and proposals, renumbered, as many as the demo's own.
    document = Document.objects.get(conference=conference, number="1027", addendum=1)
    assert document.sources.exists() and document.body.code == "WGPL"
    assert Proposal.objects.filter(document=document).first().symbol.split("/")[1] == "1027A1"
    listed = len(json.loads((DATA_DIR / "proposals.json").read_text(encoding="utf-8")))
    assert Proposal.objects.filter(document__conference=conference).count() == (
        demo_proposals + listed
    )
    assert Proposal.objects.filter(instrument__number="1101").count() == Proposal.objects.filter(
        instrument__number="101"
    ).count()
    limited = DocumentRelease.objects.filter(document__number="DL/1001", limited=True)
    assert limited.exists()
    assert Document.objects.filter(conference=conference).count() > 1.9 * demo_documents

    # The texts went the same way along their paths, through the services.
    stages = sorted(
        (path.instrument.number, path.stage)
        for path in TextPath.objects.select_related("instrument")
        if path.instrument.number.startswith("1") and len(path.instrument.number) == 4
    )
    renamed = sorted((str(1000 + int(n)), stage) for n, stage in demo_stages)
    assert stages == renamed
    # The committees' meetings are shared: the slice's texts are on their agendas.
    wgpl = Meeting.objects.get(body__code="WGPL", number=1)
    numbers = set(AgendaItem.objects.filter(meeting=wgpl).values_list("instrument__number", flat=True))
    assert {"101", "1101"} <= numbers
    assert Meeting.objects.filter(body__code="WGPL").count() == 4
    # The groups meet in rooms that are free.
    meetings = list(Meeting.objects.filter(conference=conference).exclude(room=""))
    for meeting in meetings:
        clash = [
            m for m in meetings
            if m.pk != meeting.pk and m.room == meeting.room
            and m.starts_at < meeting.ends_at and meeting.starts_at < m.ends_at
        ]
        assert not clash, (meeting, clash)

    # Every main-series document in six languages, each with its file.
    main = Document.objects.filter(conference=conference, series="main").exclude(number="")
    for document in main:
        assert sorted(document.versions.values_list("language", flat=True)) == sorted(
            conference.language_codes
        ), document
    version = DocumentVersion.objects.filter(document__number="1027", language="fr").first()
    with default_storage.open(version.file.name, "rb") as handle:
        assert language_file_check(filename="x.pdf", data=handle.read()) == "pdf"
    for document in Document.objects.filter(conference=conference, series__in=["DT", "DL"]):
        languages = list(document.versions.values_list("language", flat=True))
        assert languages == [document.original_language], document

    # Accounts: delegates in delegations, observers, and what they follow.
    User = get_user_model()
    accounts = User.objects.filter(username__startswith="scale-")
    assert accounts.count() == 2 * ACCOUNTS_PER_SLICE
    assert Person.objects.filter(user__in=accounts).count() == 2 * 90
    assert User.objects.get(username="scale-1-000").check_password("plenipot-demo")
    assert Follow.objects.filter(user__in=accounts).count() == 2 * ACCOUNTS_PER_SLICE * 5

    # The long log: numbered without gaps, replayable, its checkpoints true.
    draft = long_log_draft(conference)
    assert draft.body.code == "WGPL-AHG-INT" and draft.head == 120
    numbers = list(Revision.objects.filter(draft=draft).order_by("number").values_list(
        "number", flat=True
    ))
    assert numbers == list(range(1, 121))
    replayed = replay(drafting.text_from_dict(draft.initial), draft, 0, draft.head)
    assert drafting.text_to_dict(replayed) == draft.state
    for number, checkpoint in Revision.objects.filter(
        draft=draft, checkpoint__isnull=False
    ).values_list("number", "checkpoint"):
        at = replay(drafting.text_from_dict(draft.initial), draft, 0, number)
        assert drafting.text_to_dict(at) == checkpoint

    # Built once: asking again writes nothing, a larger log only adds revisions.
    again = demo_scale(factor=2, revisions=130)
    assert again.slices_built == () and again.revisions_added == 10
    assert Draft.objects.get(pk=draft.pk).head == 130


def test_the_demo_command_refuses_revisions_without_a_scale(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from plenipot.cli import main; sys.exit(main())",
         "demo", "--no-serve", "--data-dir", str(tmp_path), "--revisions", "10"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "--revisions goes with --scale" in result.stderr
    refused = subprocess.run(
        [sys.executable, "-c", "import sys; from plenipot.cli import main; sys.exit(main())",
         "demo", "--no-serve", "--data-dir", str(tmp_path), "--scale", "0"],
        capture_output=True, text=True, timeout=120,
    )
    assert refused.returncode != 0 and "the scale is 1 or more" in refused.stderr
