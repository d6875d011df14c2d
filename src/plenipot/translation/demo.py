"""The demo's six languages: resolutions in force in all six, the glossary, and one DT
waiting for translation with its pre-translation done.

Called by the demo loader after the documents and accounts are in. Translations live in
`data/translations/<number>.<language>.txt`, in the instrument format, each aligned on
the English text by position; a translation that does not align or fails a check stops
the load with a message naming the file and the provision.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from plenipot.documents.services import document_create_temporary
from plenipot.engine.crosscheck import align
from plenipot.engine.instrument import parse_instrument
from plenipot.translation import selectors, services

LANGUAGES = ("ar", "zh", "fr", "ru", "es")


def load_translation_demo(loader: Any, error: type[Exception]) -> None:
    """`loader` is the demo loader's state: its conference, data folder, instruments, bodies."""
    data_dir: Path = loader.data_dir
    if not (data_dir / "translations.json").exists():
        return
    data = loader.read("translations.json")
    conference = loader.conference
    for item in loader.optional("glossary.json"):
        services.glossary_term_create(conference=conference, forms=item)
    for number in data.get("in_force") or []:
        _load_in_force(loader, str(number), error)
    for item in data.get("waiting") or []:
        _load_waiting(loader, item, error)


def _load_in_force(loader: Any, number: str, error: type[Exception]) -> None:
    instrument = loader.instruments.get(number)
    if instrument is None:
        raise error(f"translations.json: resolution {number} is not in resolutions/")
    source = services.source_text_create(
        conference=loader.conference, instrument=instrument, text=instrument.text
    )
    english = parse_instrument(instrument.text)
    for expression in source.expressions.all():
        where = f"translations/{number}.{expression.language}.txt"
        path = loader.data_dir / where
        if not path.exists():
            raise error(f"{where}: file not found")
        try:
            translation = parse_instrument(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise error(f"{where}: {exc}") from None
        texts, failures = align(english, translation, language=expression.language)
        if failures:
            raise error(f"{where}: {failures[0].message}")
        services.expression_fill(
            expression=expression, texts=texts, status="final", origin="in_force"
        )
        problems = selectors.expression_failures(expression)
        if problems:
            raise error(f"{where}: {problems[0].message}")
        services.memory_add_expression(expression=expression)


def _load_waiting(loader: Any, item: dict, error: type[Exception]) -> None:
    where = "translations.json"
    body = loader.bodies.get(item.get("body"))
    instrument = loader.instruments.get(str(item.get("revises")))
    if body is None or instrument is None:
        raise error(
            f"{where}: unknown body {item.get('body')!r} or resolution {item.get('revises')!r}"
        )
    text = (loader.data_dir / item["text"]).read_text(encoding="utf-8")
    issued = datetime.datetime.fromisoformat(item["issued"])
    User = get_user_model()
    author = User.objects.filter(username="secretariat").first()
    document = document_create_temporary(
        body=body,
        title=item["title"],
        author_user=author,
        text=text,
        instrument=instrument,
        at=issued,
    )
    source = services.source_text_create(
        conference=loader.conference, document=document, text=text, in_force=instrument
    )
    for expression in source.expressions.all():
        services.expression_pretranslate(expression=expression)
    for assignment in item.get("assign") or []:
        user = User.objects.filter(username=assignment["username"]).first()
        if user is None:
            raise error(f"{where}: unknown account {assignment['username']!r}")
        services.assignment_create(
            expression=source.expressions.get(language=assignment["language"]),
            user=user,
            role=assignment["role"],
            deadline=datetime.datetime.fromisoformat(assignment["deadline"]),
        )


def load_dt_versions(loader: Any, document: Any, error: type[Exception]) -> None:
    """Language versions of a DT on a text's path, made from the DT's own text, so that
    the Editorial Committee's gate finds the six languages of the current text.

    The DT is sent for translation as the secretariat would send it: the provisions it
    leaves as in force take their agreed translations; the provisions it changes take
    the translations under "dts" in `translations.json` (by resolution, provision and
    language). Each version is then final. A changed provision without its translation,
    or a translation that fails a check, stops the load naming the provision."""
    data = loader.read("translations.json") if (loader.data_dir / "translations.json").exists() else {}
    number = str(document.instrument.number) if document.instrument_id else ""
    changed = (data.get("dts") or {}).get(number)
    if changed is None:
        return
    where = f"translations.json: dts: {number}"
    source = services.source_text_for_document(document=document)
    units = dict(selectors.source_units(source))
    for expression in source.expressions.all():
        segments = dict(expression.segments)
        for eid, texts in changed.items():
            if eid not in units:
                raise error(f"{where}: {document.symbol} has no provision {eid}")
            text = (texts or {}).get(expression.language, "").strip()
            if not text:
                raise error(f"{where}: {eid} has no {expression.language} translation")
            revision = int((segments.get(eid) or {}).get("revision", 0)) + 1
            segments[eid] = {"text": text, "origin": "human", "revision": revision, "score": 0.0}
        missing = [
            eid
            for eid in units
            if (segments.get(eid) or {}).get("origin") not in ("human", "in_force", "exact")
        ]
        if missing:
            raise error(
                f"{where}: {document.symbol} changes {', '.join(missing)}, "
                f"with no {expression.language} translation given"
            )
        expression.segments = segments
        expression.status = "final"
        expression.save()
        problems = selectors.expression_failures(expression)
        if problems:
            raise error(f"{where}: {problems[0]}")
        services.memory_add_expression(expression=expression)
