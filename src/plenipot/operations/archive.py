"""The conference archive: the public record as a folder of static files.

The archive is what the public sees, taken the way the public sees it: the site's own
pages are requested in-process as a visitor who is not signed in, in each language,
starting from the home page and following the links of the public record (documents, their
language versions and their renderings in PDF, Word and Akoma Ntoso, bodies, delegations, meetings with their decisions and
statements, the calendar, the day-by-day changes, the path of each text, the Final Acts,
the feeds). Whatever the access policy keeps from the public answers that visitor with
a refusal and so never goes in: the archive needs no rule of its own.

Each page is written as a file, its links made relative, so that the folder works from
a file system or any web server with no Plenipot behind it; scripts (live updates) and
forms (search, sign-in, the language menu) are taken out, and a link to a page that is
not in the archive becomes plain text. `index.html` at the top names the conference
and leads to each language's copy.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import posixpath
import re
import shutil
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from plenipot.conference.models import Conference

logger = logging.getLogger(__name__)

#: The parts of the site that make the public record; anything else is left out.
PUBLIC = (
    "/documents/", "/bodies/", "/delegations/", "/meetings/", "/calendar/", "/changes/",
    "/tracker/", "/drafts/", "/feeds/", "/static/", "/submissions/export/",
)  # fmt: skip
#: Pages under those that serve people at work, not the record.
WORKING = ("/tracker/registry/", "/tracker/decide/", "/tracker/chair/")
#: The only query parameters followed: the pages of a list, the day of the changes, and
#: the marks of an amended text's export.
QUERY_KEYS = frozenset({"page", "day", "marks"})
MAX_PAGES = 50_000
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ArchiveError(Exception):
    """What is wrong, in one line."""


@dataclass
class Outcome:
    folder: Path
    languages: list[str]
    pages: int = 0
    files: int = 0
    left_out: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def _key(url: str) -> str | None:
    """The site address a link names, reduced to what the archive follows; None for
    one outside the public record."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", _host()):
        return None
    path = parts.path or "/"
    if path != "/" and not path.startswith(PUBLIC):
        return None
    if path.startswith(WORKING):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query) if k in QUERY_KEYS]
    if parts.query and len(query) != len(parse_qsl(parts.query)):
        return None
    return path + ("?" + urlencode(sorted(query)) if query else "")


def _file_name(key: str, *, page: bool, response=None) -> str:
    """Where an address goes in the archive: a POSIX path under the language's folder
    for a page, under the top for a file. A query becomes part of the name."""
    parts = urlsplit(key)
    path = parts.path.lstrip("/")
    suffix = "-" + SAFE.sub("-", parts.query) if parts.query else ""
    if path and not path.endswith("/"):
        stem, extension = posixpath.splitext(path)
        if not extension:
            return f"{path}{suffix}.html" if page else f"{path}{suffix}"
        return f"{stem}{suffix}{extension}"
    if page:
        return f"{path}index{suffix}.html"
    # A file served at a folder's address: its own name, or one from its type.
    disposition = response.get("Content-Disposition", "") if response is not None else ""
    found = re.search(r'filename="?([^";]+)"?', disposition)
    name = SAFE.sub("_", found.group(1)).strip("._") if found else ""
    if not name:
        kind = (response.get("Content-Type", "") if response is not None else "").split(";")[0]
        name = "file" + (mimetypes.guess_extension(kind) or ".bin")
    return f"{path}{name}"


def _relative(from_file: str, to_file: str) -> str:
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


class _Crawl:
    def __init__(self, dest: Path, outcome: Outcome) -> None:
        self.dest = dest
        self.outcome = outcome
        self.files: dict[str, str] = {}  # address -> path from the top, shared by languages
        self.client = Client(HTTP_HOST=_host(), raise_request_exception=False)

    def fetch(self, key: str, language: str):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return self.client.get(key, HTTP_ACCEPT_LANGUAGE=language)

    def body(self, response) -> bytes:
        if response.streaming:
            # The client closes the response once its content has been read.
            return b"".join(response.streaming_content)
        return response.content

    def language(self, language: str) -> dict[str, str]:
        """Crawl the site in one language; the pages written, by address."""
        pages: dict[str, str] = {}
        raw: dict[str, bytes] = {}
        queue = deque(["/"])
        seen = {"/"}
        while queue and len(pages) < MAX_PAGES:
            key = queue.popleft()
            if key in self.files:
                continue
            response = self.fetch(key, language)
            if response.status_code != 200:
                if response.status_code >= 500:
                    self.outcome.failures.append(f"{key} answered {response.status_code}")
                self.outcome.left_out += 1
                continue
            kind = response.get("Content-Type", "")
            content = self.body(response)
            if kind.startswith("text/html"):
                pages[key] = _file_name(key, page=True)
                raw[key] = content
                links = [link for _el, _attr, link, _pos in lxml.html.fromstring(content).iterlinks()]
            else:
                name = _file_name(key, page=False, response=response)
                self.files[key] = name
                if kind.startswith("text/css"):
                    content, links = self.stylesheet(key, name, content)
                else:
                    links = []
                target = self.dest / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                self.outcome.files += 1
            for link in links:
                found = _key(urljoin(key, html.unescape(link.strip())))
                if found is not None and found not in seen:
                    seen.add(found)
                    queue.append(found)
        for key, content in raw.items():
            name = f"{language}/{pages[key]}"
            target = self.dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.page(key, name, content, pages, language), encoding="utf-8")
            self.outcome.pages += 1
        return pages

    def stylesheet(self, key: str, name: str, content: bytes) -> tuple[bytes, list[str]]:
        """A style sheet's own references (fonts, images), to fetch and to make relative."""
        text = content.decode("utf-8", "replace")
        links = [match.group(2) for match in CSS_URL.finditer(text)]

        def relative(match: re.Match) -> str:
            found = _key(urljoin(key, match.group(2)))
            if found is None:
                return match.group(0)
            return f"url({_relative(name, _file_name(found, page=False))})"

        return CSS_URL.sub(relative, text).encode(), links

    def page(self, key: str, name: str, content: bytes, pages: dict, language: str) -> str:
        tree = lxml.html.fromstring(content)
        for element in tree.xpath("//script | //form | //noscript"):
            element.drop_tree()
        for element, attribute, link, _pos in list(tree.iterlinks()):
            if attribute is None:
                continue  # inside a style: the site's pages have none
            found = _key(urljoin(key, html.unescape(link.strip())))
            target = None
            if found is not None:
                if found in pages:
                    target = f"{language}/{pages[found]}"
                elif found in self.files:
                    target = self.files[found]
            if target is not None:
                fragment = urlsplit(link).fragment
                element.set(
                    attribute, _relative(name, target) + (f"#{fragment}" if fragment else "")
                )
            elif urlsplit(link).scheme in ("http", "https") and urlsplit(link).netloc not in (
                "", _host()
            ):
                continue  # another site: the link stays
            elif link.startswith("#"):
                continue
            else:
                del element.attrib[attribute]  # a page that is not in the archive
        return lxml.html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def archive_write(*, dest: Path, languages: list[str] | None = None) -> Outcome:
    """Write the public record of the conference into `dest`, a new folder."""
    started = time.monotonic()
    dest = dest.expanduser().resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ArchiveError(f"{dest} already exists and is not an empty folder")
    codes = [code for code, _name in settings.LANGUAGES]
    languages = languages or codes
    unknown = [code for code in languages if code not in codes]
    if unknown:
        raise ArchiveError(f"{unknown[0]!r} is not a language of the site ({', '.join(codes)})")
    conference = Conference.objects.order_by("-start").first()
    if conference is None:
        raise ArchiveError("there is no conference to archive")
    dest.mkdir(parents=True, exist_ok=True)
    outcome = Outcome(folder=dest, languages=languages)
    # Neither a log line per page nor the PDF renderer's notes on each style sheet.
    quiet = [logging.getLogger(name) for name in ("plenipot.requests", "weasyprint")]
    was = [(log, log.disabled) for log in quiet]
    for log in quiet:
        log.disabled = True
    try:
        crawl = _Crawl(dest, outcome)
        for language in languages:
            crawl.language(language)
        names = dict(settings.LANGUAGES)
        entries = []
        for language in languages:
            with translation.override(language):
                entries.append(
                    {
                        "code": language,
                        "name": translation.get_language_info(language)["name_local"],
                        "english": str(names[language]),
                        "href": f"{language}/index.html",
                    }
                )
        with translation.override(languages[0]):
            index = render_to_string(
                "operations/archive_index.html",
                {"conference": conference, "languages": entries},
            )
        (dest / "index.html").write_text(index, encoding="utf-8")
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    finally:
        for log, disabled in was:
            log.disabled = disabled
    outcome.seconds = time.monotonic() - started
    return outcome
