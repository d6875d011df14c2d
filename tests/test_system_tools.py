"""A missing system tool skips its tests on a newcomer's machine and fails them in CI."""

from system_tools import SYSTEM_TOOLS, missing_tool_verdict


def _absent(marker: str) -> bool:
    """A machine with gettext and nothing else."""
    return marker == "gettext"


def test_a_missing_tool_skips_with_the_line_that_installs_it():
    assert missing_tool_verdict(["poppler"], {}, present=_absent) == (
        "skip",
        "poppler (pdftoppm, pdftotext, pdffonts) is not installed: apt-get install poppler-utils",
    )


def test_ci_turns_the_skip_into_a_failure():
    action, message = missing_tool_verdict(
        ["browser"], {"PLENIPOT_REQUIRE_SYSTEM_TOOLS": "1"}, present=_absent
    )
    assert action == "fail"
    assert "apt-get install chromium" in message


def test_a_present_tool_lets_the_test_run():
    assert missing_tool_verdict(["gettext"], {"PLENIPOT_REQUIRE_SYSTEM_TOOLS": "1"}, present=_absent) is None
    assert missing_tool_verdict([], {}, present=_absent) is None


def test_every_tool_names_its_debian_package():
    assert set(SYSTEM_TOOLS) == {
        "browser", "libreoffice", "poppler", "gettext", "noto_fonts", "pg_tools"
    }
    assert all(tool.packages for tool in SYSTEM_TOOLS.values())
