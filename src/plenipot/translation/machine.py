"""Machine translation as an option, off unless `PLENIPOT_MT_URL` is set.

An adapter turns a list of texts in one language into a list in another. The one
adapter here speaks the LibreTranslate HTTP API (``POST /translate`` with ``q``,
``source``, ``target`` and ``format``). Its output is stored with the origin
"machine", shown as "machine translation — not revised" until a person saves it.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABEL = gettext_lazy("machine translation — not revised")
MAX_ANSWER = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
_CODES = {"zh": "zh-Hans"}


class MachineTranslationError(RuntimeError):
    pass


class Adapter(Protocol):
    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]: ...


class LibreTranslate:
    """A LibreTranslate-compatible server at `url`, with an optional API key."""

    def __init__(self, url: str, *, api_key: str = "", timeout: float = DEFAULT_TIMEOUT) -> None:
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
                raw = response.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as exc:
            raise MachineTranslationError(
                _("The machine translation server answered with an error (HTTP %(status)s).")
                % {"status": exc.code}
            ) from None
        except TimeoutError:
            raise MachineTranslationError(
                _("The machine translation server did not answer within %(seconds)s seconds.")
                % {"seconds": f"{self.timeout:g}"}
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise MachineTranslationError(
                    _("The machine translation server did not answer within %(seconds)s seconds.")
                    % {"seconds": f"{self.timeout:g}"}
                ) from None
            raise MachineTranslationError(
                _("The machine translation server cannot be reached: %(reason)s")
                % {"reason": exc.reason}
            ) from None
        except OSError as exc:
            raise MachineTranslationError(
                _("The machine translation server cannot be reached: %(reason)s") % {"reason": exc}
            ) from None
        if len(raw) > MAX_ANSWER:
            raise MachineTranslationError(_("The machine translation server's answer is too large."))
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if (
            not isinstance(translated, list)
            or len(translated) != len(texts)
            or not all(isinstance(text, str) for text in translated)
        ):
            raise MachineTranslationError(
                _("The machine translation server answered with something other than the translations asked for.")
            )
        return translated


def configured_adapter(environ=None) -> Adapter | None:
    """The adapter named by the environment, or None: machine translation is off by default.

    `PLENIPOT_MT_URL` turns it on; `PLENIPOT_MT_API_KEY` is sent when set;
    `PLENIPOT_MT_TIMEOUT` bounds the wait for an answer, in seconds (20)."""
    environ = os.environ if environ is None else environ
    url = environ.get("PLENIPOT_MT_URL", "").strip()
    if not url.startswith(("http://", "https://")):
        return None
    try:
        timeout = float(environ.get("PLENIPOT_MT_TIMEOUT", "") or DEFAULT_TIMEOUT)
    except ValueError:
        timeout = DEFAULT_TIMEOUT
    if not 0 < timeout <= 600:
        timeout = DEFAULT_TIMEOUT
    return LibreTranslate(url, api_key=environ.get("PLENIPOT_MT_API_KEY", ""), timeout=timeout)
