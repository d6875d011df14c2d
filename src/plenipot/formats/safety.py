"""Distrust every byte: the checks a file passes before any format code reads it.

A DOCX is a ZIP of XML parts, so a hostile one can be a zip bomb (a few kilobytes
that inflate to gigabytes), carry external relationships that a word processor would
fetch, or declare XML entities (the "billion laughs" and external entities). A Word
97-2003 file renamed to ``.docx`` and a password-protected file are both OLE compound
files, not ZIPs. Text can hide control characters, or bidi overrides that make a
proposal read differently on screen than in the file.

Every check raises :class:`FormatError` with a message that a delegate can act on;
nothing here stores anything, and every read is bounded in size before it happens, so
refusing a file costs bounded time and memory.

The messages are English, and each keeps its wording's template and values
(:class:`Message`), so that the site says them in its reader's language
(:meth:`FormatError.say` with Django's ``gettext``). The formats call ``Message`` ``_``,
which is how the site's tools find a wording to translate; the formats themselves stay
free of Django.

Public API: :class:`FormatError`, :class:`Message`, :class:`Limits`, :class:`Package`,
:func:`open_docx`, :func:`parse_xml`, :func:`check_text`, :func:`check_size`.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree


class Message(str):
    """A sentence in English that keeps its template and values.

    ``Message("the file is %(size).1f MB", size=3.5)`` reads "the file is 3.5 MB";
    :meth:`say` gives the template to a translation function and fills in the values,
    saying a value that is itself a :class:`Message` in the same language, and a list of
    them as one sentence joined with semicolons.
    """

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        text = template % {k: _said(v, None) for k, v in params.items()} if params else template
        message = super().__new__(cls, text)
        message.template = template
        message.params = params
        return message

    def say(self, translate: Callable[[str], str]) -> str:
        """The sentence in the language of ``translate``; English when it has none."""
        try:
            wording = translate(self.template)
            if not self.params:
                return wording
            return wording % {k: _said(v, translate) for k, v in self.params.items()}
        except (KeyError, ValueError, TypeError):  # a translation that lost a value
            return str(self)


def _said(value: object, translate: Callable[[str], str] | None) -> object:
    if isinstance(value, Message):
        return value.say(translate) if translate is not None else str(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(_said(v, translate)) for v in value)
    return value


#: Where a message is made: the template is found for translation under this name.
_ = Message


class FormatError(ValueError):
    """A file or text that is refused; ``str(error)`` says why, in plain words, and
    :meth:`say` says it in the reader's language."""

    def say(self, translate: Callable[[str], str]) -> str:
        message = self.args[0] if self.args else ""
        return message.say(translate) if isinstance(message, Message) else str(message)


@dataclass(frozen=True)
class Limits:
    """Bounds on what a file may cost to read. The defaults fit a conference's proposals
    (a long input document is a few megabytes) with room to spare."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_uncompressed_bytes: int = 100 * 1024 * 1024
    max_part_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 100
    max_members: int = 1000


DEFAULT_LIMITS = Limits()

#: The start of an OLE compound file: Word 97-2003 documents and encrypted OOXML.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

#: Relationship types that only point at something; a word processor fetches nothing
#: for them, so they are allowed to be external.
HARMLESS_EXTERNAL = ("/hyperlink",)


def check_size(size: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file larger than the cap before reading it."""
    if size > limits.max_file_bytes:
        raise FormatError(
            _(
                "the file is %(size)s; files of at most %(cap)s are accepted",
                size=_amount(size, "%.1f MB"),
                cap=_amount(limits.max_file_bytes, "%.0f MB"),
            )
        )


def _amount(size: int, megabytes: str) -> str:
    """A size as people read it: in megabytes as ``megabytes`` writes them ("200.0 MB",
    "20 MB"), in kilobytes below one megabyte ("2 KB")."""
    if size >= 1024 * 1024:
        return megabytes % (size / 1024 / 1024)
    return f"{max(round(size / 1024), 1)} KB"


# --- XML ------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def parse_xml(data: bytes, name: str = "the XML") -> etree._Element:
    """Parse XML that came from outside: no DTD, no entities, no network.

    A document type declaration has no place in a DOCX part or in Akoma Ntoso, and it
    is how entity attacks start, so any is refused outright.
    """
    if _DOCTYPE.search(data[:4096]) or _DOCTYPE.search(data):
        raise FormatError(
            _("%(name)s declares a document type or XML entities, which are refused", name=name)
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(
            _("%(name)s is not well-formed XML: %(reason)s", name=name, reason=str(exc))
        ) from None
    if root is None:
        raise FormatError(_("%(name)s is empty", name=name))
    return root


# --- DOCX package --------------------------------------------------------------------


@dataclass
class Package:
    """The parts of a DOCX that passed the checks, by name (``word/document.xml``).

    ``main`` is the document's main part: where the package's relationships say it is
    (``_rels/.rels``), which is ``word/document.xml`` in almost every file.
    """

    parts: dict[str, bytes] = field(default_factory=dict)
    main: str = "word/document.xml"

    def xml(self, name: str) -> etree._Element | None:
        data = self.parts.get(name)
        return None if data is None else parse_xml(data, name)

    def related(self, name: str, kind: str) -> str | None:
        """The part that ``name`` relates to with a relationship of this ``kind`` (the
        last word of its type, like ``numbering``), or None."""
        folder, _slash, base = name.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        if rels is None:
            return None
        for rel in rels.iter(_REL):
            if (
                rel.get("Type", "").rsplit("/", 1)[-1] == kind
                and rel.get("TargetMode", "") != "External"
            ):
                return _resolve(folder, rel.get("Target", ""))
        return None


_STRICT = _(
    "the file is saved as Strict Open XML, which is not read; open it in Word and save it "
    "again as a Word Document (.docx)"
)
_NO_DOCUMENT_PART = _("the file is not a Word document (.docx): it has no document part")
_ENCRYPTED = _("the file is encrypted; save it without a password and upload it again")

#: The relationship and namespace of ISO 29500 Strict, which Word writes only on request.
STRICT_RELATIONSHIP = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
STRICT_NAMESPACE = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_OFFICE_DOCUMENT = "/officeDocument/2006/relationships/officeDocument"


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to ``folder`` unless absolute."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _main_part(names: set[str], rels: bytes | None) -> str:
    """Where the main document is: the package's ``officeDocument`` relationship, or
    ``word/document.xml`` in a package without relationships. Strict Open XML is refused
    by name, with the way out."""
    target = None
    if rels is not None:
        for rel in parse_xml(rels, "_rels/.rels").iter(_REL):
            kind = rel.get("Type", "")
            if kind == STRICT_RELATIONSHIP:
                raise FormatError(_STRICT)
            if kind.endswith(_OFFICE_DOCUMENT):
                target = _resolve("", rel.get("Target", ""))
                break
    if target is None:
        if "word/document.xml" in names:
            return "word/document.xml"
        raise FormatError(_NO_DOCUMENT_PART)
    if target not in names:
        raise FormatError(
            _(
                "the file is not a Word document (.docx): its main part %(part)s is missing",
                part=target,
            )
        )
    return target


def _refuse_ole(data: bytes) -> None:
    # An encrypted OOXML file names its streams in UTF-16 inside the compound file.
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or "EncryptedPackage".encode("utf-16-le") in data
    ):
        raise FormatError(
            _("the file is protected by a password; save it without a password and upload it again")
        )
    raise FormatError(
        _(
            "this is a Word 97-2003 document (.doc), not a .docx; open it in a word processor, "
            "save it as .docx and upload it again"
        )
    )


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one member, never more than ``limit`` bytes whatever its header claims."""
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FormatError(
            _(
                "the part %(part)s inflates beyond %(limit)d MB; the file looks like a zip bomb "
                "and is refused",
                part=info.filename,
                limit=limit // 1024 // 1024,
            )
        )
    return data


def open_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Check a DOCX file and return its parts; raise :class:`FormatError` otherwise."""
    check_size(len(data), limits)
    if data.startswith(OLE_MAGIC):
        _refuse_ole(data)
    if not data.startswith(ZIP_MAGIC):
        raise FormatError(
            _("the file is not a Word document (.docx): it is corrupt or of another kind")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FormatError(_("the file is corrupt: it cannot be opened as a .docx")) from None
    if len(infos) > limits.max_members:
        raise FormatError(
            _(
                "the file has %(parts)d parts; at most %(limit)d are accepted",
                parts=len(infos),
                limit=limits.max_members,
            )
        )
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_uncompressed_bytes:
        raise FormatError(
            _(
                "the file inflates to %(size).0f MB; the file looks like a zip bomb and is refused",
                size=declared / 1024 / 1024,
            )
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise FormatError(_ENCRYPTED)
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise FormatError(
                _(
                    "the part %(part)s is compressed %(ratio)d to 1; the file looks like a zip "
                    "bomb and is refused",
                    part=info.filename,
                    ratio=info.file_size // max(info.compress_size, 1),
                )
            )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise FormatError(_NO_DOCUMENT_PART)

    package = Package()
    total = 0
    try:
        for info in infos:
            if info.is_dir():
                continue
            if not (info.filename.endswith((".xml", ".rels"))):
                continue  # images, fonts, embeddings: never read
            part = _bounded_read(archive, info, limits.max_part_bytes)
            total += len(part)
            if total > limits.max_uncompressed_bytes:
                raise FormatError(
                    _("the file inflates beyond the limit; the file looks like a zip bomb")
                )
            package.parts[info.filename] = part
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
            raise FormatError(_ENCRYPTED) from None
        raise FormatError(_("the file is corrupt: a part cannot be read")) from None

    for name, part in package.parts.items():
        if name.endswith(".rels"):
            _check_relationships(name, parse_xml(part, name))
    package.main = _main_part(names, package.parts.get("_rels/.rels"))
    if STRICT_NAMESPACE.encode() in package.parts.get(package.main, b"")[:4096]:
        raise FormatError(_STRICT)
    return package


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _check_relationships(name: str, root: etree._Element) -> None:
    for rel in root.iter(_REL):
        if rel.get("TargetMode", "").lower() != "external":
            continue
        if rel.get("Type", "").endswith(HARMLESS_EXTERNAL):
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1] or "unknown"
        raise FormatError(
            _(
                "the file refers to an external %(kind)s (%(target)s); files that fetch content "
                "from elsewhere are refused",
                kind=kind,
                target=rel.get("Target", "")[:80],
            )
        )


# --- text ---------------------------------------------------------------------------

#: Bidi embeddings, overrides and isolates: they reorder what is displayed without
#: changing the characters, so the same bytes can read two ways. The marks LRM, RLM
#: and ALM are kept: Arabic text needs them and they reorder nothing.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_text(text: str, where: str = "the text") -> str:
    """Return ``text`` if it has no control characters and no bidi overrides."""
    for index, char in enumerate(text):
        if char in BIDI_CONTROLS:
            raise FormatError(
                _(
                    "%(where)s contains a bidirectional override (U+%(code)04X) at character "
                    "%(index)d; remove it and try again",
                    where=where,
                    code=ord(char),
                    index=index + 1,
                )
            )
        if char not in "\t\n\r" and unicodedata.category(char) == "Cc":
            raise FormatError(
                _(
                    "%(where)s contains a control character (U+%(code)04X) at character "
                    "%(index)d; remove it and try again",
                    where=where,
                    code=ord(char),
                    index=index + 1,
                )
            )
    return text
