"""TMX and CSV import: good files give pairs, bad ones are refused with a reason."""

from __future__ import annotations

import pytest

from plenipot.translation import memory_files
from plenipot.translation.memory_files import MemoryFileError, read_csv, read_tmx

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en-GB" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
  <body>
    <tu>
      <tuv xml:lang="en-GB"><seg>to report to the Council</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>de faire rapport au Conseil</seg></tuv>
      <tuv xml:lang="es"><seg>informar al Consejo</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>Member <bpt i="1">&lt;b&gt;</bpt>States<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="zh-Hans"><seg>成员国</seg></tuv>
    </tu>
  </body>
</tmx>
""".encode()


def test_a_good_tmx_file_gives_a_pair_per_target_language():
    pairs = read_tmx(GOOD)
    assert [(p.source_language, p.target_language, p.target) for p in pairs] == [
        ("en", "fr", "de faire rapport au Conseil"),
        ("en", "es", "informar al Consejo"),
        ("en", "zh", "成员国"),
    ]
    assert pairs[2].source.startswith("Member")


def test_entities_are_refused():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY boom "boom boom boom">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&boom;</seg></tuv></tu></body></tmx>"""
    with pytest.raises(MemoryFileError, match="entities"):
        read_tmx(data)


def test_external_references_are_refused():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">
<tmx version="1.4"><header srclang="en"/><body/></tmx>"""
    with pytest.raises(MemoryFileError, match="DOCTYPE"):
        read_tmx(data)


def test_a_huge_file_is_refused(monkeypatch):
    monkeypatch.setattr(memory_files, "MAX_BYTES", 100)
    with pytest.raises(MemoryFileError, match="limit"):
        read_tmx(GOOD)


def test_malformed_xml_is_refused():
    with pytest.raises(MemoryFileError, match="not well-formed"):
        read_tmx(b"<tmx><body><tu></body></tmx>")


def test_xml_that_is_not_tmx_is_refused():
    with pytest.raises(MemoryFileError, match="not TMX"):
        read_tmx(b"<html/>")


def test_an_unknown_language_code_is_refused_naming_the_unit():
    data = GOOD.replace(b'xml:lang="es"', b'xml:lang="pt-BR"')
    with pytest.raises(MemoryFileError, match="translation unit 1.*pt-BR"):
        read_tmx(data)


def test_csv_with_a_language_header():
    data = "en,fr,ru\nMember States,États Membres,Государства-Члены\n\nCouncil,Conseil,\n".encode()
    pairs = read_csv(data)
    assert [(p.target_language, p.target) for p in pairs] == [
        ("fr", "États Membres"), ("ru", "Государства-Члены"), ("fr", "Conseil"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"en,xx\na,b\n", "xx"),
        (b"en,en\na,b\n", "each once"),
        (b"en,fr\na,b,c\n", "line 2"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_bad_csv_is_refused(data, message):
    with pytest.raises(MemoryFileError, match=message):
        read_csv(data)


def test_import_service_stores_the_pairs(conference):
    from plenipot.translation.models import MemorySegment
    from plenipot.translation.services import memory_import

    assert memory_import(conference=conference, data=GOOD, kind="tmx", reference="old.tmx") == 3
    assert MemorySegment.objects.filter(origin="tmx", target_language="zh").count() == 1


def test_machine_translation_is_off_by_default_and_speaks_libretranslate(monkeypatch):
    import io
    import json

    from plenipot.translation import machine

    assert machine.configured_adapter({}) is None
    adapter = machine.configured_adapter({"PLENIPOT_MT_URL": "http://mt.local:5000"})
    seen = {}

    def fake_urlopen(request, timeout):
        seen["url"] = request.full_url
        seen["body"] = json.loads(request.data)
        return io.BytesIO(json.dumps({"translatedText": ["un", "deux"]}).encode())

    monkeypatch.setattr(machine.urllib.request, "urlopen", fake_urlopen)
    assert adapter.translate(["one", "two"], source="en", target="zh") == ["un", "deux"]
    assert seen["url"] == "http://mt.local:5000/translate"
    assert seen["body"]["target"] == "zh-Hans" and seen["body"]["q"] == ["one", "two"]
