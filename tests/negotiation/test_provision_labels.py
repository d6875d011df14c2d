"""Provisions named as people name them on the site: in the reader's language, the text's
own words kept in the text's language and direction, and never by their ids."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from plenipot.accounts.roles import actor_for
from plenipot.core.errors import Conflict
from plenipot.engine import parse_instrument
from plenipot.engine.labels import Label, LabelKind
from plenipot.negotiation.actions import check_draft_apply
from plenipot.negotiation.labels import ProvisionLabels, labels_of_text, name_provisions
from plenipot.negotiation.models import Draft, Revision
from plenipot.negotiation.selectors import draft_snapshot
from plenipot.negotiation.services import operation_apply

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;
b) that security in their use is a shared concern,

resolves
1 to continue to give this work high priority;
2 to invite the Sectors to report to the Council,
"""
FSI, PDI = "\u2068", "\u2069"


def test_labels_in_the_readers_language_with_the_texts_own_words():
    labels = ProvisionLabels.of(parse_instrument(EXAMPLE))
    assert (labels.language, labels.direction) == ("en", "ltr")
    with translation.override("en"):
        assert labels.text("considering__b") == "considering b)"
        assert labels.text("considering") == "the heading considering"
        assert labels.text("title") == "the title"
        assert labels.text("nowhere") == "a provision not in this text"
        assert str(labels.html("considering__b")) == '<bdi lang="en" dir="ltr">considering b)</bdi>'
        new = labels.phrase(Label(LabelKind.NEW, of=labels.get("resolves__para_1"), rank=2))
        assert new == "new provision 2 after resolves 1"
        assert labels.phrase(Label(LabelKind.DELETED, of=labels.get("resolves__para_2"))) == (
            "resolves 2 (deleted)"
        )
    with translation.override("fr"):
        assert labels.text("considering") == "l'intitulé considering"
        assert labels.text("title") == "le titre"
    with translation.override("ar"):
        # English words in an Arabic sentence are isolated, so that their closing
        # parenthesis stays with them.
        assert labels.text("considering__b") == f"{FSI}considering b){PDI}"
        assert labels.text("considering") == f"العنوان الفرعي {FSI}considering{PDI}"
        html = str(labels.html("considering"))
        assert html == 'العنوان الفرعي <bdi lang="en" dir="ltr">considering</bdi>'


def test_arabic_text_is_named_in_its_own_words_and_direction():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "src/plenipot/demo/data/translations/136.ar.txt"
    labels = labels_of_text(path.read_text(encoding="utf-8"))
    assert (labels.language, labels.direction) == ("ar", "rtl")
    with translation.override("en"):
        assert labels.text("preamble_1__a") == f"{FSI}إذ يضع في اعتباره a){PDI}"
        assert 'lang="ar" dir="rtl"' in str(labels.html("preamble_1__a"))
    with translation.override("ar"):
        assert labels.text("preamble_1__a") == "إذ يضع في اعتباره a)"


def test_messages_that_name_ids_name_the_provisions_instead():
    labels = ProvisionLabels.of(parse_instrument(EXAMPLE))
    with translation.override("en"):
        assert name_provisions("provision considering__a has no ar text", labels) == (
            "considering a) has no ar text"
        )
        assert name_provisions("provision formula: numbers differ", labels) == (
            "the formula: numbers differ"
        )
        # A word that is also an id is left alone unless the message says it names one.
        assert name_provisions("the formula is fine; title too", labels) == (
            "the formula is fine; title too"
        )
        assert name_provisions("see resolves__para_2 and nowhere__z", labels) == (
            "see resolves 2 and nowhere__z"
        )


def test_a_stale_edit_is_refused_naming_the_provision(room):
    edit = {"op": {"op": "edit_text", "eid": "considering__b", "segment": 0, "text": "x"}}
    check_draft_apply(actor_for(room.chair), draft_id=room.draft.pk, data={**edit, "base": 0})
    with translation.override("en"), pytest.raises(Conflict) as refused:
        check_draft_apply(actor_for(room.vice), draft_id=room.draft.pk, data={**edit, "base": 0})
    assert refused.value.detail == (
        "Changed in revision 1, after the revision you edited: considering b)."
    )
    assert refused.value.extra["eids"] == ["considering__b"]  # ids stay in the answer's data


def test_the_engine_names_the_provision_in_a_refusal(room):
    with pytest.raises(ValidationError) as refused:
        operation_apply(
            draft_id=room.draft.pk, user=room.chair, base=0,
            operation={"op": "remove_brackets", "eid": "considering__a"},
        )  # fmt: skip
    assert refused.value.messages == ["provision considering a) has no brackets to remove"]


def test_the_room_receives_labels_in_parts_and_new_ones_only_when_they_change(room):
    snapshot = draft_snapshot(room.draft)
    assert (snapshot["language"], snapshot["direction"]) == ("en", "ltr")
    assert snapshot["labels"]["resolves__para_2"] == {
        "kind": "item", "words": "resolves", "path": ["2"],
    }  # fmt: skip
    operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=0,
        operation={"op": "edit_text", "eid": "considering__a", "segment": 0, "text": "x;"},
    )  # fmt: skip
    assert "labels" not in Revision.objects.get(number=1).event
    operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=1,
        operation={"op": "add_provision", "eid": "considering__new", "after": "considering",
                   "kind": "preamble_item", "depth": 0, "text": "that a new item comes first;"},
    )  # fmt: skip
    labels = Revision.objects.get(number=2).event["labels"]
    assert labels["considering__new"]["path"] == ["a)"]
    assert labels["considering__a"]["path"] == ["b)"]


def test_the_history_names_provisions_and_keeps_the_texts_direction(client, room):
    operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=0,
        operation={"op": "delete_provision", "eid": "considering__b"},
    )  # fmt: skip
    operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=1,
        operation={"op": "add_provision", "eid": "resolves__para_1_new", "after": "resolves__para_1",
                   "kind": "operative_item", "depth": 0, "text": "to report each year;"},
    )  # fmt: skip
    client.force_login(room.chair)
    page = client.get(f"/drafts/{room.draft.pk}/history/?from=0&to=2").content.decode()
    text = re.sub(r"<[^>]*>", "", page)
    assert "considering b) (deleted)" in text
    assert "new provision after resolves 1" in text
    assert not re.search(r"\b[a-z]+(?:_[a-z0-9]+)*__[a-z0-9_]+\b", text)
    assert '<dd lang="en" dir="ltr">' in page
    assert Draft.objects.get(pk=room.draft.pk).head == 2
