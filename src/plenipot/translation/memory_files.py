"""Reading translation memory files: TMX and CSV, distrusting every byte.

A TMX file is XML. It is parsed with entity expansion, DTD loading and network access
all off and without lxml's huge-tree mode, and refused outright if it declares a
DOCTYPE (the only way to bring in entities or external references) or exceeds the
size cap. Every refusal is a `MemoryFileError` with a message a person can act on.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from lxml import etree

from plenipot.engine.translation_memory import LanguageError, language_code

MAX_BYTES = 20 * 1024 * 1024
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class MemoryFileError(ValueError):
    """A memory file that cannot be imported, and why."""


@dataclass(frozen=True)
class Pair:
    source_language: str
    target_language: str
    source: str
    target: str


def _check_size(data: bytes, max_bytes: int | None) -> None:
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise MemoryFileError(
            f"the file is {len(data) // (1024 * 1024)} MB; the limit is {limit // (1024 * 1024)} MB"
        )


def read_tmx(
    data: bytes, *, source_language: str = "en", max_bytes: int | None = None
) -> list[Pair]:
    """Pairs from a TMX file: each translation unit gives one pair per target language."""
    _check_size(data, max_bytes)
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise MemoryFileError(
            "the TMX file declares a DOCTYPE or entities; files with entities or external references are refused"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise MemoryFileError(f"the TMX file is not well-formed XML: {exc}") from None
    if etree.QName(root).localname != "tmx":
        raise MemoryFileError("the file is XML but not TMX: its root element is not <tmx>")
    header = root.find("header")
    declared = header.get("srclang") if header is not None else None
    try:
        source_language = (
            language_code(declared)
            if declared and declared != "*all*"
            else language_code(source_language)
        )
    except LanguageError as exc:
        raise MemoryFileError(f"the header's source language: {exc}") from None
    pairs: list[Pair] = []
    for number, unit in enumerate(root.iter("tu"), start=1):
        texts: dict[str, str] = {}
        for variant in unit.findall("tuv"):
            code = variant.get(_XML_LANG) or variant.get("lang") or ""
            try:
                language = language_code(code)
            except LanguageError as exc:
                raise MemoryFileError(f"translation unit {number}: {exc}") from None
            segment = variant.find("seg")
            if segment is None:
                raise MemoryFileError(f"translation unit {number}: a <tuv> without <seg>")
            texts[language] = "".join(segment.itertext()).strip()
        source = texts.get(source_language)
        if not source:
            continue
        for language, target in texts.items():
            if language != source_language and target:
                pairs.append(Pair(source_language, language, source, target))
    return pairs


def read_csv(data: bytes, *, max_bytes: int | None = None) -> list[Pair]:
    """Pairs from a CSV file whose header names languages: ``en,fr,es`` …; the first
    column is the source."""
    _check_size(data, max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MemoryFileError(f"the CSV file is not UTF-8 (byte {exc.start})") from None
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows)
    except StopIteration:
        raise MemoryFileError("the CSV file is empty") from None
    except csv.Error as exc:
        raise MemoryFileError(f"the CSV file cannot be read: {exc}") from None
    try:
        languages = [language_code(cell) for cell in header]
    except LanguageError as exc:
        raise MemoryFileError(f"the CSV header: {exc}") from None
    if len(languages) < 2 or len(set(languages)) != len(languages):
        raise MemoryFileError(
            "the CSV header must name the source language then one or more other languages, each once"
        )
    pairs: list[Pair] = []
    try:
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(languages):
                raise MemoryFileError(
                    f"CSV line {number}: {len(row)} columns, expected {len(languages)}"
                )
            source = row[0].strip()
            for language, target in zip(languages[1:], row[1:], strict=True):
                if source and target.strip():
                    pairs.append(Pair(languages[0], language, source, target.strip()))
    except csv.Error as exc:
        raise MemoryFileError(f"the CSV file cannot be read: {exc}") from None
    return pairs
