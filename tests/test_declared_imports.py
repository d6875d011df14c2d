"""Every package the code and the tests import is declared in pyproject.toml.

A module that is importable here only because something else brought it along (or
because the machine's Python happened to have it) breaks the README's install on a
fresh machine. The imports are read with `ast`, so a module imported inside a function
or under `if TYPE_CHECKING` counts as much as one at the top of a file.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "plenipot"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, list[str]]:
    """A requirement's distribution name and the extras it asks for."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", spec)
    assert match, spec
    extras = [extra.strip() for extra in (match.group(2) or "").split(",") if extra.strip()]
    return _normalize(match.group(1)), extras


def declared(*extras: str, pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """The distributions that `pip install '.[extras]'` is asked to install, following the
    project's references to its own extras (``plenipot[postgres,redis]``)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    names: set[str] = set()
    pending = [*project["dependencies"]]
    seen_extras: set[str] = set()
    todo = list(extras)
    while todo:
        extra = todo.pop()
        if extra in seen_extras:
            continue
        seen_extras.add(extra)
        pending.extend(optional[extra])
    while pending:
        name, wanted = _requirement(pending.pop())
        if name == PROJECT:
            for extra in wanted:
                if extra not in seen_extras:
                    seen_extras.add(extra)
                    pending.extend(optional[extra])
            continue
        names.add(name)
    return names


def imported_modules(folder: Path) -> dict[str, str]:
    """Top-level names of the absolute imports under ``folder``, with a file that
    imports each."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(folder.parent)))
    return found


def local_modules(folder: Path) -> set[str]:
    """Modules that live in the folder itself (test helpers, conftest)."""
    return {path.stem for path in folder.rglob("*.py")} | {
        path.name for path in folder.rglob("*") if path.is_dir()
    }


def undeclared(folder: Path, allowed: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    local = local_modules(folder)
    problems = []
    for module, where in sorted(imported_modules(folder).items()):
        if module == PROJECT or module in sys.stdlib_module_names or module in local:
            continue
        providers = {_normalize(name) for name in distributions.get(module, [])}
        if not providers:
            problems.append(f"{where}: imports {module!r}, which no installed distribution provides")
        elif not providers & allowed:
            problems.append(
                f"{where}: imports {module!r} from {', '.join(sorted(providers))}, "
                "which pyproject.toml does not declare"
            )
    return problems


def test_the_requirement_reader_follows_the_project_extras():
    assert _requirement("uvicorn[standard]>=0.30") == ("uvicorn", ["standard"])
    assert _requirement("psycopg[binary]>=3.2") == ("psycopg", ["binary"])
    assert _requirement("Django>=5.2,<5.3") == ("django", [])
    test = declared("test")
    assert {"django", "pytest", "psycopg", "channels-redis"} <= test
    assert "pytest" not in declared()


def test_the_code_imports_only_what_it_declares():
    """The site's code may use its runtime dependencies and the postgres and redis
    extras (imported only when DATABASE_URL or REDIS_URL asks for them)."""
    assert undeclared(ROOT / "src", declared("postgres", "redis")) == []


def test_the_tests_import_only_what_the_test_extra_declares():
    assert undeclared(ROOT / "tests", declared("test")) == []


def test_an_undeclared_import_is_caught(tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("import json\nimport pytest\nfrom . import x\nimport helper\n")
    (code / "helper.py").write_text("")
    assert undeclared(code, declared()) == [
        "code/module.py: imports 'pytest' from pytest, which pyproject.toml does not declare"
    ]
    assert undeclared(code, declared("test")) == []
