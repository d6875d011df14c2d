"""Reading an old revision starts from the nearest checkpoint: the same text as replaying
the whole log, for fewer than CHECKPOINT_EVERY operations."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plenipot.engine import drafting
from plenipot.negotiation import selectors
from plenipot.negotiation.models import Draft, Revision
from plenipot.negotiation.services import draft_take_over, operation_apply, revision_undo

EIDS = ["title", "considering__a", "considering__b", "resolves__para_2"]

edits = st.lists(
    st.tuples(
        st.sampled_from(["edit", "status", "footnote", "undo"]),
        st.sampled_from(EIDS),
        st.text(alphabet="abcdef ", min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=14,
)


def _full_replay(draft: Draft, number: int) -> drafting.NegotiatingText:
    text = drafting.text_from_dict(draft.initial)
    for operation in (
        Revision.objects.filter(draft=draft, number__lte=number)
        .order_by("number")
        .values_list("operation", flat=True)
    ):
        text = drafting.apply(text, drafting.operation_from_dict(operation))
    return text


def _play(draft: Draft, user, steps) -> Draft:
    for kind, eid, words in steps:
        head = Draft.objects.get(pk=draft.pk).head
        if kind == "edit":
            op = {"op": "edit_text", "eid": eid, "segment": 0, "text": words.strip() or "x"}
        elif kind == "status":
            op = {"op": "set_status", "eid": eid, "status": "open" if len(words) % 2 else "bracketed"}
        elif kind == "footnote":
            op = {"op": "add_footnote", "eid": eid, "text": words.strip() or "note"}
        else:
            if head:
                try:
                    revision_undo(draft_id=draft.pk, user=user, number=head)
                except Exception:  # noqa: BLE001 - a refused undo leaves the draft as it was
                    pass
            continue
        operation_apply(draft_id=draft.pk, user=user, operation=op, base=head)
    return Draft.objects.get(pk=draft.pk)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=edits, every=st.integers(min_value=1, max_value=5))
def test_every_revision_reads_as_the_full_replay_gives_it(room, monkeypatch, steps, every):
    monkeypatch.setattr(selectors, "CHECKPOINT_EVERY", every)
    monkeypatch.setattr("plenipot.negotiation.services.CHECKPOINT_EVERY", every)
    draft = _play(draft_take_over(draft=room.draft, body=room.body), room.chair, steps)
    stored = set(
        Revision.objects.filter(draft=draft, checkpoint__isnull=False).values_list(
            "number", flat=True
        )
    )
    assert stored == {n for n in range(1, draft.head + 1) if n % every == 0}
    for number in range(draft.head + 1):
        assert selectors.revision_text(draft, number) == _full_replay(draft, number)


def test_reading_an_old_revision_replays_fewer_operations_than_the_interval(room, monkeypatch):
    monkeypatch.setattr(selectors, "CHECKPOINT_EVERY", 5)
    monkeypatch.setattr("plenipot.negotiation.services.CHECKPOINT_EVERY", 5)
    draft = _play(room.draft, room.chair, [("edit", EIDS[n % 4], f"text {n}") for n in range(23)])
    expected = [_full_replay(draft, number) for number in range(draft.head + 1)]
    applied = []
    real = drafting.apply
    monkeypatch.setattr(drafting, "apply", lambda text, op: applied.append(op) or real(text, op))
    for number in range(draft.head + 1):
        applied.clear()
        assert selectors.revision_text(draft, number) == expected[number]
        assert len(applied) < 5, number


def test_the_migration_gives_existing_drafts_their_checkpoints(room, monkeypatch):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "plenipot.negotiation.migrations.0005_revision_checkpoint"
    )
    draft = _play(room.draft, room.chair, [("edit", EIDS[n % 4], f"t{n}") for n in range(3)])
    Revision.objects.update(checkpoint=None)
    monkeypatch.setattr(migration, "EVERY", 2)
    migration.add_checkpoints(apps, None)
    assert list(
        Revision.objects.filter(checkpoint__isnull=False).values_list("number", flat=True)
    ) == [2]
    assert Revision.objects.get(number=2).checkpoint == drafting.text_to_dict(
        _full_replay(draft, 2)
    )
