"""The layers hold: `lint-imports` keeps every contract in pyproject.toml.

The engine imports no Django, starts no process and writes no file; the formats use the
engine and nothing else of Plenipot; every package sits in one of the three layers, and
the site's apps in one order, without cycles; the transports of an app with actions.py
call actions, not services. The contracts are in `[tool.importlinter]`; this runs the
same command CI runs. What import-linter cannot see is checked here: no module of
Plenipot is imported on the chance that it exists, and the transports' contract names
every transport it should.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "plenipot"
TRANSPORTS = ("views", "api", "consumers", "cli")
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def test_every_import_contract_is_kept():
    command = Path(sys.executable).with_name("lint-imports")
    assert command.exists(), f"{command} is missing: pip install -e '.[test]'"
    done = subprocess.run(
        [str(command), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _imports_plenipot(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Import) and any(
            alias.name == "plenipot" or alias.name.startswith("plenipot.") for alias in child.names
        ):
            return True
        if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module and (
            child.module == "plenipot" or child.module.startswith("plenipot.")
        ):
            return True
        if isinstance(child, ast.ImportFrom) and child.level > 0:
            return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        (isinstance(name, ast.Name) and name.id in IMPORT_ERRORS | {"Exception", "BaseException"})
        or (isinstance(name, ast.Attribute) and name.attr in IMPORT_ERRORS)
        for name in names
    )


def test_no_module_of_plenipot_is_imported_on_the_chance_that_it_exists():
    """A part of Plenipot that fails to import is a bug to see, not a feature to do
    without: a `try` that imports one and catches ImportError would hide it (and once
    made a document readable when the access policy failed to import)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            if any(_imports_plenipot(statement) for statement in node.body) and any(
                _catches_import_error(handler) for handler in node.handlers
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "ImportError caught around an import of Plenipot: " + ", ".join(found)


def _transports_contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == "transports-call-actions")


def test_the_transports_contract_names_every_transport_of_an_app_with_actions():
    """An app with actions.py: its pages, API operations, consumers and commands
    (`views.py`, `*_views.py`, `api.py`, `consumers.py`, `cli.py`) may not import its
    services or another such app's; the contract in pyproject.toml lists them by name,
    and this keeps the list whole when an app gains actions or a transport."""
    apps = sorted(path.parent.name for path in PACKAGE.glob("*/actions.py"))
    transports = {
        f"plenipot.{app}.{path.stem}"
        for app in apps
        for path in (PACKAGE / app).glob("*.py")
        if path.stem in TRANSPORTS or path.stem.endswith("_views")
    }
    services = {f"plenipot.{app}.services" for app in apps if (PACKAGE / app / "services.py").exists()}
    contract = _transports_contract()
    assert transports - set(contract["source_modules"]) == set()
    assert services - set(contract["forbidden_modules"]) == set()


def _comment_lines(source: str) -> set[int]:
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def unexplained_local_imports(source: str) -> list[int]:
    """The lines of imports inside a function that no comment explains: one on the
    import itself, or on the line above the run of imports it belongs to."""
    comments = _comment_lines(source)
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        imports = sorted(
            (node for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)),
            key=lambda node: node.lineno,
        )
        start = end = None
        for node in imports:
            if end is None or node.lineno > end + 2:
                start = node.lineno  # a new run of imports
            end = node.end_lineno
            lines = range(start - 1, node.end_lineno + 1)
            if not comments.intersection(lines):
                found.append(node.lineno)
    return sorted(set(found))


def test_an_import_inside_a_function_says_why():
    """Imports belong at the top of a module; the few that cannot be there (Django not
    set up yet when the command line starts, a heavy library one command needs, an
    optional one) say why. Migrations import their models inside their functions, as
    Django's migrations do."""
    unexplained = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        for line in unexplained_local_imports(path.read_text(encoding="utf-8"))
    ]
    assert unexplained == []


def test_the_local_import_check_sees_an_unexplained_one():
    source = "def f():\n    import json\n\n\ndef g():\n    # heavy\n    import csv\n"
    assert unexplained_local_imports(source) == [2]
