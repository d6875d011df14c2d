"""`plenipot memory-import`: files into the memory, bad files refused on one line."""

from __future__ import annotations

from plenipot.cli import main


def test_import_csv_and_refuse_entities(conference, tmp_path, capsys):
    from plenipot.translation.models import MemorySegment

    good = tmp_path / "terms.csv"
    good.write_text("en,fr,es\nMember States,États Membres,Estados Miembros\n", encoding="utf-8")
    assert main(["memory-import", str(good), "--conference", conference.short_name]) == 0
    assert "2 segments" in capsys.readouterr().out
    assert MemorySegment.objects.filter(conference=conference, origin="csv").count() == 2

    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b'<!DOCTYPE tmx [<!ENTITY a "b">]><tmx/>')
    assert main(["memory-import", str(bad)]) == 2
    assert "bad.tmx" in capsys.readouterr().err
    assert main(["memory-import", str(tmp_path / "none.tmx")]) == 2
