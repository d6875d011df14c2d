"""One reader for a text in force (plain text, Akoma Ntoso, Word), and refusals that the
site can say in its reader's language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine import parse_instrument
from plenipot.engine.instrument import missing_parts
from plenipot.formats.akn import instrument_akn
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_out import instrument_docx
from plenipot.formats.languages import instrument_missing, instrument_name
from plenipot.formats.safety import FormatError, Message
from plenipot.formats.texts_in_force import read_text_in_force

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))

from instrument_strategies import render, trees  # noqa: E402

DATA = Path(__file__).parent / "data"


@settings(max_examples=20)
@given(trees)
def test_the_three_formats_read_the_same_instrument(tree):
    text = render(tree)
    inst = parse_instrument(text)
    for name, data in (
        ("r.txt", text.encode()),
        ("r.xml", instrument_akn(inst)),
        ("r.docx", instrument_docx(inst, DocumentHeader(symbol="Document 1-E"))),
    ):
        read = read_text_in_force(name, data)
        assert read.instrument == inst, name
        assert (read.kind, read.number) == ("resolution", tree.number.split()[1])
        assert parse_instrument(read.text) == inst


@pytest.mark.parametrize(
    ("line", "kind", "number"),
    [
        ("Resolution 130 (Rev. Busan, 2014)", "resolution", "130"),
        ("Résolution 130 (Rév. Busan, 2014)", "resolution", "130"),
        ("Resolución 130 (Rev. Busán, 2014)", "resolution", "130"),
        ("Резолюция 130 (Пересм. Пусан, 2014 г.)", "resolution", "130"),
        ("القرار ١٣٠ (المراجَع في بوسان، 2014)", "resolution", "130"),
        ("第130号决议（2014年，釜山，修订版）", "resolution", "130"),
        ("Decision 5 (Rev. Dubai, 2018)", "decision", "5"),
        ("Recommendation 3bis (Marrakesh, 2002)", "recommendation", "3bis"),
        ("Resolution 79/275", "resolution", "79/275"),
        ("Resolution COM5/2", "resolution", "COM5/2"),
        ("Minutes of the first meeting", "", ""),
    ],
)
def test_the_number_line_names_the_kind_and_number(line, kind, number):
    assert instrument_name(line) == (kind, number)


@pytest.mark.parametrize(
    "text",
    [
        (DATA / "ar.txt").read_text(encoding="utf-8"),
        "Minutes\nOf the first meeting\n\nThe meeting opened at ten\n",
        "Resolution 1\nTitle\n\nThe Conference\n\nresolves\n1 to act.\n",
        "Notes\nTitle\n\nThe Conference,\n\nresolves\n1 to act.\n",
    ],
    ids=["arabic", "nothing", "no-comma", "no-name"],
)
def test_what_is_missing_is_said_as_the_engine_says_it(text):
    inst = parse_instrument(text)
    assert [str(m) for m in instrument_missing(inst)] == missing_parts(inst)


REFUSED = [
    ("notes.md", b"Resolution 1", "expected a .txt, .xml (Akoma Ntoso) or .docx file, found '.md'"),
    ("latin.txt", "Résolution 1".encode("latin-1"), "not UTF-8 text"),
    ("bidi.txt", "Resolution 1\u202e".encode(), "bidirectional override (U+202E) at character 13"),
    ("bad.txt", b"Resolution 1\n", "line "),
    ("minutes.txt", b"Minutes\nOf the meeting\n\nThe meeting opened at ten\n",
     "the file does not look like an instrument: its first line ('Minutes')"),
    ("doc.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word 97-2003"),
    ("act.xml", b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/>'
     b"</akomaNtoso>", "<act>, not a <statement>"),
    ("entity.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "declares a document type"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_every_refusal_keeps_its_wording_to_be_said_in_another_language(name, data, words):
    with pytest.raises(FormatError) as refused:
        read_text_in_force(name, data)
    assert words in str(refused.value)
    message = refused.value.args[0]
    assert isinstance(message, Message)
    # said with a translation that marks every wording it knows
    said = refused.value.say(lambda template: f"«{template}»")
    assert said.startswith("«") and said != str(refused.value)


def test_a_message_says_its_values_in_the_same_language():
    french = {
        "the file": "le fichier",
        "%(what)s does not look like an instrument: %(missing)s": "%(what)s ne ressemble pas à un instrument : %(missing)s",
        "it has no heading such as 'considering' or 'resolves' with its items": "il n'a aucun intitulé",
        "its first line ('%(line)s') names no resolution, decision or recommendation": "sa première ligne (« %(line)s ») ne nomme rien",
    }  # fmt: skip
    inst = parse_instrument("Notes\nTitle\n\nThe Conference,\n\nresolves\n1 to act.\n")
    message = Message(
        "%(what)s does not look like an instrument: %(missing)s",
        what=Message("the file"),
        missing=instrument_missing(inst) + [Message("it has no heading such as 'considering' or 'resolves' with its items")],
    )  # fmt: skip
    assert str(message) == (
        "the file does not look like an instrument: its first line ('Notes') names no "
        "resolution, decision or recommendation; it has no heading such as 'considering' or "
        "'resolves' with its items"
    )
    assert message.say(lambda t: french.get(t, t)) == (
        "le fichier ne ressemble pas à un instrument : sa première ligne (« Notes ») ne nomme "
        "rien; il n'a aucun intitulé"
    )
    # a translation that lost a value falls back to the English, whole
    assert Message("%(n)d parts", n=3).say(lambda t: "%(m)d parties") == "3 parts"
    assert FormatError("plain words").say(str.upper) == "plain words"


@given(st.text(max_size=40))
def test_a_message_reads_as_its_template_filled_in(value):
    message = Message("the part %(part)s is missing", part=value)
    assert message == f"the part {value} is missing"
    assert message.say(lambda t: t) == message
