"""`plenipot glossary-import` and `glossary-export`: the same checks as the page, and a
file that reads back."""

from __future__ import annotations

from plenipot.cli import main

CSV = (
    "en,fr,es,ru,ar,zh,note\n"
    "Council,Conseil,Consejo,Совет; Совета,المجلس,理事会,the ITU Council\n"
    "ad referendum,ad referendum,ad referendum,ad referendum,رهناً بالاستشارة,待核准,\n"
)


def test_import_export_and_a_refused_file(conference, tmp_path, capsys):
    from plenipot.translation.models import GlossaryTerm

    good = tmp_path / "terms.csv"
    good.write_text(CSV, encoding="utf-8")
    assert main(["glossary-import", str(good), "--conference", conference.short_name]) == 0
    assert "2 terms added, 0 replaced in the glossary of PP-14" in capsys.readouterr().out
    assert GlossaryTerm.objects.filter(conference=conference).count() == 2

    out = tmp_path / "out.csv"
    assert main(["glossary-export", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "ar,zh,en,fr,ru,es,note"
    assert main(["glossary-import", str(out)]) == 0
    assert "0 terms added, 2 replaced" in capsys.readouterr().out
    assert GlossaryTerm.objects.get(forms__en=["Council"]).forms["ru"] == ["Совет", "Совета"]

    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "Union,Union,,Союз,الاتحاد,国际电联,\n", encoding="utf-8")
    assert main(["glossary-import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Line 4: Spanish: the term is missing." in err and "Nothing was imported." in err
    assert GlossaryTerm.objects.count() == 2
    assert main(["glossary-import", str(tmp_path / "none.csv")]) == 2
    assert main(["glossary-import", str(good), "--conference", "PP-99"]) == 2
