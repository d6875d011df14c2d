"""The system programs some tests need, in one place.

A newcomer's machine may lack Debian's Chromium, LibreOffice, poppler, gettext, the
Noto fonts or PostgreSQL's client tools: a test that needs one carries its marker
(``@pytest.mark.poppler``) and is skipped with the line that installs it. CI sets ``PLENIPOT_REQUIRE_SYSTEM_TOOLS=1``, so
there a missing tool fails the test instead of hiding it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REQUIRE = "PLENIPOT_REQUIRE_SYSTEM_TOOLS"


@dataclass(frozen=True)
class SystemTool:
    marker: str
    what: str
    packages: str
    present: Callable[[], bool]


def _commands(*names: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(name) for name in names)


def _noto_fonts() -> bool:
    if shutil.which("fc-list") is None:
        return False
    families = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    return all(name in families for name in ("Noto Naskh Arabic", "Noto Sans CJK", "Noto Serif"))


SYSTEM_TOOLS = {
    tool.marker: tool
    for tool in (
        SystemTool(
            "browser", "Debian's Chromium (/usr/bin/chromium)", "chromium",
            lambda: Path("/usr/bin/chromium").exists(),
        ),
        SystemTool(
            "libreoffice", "LibreOffice (soffice)", "libreoffice-writer-nogui",
            _commands("soffice"),
        ),
        SystemTool(
            "poppler", "poppler (pdftoppm, pdftotext, pdffonts)", "poppler-utils",
            _commands("pdftoppm", "pdftotext", "pdffonts"),
        ),
        SystemTool("gettext", "gettext (msgfmt)", "gettext", _commands("msgfmt")),
        SystemTool(
            "pg_tools", "PostgreSQL's client tools (pg_dump, pg_restore)", "postgresql-client",
            _commands("pg_dump", "pg_restore"),
        ),
        SystemTool(
            "noto_fonts", "the Noto fonts (Arabic, CJK, Latin)",
            "fonts-noto-core fonts-noto-cjk", _noto_fonts,
        ),
    )
}


@cache
def _present(marker: str) -> bool:
    return SYSTEM_TOOLS[marker].present()


def missing_tool_verdict(
    markers: Iterable[str],
    environ: Mapping[str, str],
    tools: Mapping[str, SystemTool] = SYSTEM_TOOLS,
    present: Callable[[str], bool] = _present,
) -> tuple[str, str] | None:
    """``("skip" | "fail", message)`` for the first tool among ``markers`` that is
    missing, or None when all are there."""
    for marker in markers:
        if present(marker):
            continue
        tool = tools[marker]
        message = f"{tool.what} is not installed: apt-get install {tool.packages}"
        if environ.get(REQUIRE) == "1":
            return "fail", f"{message} ({REQUIRE}=1)"
        return "skip", message
    return None
