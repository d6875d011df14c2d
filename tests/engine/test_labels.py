"""Provision labels: every provision of any text is named, no two alike, never by its id."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from instrument_strategies import edited, render, trees

from plenipot.engine import consolidate, derive_proposals, parse_instrument
from plenipot.engine.drafting import AddProvision, NegotiatingText, apply
from plenipot.engine.instrument import Kind
from plenipot.engine.labels import (
    Label,
    LabelKind,
    change_labels,
    provision_label,
    provision_labels,
    text_direction,
    text_language,
)

DATA = Path(__file__).resolve().parents[2] / "src" / "plenipot" / "demo" / "data"
TEXTS = sorted((DATA / "resolutions").glob("*.txt")) + sorted((DATA / "translations").glob("*.txt"))

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;
b) that security in their use is a shared concern,

noting
that the Council has studied the matter,

resolves
1 to continue to give this work high priority;
2 to invite the Sectors:
  a) to report to the Council;
  b) to cooperate,
    i) with the regional organizations;
    ii) with one another;

resolves
1 to report to the next conference,

Annex 1 to Resolution 999
The first paragraph.
The second paragraph.
"""


def _check(labels: dict[str, Label], eids) -> None:
    assert list(labels) == list(eids), "every provision is named, in reading order"
    texts = [str(label) for label in labels.values()]
    assert len(set(labels.values())) == len(labels), "two provisions share a label"
    assert len(set(texts)) == len(texts), f"two provisions read alike: {texts}"
    for text in texts:
        assert text and "__" not in text, text


@given(trees)
def test_every_provision_of_any_text_has_its_own_label(tree):
    instrument = parse_instrument(render(tree))
    _check(provision_labels(instrument), instrument.eids())


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_provision_of_the_demo_texts_has_its_own_label(path):
    instrument = parse_instrument(path.read_text(encoding="utf-8"))
    labels = provision_labels(instrument)
    _check(labels, instrument.eids())
    assert not any(eid in str(label) for eid, label in labels.items() if "_" in eid)


def test_labels_read_as_delegates_say_them():
    instrument = parse_instrument(EXAMPLE)
    named = {eid: str(label) for eid, label in provision_labels(instrument).items()}
    assert named["number"] == "the number"
    assert named["title"] == "the title"
    assert named["considering"] == "the heading considering"
    assert named["considering__b"] == "considering b)"
    assert named["noting__a"] == "noting"  # the heading's only item, without a number
    assert named["resolves__para_1"] == "resolves (1) 1"
    assert named["resolves__para_2__point_b"] == "resolves (1) 2 b)"
    assert named["resolves__para_2__point_b__point_ii"] == "resolves (1) 2 b) ii)"
    assert named["resolves_2__para_1"] == "resolves (2) 1"
    assert named["annex_1"] == "Annex 1"
    assert named["annex_1__para_2"] == "Annex 1, paragraph 2"
    label = provision_label(instrument, "resolves__para_2__point_b")
    assert (label.kind, label.words, label.occurrence, label.path) == (
        LabelKind.ITEM, "resolves", 1, ("2", "b)"),
    )  # fmt: skip
    with pytest.raises(KeyError):
        provision_label(instrument, "nowhere")


def test_a_label_follows_the_numbering_while_the_id_stays():
    base = parse_instrument(EXAMPLE)
    text = NegotiatingText(consolidate(base, []))
    text = apply(
        text,
        AddProvision("considering__new", after="considering", kind=Kind.PREAMBLE_ITEM.value,
                     depth=0, text="that a new item comes first;"),
    )  # fmt: skip
    labels = provision_labels(text.draft)
    assert str(labels["considering__new"]) == "considering a)"
    assert str(labels["considering__a"]) == "considering b)"


def test_the_words_are_those_of_the_text_in_its_own_language():
    arabic = parse_instrument((DATA / "translations" / "136.ar.txt").read_text(encoding="utf-8"))
    labels = provision_labels(arabic)
    first = labels[arabic.eids()[4]]
    assert first.words == "إذ يضع في اعتباره" and first.path == ("a)",)
    assert text_language(arabic) == "ar" and text_direction(arabic) == "rtl"
    french = parse_instrument((DATA / "translations" / "136.fr.txt").read_text(encoding="utf-8"))
    assert text_language(french) == "fr" and text_direction(french) == "ltr"
    assert provision_labels(french)[french.eids()[4]].words.startswith("consid")
    english = parse_instrument(EXAMPLE)
    assert text_language(english) == "en" and text_direction(english) == "ltr"
    assert text_direction("«1» قرار") == "rtl" and text_direction("1 resolves") == "ltr"


def test_changes_name_new_and_deleted_provisions_by_their_neighbours():
    base = parse_instrument(EXAMPLE)
    changed = EXAMPLE.replace(
        "1 to continue to give this work high priority;\n",
        "1 to continue to give this work high priority;\n1 to do more;\n1 to do even more;\n",
    ).replace("b) that security in their use is a shared concern,\n", "")
    after = parse_instrument(changed)
    new_text = NegotiatingText(consolidate(base, list(derive_proposals(base, after, source="EUR"))))
    labels = change_labels(base, new_text.draft)
    added = [eid for eid in labels if labels[eid].kind is LabelKind.NEW]
    assert [str(labels[eid]) for eid in added] == [
        "new provision 1 after resolves (1) 1",
        "new provision 2 after resolves (1) 1",
    ]
    assert str(labels["considering__b"]) == "considering b)"  # still there, as a bracket


def test_a_deleted_provision_is_named_as_it_read():
    base = parse_instrument(EXAMPLE)
    shorter = parse_instrument(EXAMPLE.replace("b) that security in their use is a shared concern,\n", ""))
    labels = change_labels(base, shorter)
    assert str(labels["considering__b"]) == "considering b) (deleted)"
    assert str(labels["considering__a"]) == "considering a)"
    assert set(labels) == set(base.eids())


@given(trees.flatmap(lambda tree: edited(tree).map(lambda new: (tree, new))))
def test_every_change_is_named_without_an_id(pair):
    old, new = (parse_instrument(render(tree)) for tree in pair)
    labels = change_labels(old, new)
    assert set(labels) == set(old.eids()) | set(new.eids())
    for label in labels.values():
        assert "__" not in str(label)
