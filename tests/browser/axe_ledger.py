"""What the accessibility walk shares between its roles: a fingerprint of what axe-core
judges in a page, and a ledger of the fingerprints it has already judged.

The rules of impact serious or critical look at the page's structure, not at its words:
an element's tag, role, classes and ARIA attributes, its place among its ancestors and
children, whether it has a name (text, a label, `alt`, `aria-label`), whether the ids
it points at exist, the colours and sizes it is drawn in, the page's language, direction
and title. The fingerprint of a page is the set of its elements' signatures, each made
of those facts about the element and about every ancestor it sits in; the words are left
out, so the same page read by another role, or the same kind of page about another
document, signs the same. A page needs axe-core only if one of its signatures is new in
its language: a violation sits at an element, and an element whose signature was judged
already, in its language, was judged with everything that rule could see.

The ledger is shared by the test processes of one run (files in the run's temporary
folder), so that the walks spread over several processes still judge each signature
once."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

#: The page's signatures, as short strings. An element's descriptor holds what rules
#: read of it: tag, role, classes, ARIA attributes (id references by whether they
#: resolve, texts by whether they are empty), other attributes that rules read (texts
#: and ids by presence only), whether it has text of its own or inside, the labels of a
#: form control, whether it scrolls, and the computed colours, size and weight it is
#: drawn in. A signature is the descriptor with its ancestors' and its children's kinds.
#: Frames and shadow roots, whose insides the fingerprint does not read, make the page
#: unique.
FINGERPRINT = """() => {
  const hash = (text) => {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(36) + (h1 >>> 0).toString(36);
  };
  const IDREFS = new Set(['aria-labelledby', 'aria-describedby', 'aria-controls',
    'aria-owns', 'aria-activedescendant', 'aria-details', 'aria-errormessage',
    'aria-flowto', 'for', 'headers', 'list', 'form']);
  const TEXTS = new Set(['aria-label', 'aria-roledescription', 'aria-placeholder',
    'aria-valuetext', 'aria-description', 'aria-braillelabel',
    'aria-brailleroledescription', 'alt', 'title', 'placeholder', 'value', 'label',
    'href', 'src', 'srcdoc', 'data', 'accesskey', 'name', 'content']);
  const VALUES = new Set(['role', 'type', 'lang', 'xml:lang', 'dir', 'tabindex',
    'autocomplete', 'scope', 'colspan', 'rowspan', 'hidden', 'inert', 'disabled',
    'readonly', 'required', 'open', 'contenteditable', 'multiple', 'usemap', 'ismap',
    'http-equiv', 'controls', 'autoplay', 'muted', 'loop']);
  const STYLE = ['display', 'visibility', 'color', 'background-color', 'opacity',
    'font-size', 'font-weight', 'text-decoration-line', 'overflow-x', 'overflow-y',
    'position'];
  const all = [...document.querySelectorAll('*')];
  const ids = new Map();
  for (const e of all) if (e.id) ids.set(e.id, (ids.get(e.id) || 0) + 1);
  const referenced = new Set();
  for (const e of all) for (const name of IDREFS) {
    const value = e.getAttribute(name);
    if (value) for (const id of value.split(/\\s+/)) referenced.add(id);
  }
  const hasText = (e) => !!(e.textContent && e.textContent.trim());
  const ownText = (e) => [...e.childNodes].some(
    n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const describe = (e) => {
    const parts = [e.tagName, [...e.classList].sort().join('.')];
    for (const name of e.getAttributeNames().sort()) {
      const value = e.getAttribute(name);
      if (name === 'id') {
        parts.push('id:' + (ids.get(value) > 1 ? 'twice' : 'once')
                   + (referenced.has(value) ? ':referenced' : ''));
      } else if (IDREFS.has(name)) {
        parts.push(name + '=' + value.split(/\\s+/).filter(Boolean).map(id => {
          const target = document.getElementById(id);
          return target ? target.tagName + (hasText(target) ? ':text' : ':empty') : 'missing';
        }).join(','));
      } else if (TEXTS.has(name)) {
        parts.push(name + (value.trim() ? ':text' : ':empty')
                   + (name === 'href' && value.startsWith('#') ? ':fragment' : ''));
      } else if (VALUES.has(name) || name.startsWith('aria-')) {
        parts.push(name + '=' + value);
      }
    }
    const style = getComputedStyle(e);
    parts.push(STYLE.map(p => style.getPropertyValue(p)).join(','));
    parts.push(style.backgroundImage === 'none' ? '' : 'background-image');
    parts.push(ownText(e) ? 'own-text' : hasText(e) ? 'text' : 'no-text');
    if (e.labels) {
      parts.push('labels:' + [...e.labels].map(l => hasText(l) ? 'text' : 'empty').join(','));
    }
    if (/auto|scroll/.test(style.overflowX + style.overflowY)) {
      parts.push((e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth)
                 ? 'scrolls' : 'fits');
    }
    return parts.join('|');
  };
  const kind = (e) => e.tagName + (e.getAttribute('role') ? '@' + e.getAttribute('role') : '');
  const paths = new Map();
  const signatures = new Set();
  for (const e of all) {
    const parent = paths.get(e.parentElement) || '';
    const path = hash(parent + '>' + describe(e));
    paths.set(e, path);
    const children = [...new Set([...e.children].map(kind))].sort().join(',');
    signatures.add(hash(path + '<' + children));
    if (e.shadowRoot || /^(IFRAME|FRAME|OBJECT|EMBED)$/.test(e.tagName)) {
      signatures.add('unique:' + location.href + ':' + Math.random());
    }
  }
  const html = document.documentElement;
  signatures.add(hash(['page', html.lang, html.dir, document.title.trim() ? 'title' : '',
    !!document.querySelector('main, [role=main]'), !!document.querySelector('h1, h2, h3'),
    !!document.querySelector('a[href^="#"]'),
    ...[...document.querySelectorAll('meta[name=viewport], meta[http-equiv]')]
      .map(m => m.outerHTML)].join('|')));
  return [...signatures];
}"""


def fingerprint(page) -> frozenset[str]:
    """The signatures of what axe-core would judge in `page` as it stands."""
    return frozenset(page.evaluate(FINGERPRINT))


class AxeLedger:
    """The signatures axe-core has judged in this run, by language, and who read the
    page each was first judged in. Each judgement is a file of its own in `folder`,
    written whole before it is named, so that processes sharing the folder never read
    half of one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._read: set[str] = set()
        self._first: dict[tuple[str, str], str] = {}

    def _catch_up(self) -> None:
        for path in sorted(self.folder.glob("*.json")):
            if path.name in self._read:
                continue
            self._read.add(path.name)
            judged = json.loads(path.read_text())
            for signature in judged["signatures"]:
                self._first.setdefault((judged["language"], signature), judged["page"])

    def judged_in(self, language: str, signatures: frozenset[str]) -> list[str] | None:
        """The pages whose judgements cover all of `signatures`, the one that covers the
        most first, or None if one of them has not been judged in `language`."""
        self._catch_up()
        pages: dict[str, int] = {}
        for signature in signatures:
            page = self._first.get((language, signature))
            if page is None:
                return None
            pages[page] = pages.get(page, 0) + 1
        return sorted(pages, key=lambda page: (-pages[page], page))

    def record(self, language: str, signatures: frozenset[str], page: str) -> None:
        """Note that axe-core judged `signatures` in `language`, reading `page`."""
        name = f"{language}-{os.getpid()}-{time.monotonic_ns()}.json"
        draft = self.folder / f"{name}.part"  # not matched by `*.json` until renamed
        data = {"language": language, "page": page, "signatures": sorted(signatures)}
        draft.write_text(json.dumps(data))
        os.replace(draft, self.folder / name)


def run_folder(tmp_path_factory) -> Path:
    """A folder that every test process of this run shares, and no other run does: the
    run's own temporary folder (a process of pytest-xdist has one inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
