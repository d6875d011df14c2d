"""`plenipot path show` and `plenipot path move`: the tracker from a terminal."""

from plenipot.cli import main
from plenipot.tracker.models import TextPath
from plenipot.tracker.services import path_start


def test_show_and_move_a_text(world, capsys):
    path_start(instrument=world["resolution"])
    assert main(["path", "move", "resolution", "101", "adopted", "--as", "sec"]) == 2
    assert "adopted skips a stage" in capsys.readouterr().err
    assert main(["path", "move", "resolution", "101", "allocated", "--as", "del", "--body", "COM5"]) == 2
    assert "Only the secretariat or the chair" in capsys.readouterr().err
    assert main(["path", "move", "resolution", "101", "allocated", "--as", "sec", "--body", "NOPE"]) == 2
    assert "There is no body NOPE." in capsys.readouterr().err
    assert main(["path", "move", "resolution", "101", "allocated", "--as", "nobody"]) == 2
    assert "no active account 'nobody'" in capsys.readouterr().err
    assert TextPath.objects.get().stage == "proposals"

    assert main(["path", "move", "resolution", "101", "allocated", "--as", "sec", "--body", "COM5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Resolution 101: Allocated (COM5)")
    assert TextPath.objects.get().stage == "allocated"

    TextPath.objects.update(stage="editorial")
    assert main(["path", "show", "resolution", "101"]) == 0
    out = capsys.readouterr().out
    assert "Six languages: not ready" in out
    assert "There are no language versions of this text." in out
    assert main(["path", "show", "resolution", "999"]) == 2
    assert "resolution 999 is not on the tracker" in capsys.readouterr().err
