"""Machine translation as an option, off unless `PLENIPOT_MT_URL` is set.

An adapter turns a list of texts in one language into a list in another. The one
adapter here speaks the LibreTranslate HTTP API (``POST /translate`` with ``q``,
``source``, ``target`` and ``format``). Its output is stored with the origin
"machine", shown as "machine translation — not revised" until a person saves it.
"""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Protocol

from django.utils.translation import gettext_lazy as _

LABEL = _("machine translation — not revised")
_CODES = {"zh": "zh-Hans"}


class MachineTranslationError(RuntimeError):
    pass


class Adapter(Protocol):
    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]: ...


class LibreTranslate:
    """A LibreTranslate-compatible server at `url`, with an optional API key."""

    def __init__(self, url: str, *, api_key: str = "", timeout: float = 20.0) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        if not texts:
            return []
        body = {
            "q": texts,
            "source": _CODES.get(source, source),
            "target": _CODES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read(10 * 1024 * 1024))
        except (OSError, ValueError) as exc:
            raise MachineTranslationError(f"machine translation failed: {exc}") from None
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise MachineTranslationError("machine translation answered with an unexpected shape")
        return [str(text) for text in translated]


def configured_adapter(environ=None) -> Adapter | None:
    """The adapter named by the environment, or None: machine translation is off by default."""
    environ = os.environ if environ is None else environ
    url = environ.get("PLENIPOT_MT_URL", "").strip()
    if not url.startswith(("http://", "https://")):
        return None
    return LibreTranslate(url, api_key=environ.get("PLENIPOT_MT_API_KEY", ""))
