"""Accessibility as a test: a browser walk over the demo as each demo account and as a
visitor, in English and in Arabic, that has axe-core's verdict on every page it reads and
fails on any violation of impact serious or critical, and on any provision id in a
page's visible text.

The walk starts from the home page and a few pages the navigation reaches only through
forms or by mistake (the search, the account pages, a refusal and a missing page), and
follows the links of each page it reads; it reads one page for each kind of page (one
URL pattern of the site, and one tracker page for each kind of text), so that it stays
short while reaching every page a person in that role can reach. Every page read is
checked for provision ids, for blocks of text in a language not running in its
direction, and for server errors. axe-core judges every page too, but the same page read
by another role is mostly the same elements in the same places: each page's fingerprint
(axe_ledger.py) is the set of signatures of its elements, words left out, and axe-core
runs only on a page with a signature not yet judged in its language, by any walk of the
run. Each walk, one role in one language, is a test of its own, so that parallel runs
spread them; it prints the pages it read, the axe-core runs it made and the pages whose
verdict it shares. It checks that it reached the pages each role should, so that it
cannot pass by having seen nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_ledger import AxeLedger, fingerprint, run_folder
from django.conf import settings
from django.urls import Resolver404, resolve

from provision_ids import PROVISION_ID
from serving import serving

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 900
#: The demo accounts, and None for a visitor; the secretariat first, who sees the most
#: controls on each page.
ROLES = ("secretariat", "chair", "delegate", "delegate1", "translator", "observer", None)
SERIOUS = ("serious", "critical")
SKIP = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/", "/api/", "/feeds/")
FILES = (".pdf", ".docx", ".xml", ".ics", ".atom", ".zip", ".txt", ".csv", ".json", ".akn")
#: Pages that answer with a file, or that change something when read.
NOT_PAGES = {
    "document-file", "translation-glossary-export", "translation-download",
    "tracker-compilation-file", "tracker-feed", "tracker-detail-feed",
    "export-instrument", "export-document", "export-final-acts",
    "planning-journal-pdf", "planning-my-calendar", "healthz", "readyz", "metrics",
}  # fmt: skip
#: Where the walk starts besides the home page: the search, the account pages, a page
#: refused to all but the secretariat, a missing page.
SEEDS = (
    "/documents/?q=resolution",
    "/accounts/password-change/",
    "/account/tokens/",
    "/follows/",
    "/planning/runs/",
    "/no-such-page/",
)
VISITOR_SEEDS = ("/accounts/login/", "/accounts/password-reset/", "/documents/?q=resolution",
                 "/planning/runs/", "/no-such-page/")  # fmt: skip
#: Kinds of page each walk must have read (URL pattern names).
MUST_REACH = {
    None: {"home", "document-list", "document-detail", "body-tree", "body-detail",
           "delegation-list", "calendar", "meeting-detail", "tracker-list", "tracker-detail",
           "planning-timetable", "planning-journal", "login", "404"},
    "secretariat": {"home", "document-detail", "draft-list", "draft-room", "draft-history",
                    "translation-queue", "translation-workspace", "planning-runs",
                    "elections-home", "instrument-list", "meeting-detail", "registry",
                    "floor-meeting", "floor-display", "submission-list", "search",
                    "password_change", "api-tokens", "404"},
    "chair": {"home", "chair-view", "draft-room", "meeting-detail", "floor-meeting", "403"},
    "delegate": {"home", "submission-list", "submission-review", "draft-room",
                 "planning-clashes", "elections-delegation", "403"},
    "delegate1": {"home", "document-detail", "draft-list", "403"},
    "translator": {"home", "translation-queue", "translation-workspace",
                   "translation-source", "translation-checks", "403"},
    "observer": {"home", "document-detail", "tracker-detail", "403"},
}  # fmt: skip
#: Blocks of text in a language of their own whose direction is not that language's: an
#: Arabic block must run right to left, any other left to right (inline runs inside a
#: sentence are left to the bidirectional algorithm).
MISDIRECTED = """() => [...document.querySelectorAll('body [lang]')]
  .filter(e => e.tagName !== 'OPTION' && getComputedStyle(e).display !== 'inline'
               && e.innerText && e.innerText.trim())
  .map(e => ({lang: e.lang, dir: getComputedStyle(e).direction,
              what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.classList.length ? '.' + [...e.classList].join('.') : ''),
              text: e.innerText.trim().slice(0, 40)}))
  .filter(b => (b.lang.split('-')[0] === 'ar') !== (b.dir === 'rtl'))"""

#: Focus the field of the first provision whose best match is not exact, in the middle
#: of the window.
FUZZY = """() => {
  const score = [...document.querySelectorAll('.ws-score')]
    .find(s => !s.textContent.trim().startsWith('100'));
  const field = score && score.closest('[id^="p-"]').querySelector('textarea');
  if (!field) return false;
  field.focus();
  field.scrollIntoView({block: 'center'});
  return true;
}"""

LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => new URL(a.getAttribute('href'), location.href))
  .filter(u => u.origin === location.origin).map(u => u.href)"""


def _context(browser, base_url: str, username: str | None, language: str):
    from django.test import Client

    from plenipot.accounts.models import User

    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    context.add_cookies(cookies)
    return context


def _kind(url: str, status: int | None = None) -> str | None:
    """The kind of page at `url`: its URL pattern's name (the tracker's pages by the
    kind of text too, the search apart), None for what the walk does not read."""
    parts = urlsplit(url)
    path = parts.path
    if path.startswith(SKIP) or path.endswith(FILES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return "404"
    name = match.url_name or match.route
    if name in NOT_PAGES:
        return None
    if name == "tracker-detail":
        return f"{name}:{match.kwargs['kind']}"
    if name == "document-list" and "q=" in parts.query:
        return "search"
    return name


def _axe_serious(axe, page) -> list[dict]:
    results = axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in SERIOUS]


def _walk(browser, site: str, username: str | None, language: str, ledger: AxeLedger):
    """Read one page of each kind reachable as `username`: the kinds read, the problems
    found (kind, rule, line to print), the pages axe-core judged, and those whose
    verdict was shared, with the pages that shared it."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = _context(browser, site, username, language)
    page = context.new_page()
    queue = ["/", *(SEEDS if username else VISITOR_SEEDS)]
    kinds: dict[str, str] = {}
    for url in queue:
        kinds.setdefault(_kind(url) or url, url)
    queue = list(kinds.values())
    read: dict[str, str] = {}
    judged: list[str] = []
    shared: dict[str, list[str]] = {}
    problems: list[tuple[str, str, str]] = []  # (kind, rule, line)
    who = f"{username or 'visitor'} ({language})"
    while queue:
        url = queue.pop(0)
        response = page.goto(site + url)
        status = response.status if response else 0
        final = urlsplit(page.url)
        kind = _kind(final.path + (f"?{final.query}" if final.query else ""))
        if status >= 500:
            problems.append((kind, "server-error", f"{who} {url} answered {status}"))
            continue
        if status in (403, 404):
            kind = str(status)
        if kind in read:
            continue
        read[kind] = url
        assert page.locator("html").get_attribute("lang") == language.replace("_", "-"), url
        signatures = fingerprint(page)
        sharing = ledger.judged_in(language, signatures)
        if sharing is None:
            violations = _axe_serious(axe, page)
            ledger.record(language, signatures, f"{who} {url}")
            judged.append(url)
        else:
            violations = []
            shared[url] = sharing
        for violation in violations:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            problems.append((kind, violation["id"],
                f"{who} {url} [{violation['impact']}] {violation['id']}: {violation['help']}"
                f" — {len(violation['nodes'])} element(s): {targets}"))  # fmt: skip
        text = page.evaluate("() => document.body.innerText")
        for found in PROVISION_ID.finditer(text):
            around = " ".join(text[max(0, found.start() - 50) : found.end() + 30].split())
            problems.append((kind, "provision-id", f"{who} {url}: {found.group(0)} in «{around}»"))
        for block in page.evaluate(MISDIRECTED)[:5]:
            problems.append((kind, "direction", f"{who} {url}: {block['what']} in {block['lang']}"
                             f" runs {block['dir']}: «{block['text']}»"))  # fmt: skip
        for link in page.evaluate(LINKS):
            parts = urlsplit(link)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            next_kind = _kind(target)
            if next_kind is None or next_kind in kinds:
                continue
            kinds[next_kind] = target
            queue.append(target)
    context.close()
    return read, problems, judged, shared


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, server_sessions):
    """The demo conference, loaded once for the module's tests, under a real server.
    The walks only read, so they share it; the database is emptied after the last of
    them, as after any test that writes outside a transaction."""
    from django.core.management import call_command

    from plenipot.demo.loader import demo_load

    with django_db_blocker.unblock():
        demo_load()
    try:
        with serving() as url:
            yield url
    finally:
        with django_db_blocker.unblock():
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def transactional_db(demo_site, django_db_blocker):
    """The database open to the test and to the server's threads, in place of
    pytest-django's fixture of that name, which would empty it after each test and so
    make every walk load the demo again; the name still tells pytest-django that the
    module's tests need the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def site(demo_site, transactional_db):
    """The demo site's address."""
    return demo_site


@pytest.fixture(scope="session")
def axe_ledger(tmp_path_factory):
    """What axe-core has judged in this run, shared by all its test processes."""
    return AxeLedger(run_folder(tmp_path_factory) / "axe-ledger")


@pytest.mark.parametrize(
    ("username", "language"),
    [pytest.param(r, lang, id=f"{r or 'visitor'}-{lang}") for r in ROLES for lang in ("en", "ar")],
)
def test_every_page_as_each_role_has_no_serious_violation(
    site, browser, axe_ledger, username, language
):
    begun = time.monotonic()
    read, problems, judged, shared = _walk(browser, site, username, language, axe_ledger)
    who = f"{username or 'visitor'} ({language})"
    print(f"{who}: {len(read)} pages read, {len(judged)} judged by axe-core, {len(shared)}"
          f" sharing an earlier verdict, in {time.monotonic() - begun:.1f} s")  # fmt: skip
    for url, pages in shared.items():
        print(f"  {url} shares the verdict on {'; '.join(pages[:3])}"
              + (f" and {len(pages) - 3} more" if len(pages) > 3 else ""))  # fmt: skip
    failures = [line for _kind, _rule, line in problems]
    missing = MUST_REACH[username] - {k.split(":")[0] for k in read}
    if missing:
        failures.append(f"{who} never read {sorted(missing)}")
    assert not failures, "\n".join(failures)


def _shot(page, tmp_path, name: str, *, height: int | None = None):
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if height:
        clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000, name
    return path


def test_the_pages_pictured_in_the_guides(site, browser, tmp_path):
    """The pages whose pictures the guides show, as the demo draws them at 1366 px
    (docs/img/bodies.png, docs/img/submission-review.png and the Arabic workspace of
    docs/translation.md are taken from these), with no serious violation either."""
    from axe_playwright_python.sync_playwright import Axe

    from plenipot.submissions.models import Upload
    from plenipot.translation.models import Expression

    axe = Axe()
    failures: list[str] = []

    def check(page, what: str) -> None:
        failures.extend(f"{what}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}"
                        for v in _axe_serious(axe, page))  # fmt: skip

    delegate = _context(browser, site, "delegate", "en").new_page()
    delegate.goto(f"{site}/bodies/")
    delegate.locator(".chart").wait_for()
    check(delegate, "the body tree")
    _shot(delegate, tmp_path, "bodies.png", height=1700)

    upload = Upload.objects.filter(status=Upload.Status.REVIEW).order_by("pk").first()
    assert upload is not None, "the demo keeps a submission under review"
    owner = _context(browser, site, upload.uploaded_by.username, "en").new_page()
    owner.goto(f"{site}/submissions/{upload.pk}/")
    owner.locator(".word-file").wait_for()
    check(owner, "the review of a submission")
    _shot(owner, tmp_path, "submission-review.png")

    # An Arabic version still in work, at its first provision matched from the memory
    # with changes to make.
    arabic = (
        Expression.objects.filter(language="ar").exclude(status=Expression.Status.FINAL)
        .order_by("pk").first()
    )  # fmt: skip
    assert arabic is not None, "the demo has an Arabic version in work"
    translator = _context(browser, site, "secretariat", "ar").new_page()
    translator.goto(f"{site}/translation/{arabic.pk}/")
    assert translator.evaluate(FUZZY)
    check(translator, "the Arabic workspace")
    _shot(translator, tmp_path, "translation-workspace-arabic.png")
    assert not failures, "\n".join(failures)


#: The search's button said to control its form, so that an id is used by ARIA.
NAMED = """() => {
  document.querySelector('main form').id = 'documents-filters';
  document.querySelector('main form button').setAttribute('aria-controls', 'documents-filters');
  return true;
}"""

#: Changes to the search page that each add one violation of impact serious or critical,
#: as a template might for one role only: (what, rule axe-core must then find, script
#: that makes the change).
INJECTED = [
    (
        "a link loses its words",
        "link-name",
        "() => { document.querySelector('main a[href]').replaceChildren(); }",
    ),
    (
        "a button loses its words",
        "button-name",
        "() => { document.querySelector('main form button').replaceChildren(); }",
    ),
    (
        "a field leaves its label",
        "label",
        """() => {
      const field = document.querySelector('main input[type=search]');
      field.closest('label').after(field); }""",
    ),
    (
        "text turns faint",
        "color-contrast",
        "() => { document.querySelector('main p.lead').style.color = '#d4d4d4'; }",
    ),
    (
        "a list holds a paragraph",
        "list",
        """() => {
      const item = [...document.querySelectorAll('ul > li')].find(li => li.offsetParent);
      const p = document.createElement('p');
      p.replaceChildren(...item.childNodes); item.replaceWith(p); }""",
    ),
    (
        "an ARIA value is wrong",
        "aria-valid-attr-value",
        "() => { document.querySelector('main a[href]').setAttribute('aria-expanded', 'often'); }",
    ),
    (
        "the id a control points at is gone",
        "aria-valid-attr-value",
        "() => { document.querySelector('main form').removeAttribute('id'); }",
    ),
    (
        "a link jumps the tab order",
        "tabindex",
        "() => { document.querySelector('main a[href]').tabIndex = 3; }",
    ),
    (
        "a heading is marked in no language",
        "valid-lang",
        "() => { document.querySelector('main h1').lang = 'zz'; }",
    ),
    ("the page loses its title", "document-title", "() => { document.title = ''; }"),
    (
        "a region scrolls out of the keyboard's reach",
        "scrollable-region-focusable",
        """() => {
      const small = document.querySelector('main small');
      Object.assign(small.style, {display: 'block', height: '4px', overflow: 'auto'}); }""",
    ),
]

#: Every word of the page's text another of the same length: what the fingerprint
#: leaves out.
REWORDED = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    node.textContent = node.textContent.replace(/[^\\s]/g, 'w');
  }
  return true;
}"""


def test_a_violation_on_one_page_is_never_hidden_by_the_verdict_on_another(site, browser, tmp_path):
    """The same page twice, the second time with one serious violation made in it (as
    if one role's page differed from another's only there): the second needs axe-core
    of its own, which finds the violation. The same page with other words shares the
    first page's verdict."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ledger = AxeLedger(tmp_path / "ledger")
    url = f"{site}/documents/?q=resolution"
    page = _context(browser, site, "delegate", "en").new_page()
    page.goto(url)
    assert page.evaluate(NAMED)
    signatures = fingerprint(page)
    assert not _axe_serious(axe, page), "the page starts with no serious violation"
    ledger.record("en", signatures, "the page as it is")

    page.goto(url)
    assert page.evaluate(NAMED) and page.evaluate(REWORDED)
    assert ledger.judged_in("en", fingerprint(page)) == ["the page as it is"]
    assert ledger.judged_in("ar", fingerprint(page)) is None, "a verdict is per language"

    failures = []
    for what, rule, change in INJECTED:
        page.goto(url)
        page.evaluate(NAMED)
        page.evaluate(change)
        if ledger.judged_in("en", fingerprint(page)) is not None:
            failures.append(f"{what}: shares the verdict on the page without it")
        only = {"runOnly": {"type": "rule", "values": [rule]}, "resultTypes": ["violations"]}
        found = [v["id"] for v in axe.run(page, options=only).response["violations"]]
        if found != [rule]:
            failures.append(f"{what}: axe-core found {found}, not {rule}")
    assert not failures, "\n".join(failures)
