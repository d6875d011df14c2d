"""Every user-facing string is translated into all five other languages.

The strings are found the way `makemessages` finds them (Django's own template
translation for templates, then the gettext calls), but with Python's parser instead
of xgettext, so the test needs neither gettext tools nor the network. It reads the
compiled catalogues, so a translation added to a .po file but not compiled fails too.
After adding strings, run `makemessages`, translate, `compilemessages` (see
docs/translation.md).
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2] / "src" / "plenipot"
LOCALES = ("ar", "zh_Hans", "es", "fr", "ru")
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _strings(args: list[ast.expr], count: int) -> list[str] | None:
    if len(args) < count:
        return None
    values = []
    for arg in args[:count]:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return None
        values.append(arg.value)
    return values


def messages_in(source: str) -> set[tuple[str, ...]]:
    """(msgid,), (context, msgid) with a leading marker, or plural forms."""
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in SINGULAR and (values := _strings(node.args, 1)):
            found.add(("", values[0]))
        elif name in CONTEXT and (values := _strings(node.args, 2)):
            found.add((values[0], values[1]))
        elif name in PLURAL and (values := _strings(node.args, 2)):
            found.add(("", values[0], values[1]))
        elif name in CONTEXT_PLURAL and (values := _strings(node.args, 3)):
            found.add((values[0], values[1], values[2]))
    return {message for message in found if message[1]}


_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALL = re.compile(rf"\b(npgettext|ngettext|pgettext|gettext)\(((?:{_LITERAL}(?:,\s*)?)+)")


def template_messages(source: str) -> set[tuple[str, ...]]:
    """Messages in a template, read from Django's translation of it into gettext calls
    (the text xgettext would read; it is not Python as a whole, each call is)."""
    code = "\n".join(
        f"{name}({arguments.rstrip(', ')})"
        for name, arguments in _TEMPLATE_CALL.findall(templatize(source))
    )
    return messages_in(code)


def project_messages() -> dict[tuple[str, ...], str]:
    """Every message in the project's code and templates, with where it was first found."""
    found: dict[tuple[str, ...], str] = {}
    for path in sorted(ROOT.rglob("*")):
        if "migrations" in path.parts or "__pycache__" in path.parts:
            continue
        if path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
        elif path.suffix in (".html", ".txt") and "templates" in path.parts:
            messages = template_messages(path.read_text(encoding="utf-8"))
        else:
            continue
        if path.suffix == ".py":
            messages = messages_in(source)
        for message in messages:
            found.setdefault(message, str(path.relative_to(ROOT)))
    return found


def catalogue(locale: str) -> dict:
    path = ROOT / "locale" / locale / "LC_MESSAGES" / "django.mo"
    if not path.exists():
        pytest.fail(f"no compiled catalogue {path.relative_to(ROOT)}: run makemessages and compilemessages")
    with open(path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def untranslated(locale: str, messages: dict[tuple[str, ...], str]) -> list[str]:
    table = catalogue(locale)
    # Plural forms are keyed (msgid, n); how many there are depends on the language.
    plurals: dict[str, list[str]] = {}
    for key, value in table.items():
        if isinstance(key, tuple):
            plurals.setdefault(key[0], []).append(value)
    missing = []
    for message, where in sorted(messages.items()):
        context = message[0]
        msgid = f"{context}\x04{message[1]}" if context else message[1]
        if len(message) == 3:
            forms = plurals.get(msgid, [])
            ok = bool(forms) and all(forms)
        else:
            ok = bool(table.get(msgid))
        if not ok:
            missing.append(f"{where}: {message[1]!r}")
    return missing


def test_the_project_has_messages_to_translate():
    messages = project_messages()
    assert ("", "Translation") in messages
    assert len(messages) > 50


def test_extraction_finds_template_and_python_strings():
    template = template_messages(
        '{% load i18n %}{% translate "Hello" %}{% blocktranslate with n=x %}{{ n }} left{% endblocktranslate %}'
        '{% translate "it\'s" context "month" %}'
    )
    found = template | messages_in("from x import gettext_lazy as _\nA = _('World')\n")
    assert {("", "Hello"), ("", "%(n)s left"), ("", "World"), ("month", "it's")} <= found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    missing = untranslated(locale, project_messages())
    assert not missing, f"{len(missing)} strings not translated into {locale}:\n" + "\n".join(missing[:40])


@pytest.mark.gettext
@pytest.mark.parametrize("locale", LOCALES)
def test_each_compiled_catalogue_is_its_source_compiled(locale, tmp_path):
    """A .po edited without `compilemessages` would leave the site speaking the old
    translation: msgfmt's compilation of the .po holds exactly what the shipped .mo holds."""
    folder = ROOT / "locale" / locale / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(folder / "django.po")],
        check=True, capture_output=True,
    )
    with open(compiled, "rb") as fresh, open(folder / "django.mo", "rb") as shipped:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(shipped)._catalog
