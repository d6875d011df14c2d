"""Direction by content: a block of negotiated or translated text runs in the direction of
its own language, whatever the interface's. English text in the Arabic interface stays
left to right, its closing punctuation at the end of the line (not ";video across the
world"); Arabic text in the English interface stays right to left.

Each check is made by the browser on the page as drawn: the element's ``dir`` and its
computed direction, and where the last punctuation mark of a provision stands beside
the letter before it. Screenshots go to the test's folder (and to PLENIPOT_SCREENSHOTS
when set) so that a person can look at them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "src" / "plenipot" / "demo" / "data"

# Where the last visible character of an element's text is drawn, and the character
# before it: in left-to-right text the closing punctuation is right of that letter, in
# right-to-left text left of it. An English sentence drawn right to left puts its ";"
# at the far left, before the first word.
ENDING = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const chars = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.data.length; i++) if (node.data[i].trim()) chars.push([node, i]);
  }
  const box = ([node, offset]) => {
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return range.getBoundingClientRect();
  };
  const [node, at] = chars[chars.length - 1];
  const last = box(chars[chars.length - 1]), before = box(chars[chars.length - 2]);
  return {
    mark: node.data[at],
    direction: getComputedStyle(element).direction,
    afterInReading: last.left >= before.right - 1 ? "right" : last.right <= before.left + 1 ? "left" : "same",
  };
}"""


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    return path


def _page(browser, base_url: str, username: str, language: str):
    """A page signed in as `username` with the interface in `language`."""
    from django.test import Client

    from plenipot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url},
        ]
    )
    return context.new_page()


def _dir(locator) -> tuple[str | None, str | None, str]:
    return (
        locator.get_attribute("dir"),
        locator.get_attribute("lang"),
        locator.evaluate("e => getComputedStyle(e).direction"),
    )


def test_english_text_in_the_arabic_interface_runs_left_to_right(asgi_server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    from plenipot.negotiation.models import Draft

    draft = Draft.objects.get(instrument__number="101", closed_at__isnull=True)
    page = _page(browser, asgi_server, "secretariat", "ar")

    # The drafting room: the page right to left, the English draft left to right.
    page.goto(f"{asgi_server}/drafts/{draft.pk}/")
    expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _dir(page.locator("#draft")) == ("ltr", "en", "ltr")
    line = page.locator("#p-considering__a .text")
    assert line.inner_text().rstrip().endswith((";", ","))
    ending = line.evaluate(ENDING)
    assert ending["direction"] == "ltr" and ending["afterInReading"] == "right", ending
    # A bracket's closing mark stays after its wordings too.
    bracket = page.locator("#p-resolves__para_1 .bracket").first
    assert bracket.evaluate(ENDING)["afterInReading"] == "right"
    # The item's number stands at the start of its line, on the left.
    number = page.locator("#p-considering__a .num").bounding_box()
    whole = page.locator("#p-considering__a > .provision").bounding_box()
    assert number["x"] - whole["x"] < 40, (number, whole)
    # The room's own controls stay Arabic, right to left.
    assert page.locator(".room-side h2").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Opening the pen's editor: its fields hold the English text left to right.
    page.locator("#p-considering__a > .provision").click()
    box = page.locator("#p-considering__a .editor textarea").first
    assert _dir(box) == ("ltr", "en", "ltr")
    assert page.locator("#p-considering__a .editor").evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The list to move a provision names each by its label, the text's words isolated.
    options = page.locator("#p-considering__a .move-after option").all_inner_texts()
    assert any(option.startswith("\u2068considering b)\u2069") for option in options), options
    assert not any("__" in option for option in options)
    _shot(page, tmp_path, "direction-drafting-room-editor-ar.png")
    page.keyboard.press("Escape")
    shot = _shot(page, tmp_path, "direction-drafting-room-ar.png")
    assert shot.stat().st_size > 10_000

    # Resolution 133, considering c): EUR inserts "plenipotentiary " before
    # "conference"; the space it carries is shown after the bracket, not lost in it.
    other = Draft.objects.get(instrument__number="133", closed_at__isnull=True)
    page.goto(f"{asgi_server}/drafts/{other.pk}/")
    inserted = page.locator("#p-considering__c .text")
    expect(inserted).to_contain_text("plenipotentiary EUR] conference,")
    assert inserted.evaluate(ENDING)["afterInReading"] == "right"

    # The drafting history: the changes in the draft's direction, named by labels.
    page.goto(f"{asgi_server}/drafts/{draft.pk}/history/?from=0")
    change = page.locator("dl.diff dd").first
    assert _dir(change)[2] == "ltr"
    assert change.evaluate(ENDING)["afterInReading"] == "right"
    assert "__" not in page.locator("dl.diff dt").first.inner_text()

    # The tracker: the changes to the text in force, left to right.
    page.goto(f"{asgi_server}/tracker/resolution/101/")
    block = page.locator(".text-block")
    assert _dir(block) == ("ltr", "en", "ltr")
    changed = block.locator("p.modified").first
    assert changed.evaluate(ENDING)["afterInReading"] == "right"
    _shot(page, tmp_path, "direction-tracker-ar.png")
    page.locator(".text-block").scroll_into_view_if_needed()
    _shot(page, tmp_path, "direction-tracker-changes-ar.png")


def test_arabic_text_in_the_english_interface_runs_right_to_left(asgi_server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    from plenipot.conference.models import Body
    from plenipot.negotiation.services import draft_create, instrument_create
    from plenipot.translation.models import Expression

    arabic = (DATA / "translations" / "136.ar.txt").read_text(encoding="utf-8")
    instrument = instrument_create(
        conference=demo.conference, number="AR/136", title="قرار بالعربية", text=arabic
    )
    draft = draft_create(
        body=Body.objects.get(conference=demo.conference, code="WGPL"),
        instrument=instrument, proposals=[],
    )  # fmt: skip
    page = _page(browser, asgi_server, "secretariat", "en")
    page.goto(f"{asgi_server}/drafts/{draft.pk}/")
    expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert _dir(page.locator("#draft")) == ("rtl", "ar", "rtl")
    line = page.locator("#p-preamble_1__a .text")
    ending = line.evaluate(ENDING)
    assert ending["mark"] == "؛"
    assert ending["direction"] == "rtl" and ending["afterInReading"] == "left", ending
    # Its item letter stands at the start of the line, on the right.
    number = page.locator("#p-preamble_1__a .num").bounding_box()
    whole = page.locator("#p-preamble_1__a > .provision").bounding_box()
    assert whole["x"] + whole["width"] - (number["x"] + number["width"]) < 40, (number, whole)
    _shot(page, tmp_path, "direction-drafting-room-en-arabic-text.png")

    # The translator's workspace in English: the Arabic version right to left, even an
    # empty box, so that the caret starts on the right.
    expression = Expression.objects.filter(language="ar", source__document__isnull=False).first()
    page.goto(f"{asgi_server}/translation/{expression.pk}/")
    box = page.locator(".ws-target textarea").first
    assert _dir(box) == ("rtl", "ar", "rtl")
    source = page.locator(".ws-source").first
    assert _dir(source)[2] == "ltr"


TYPED = """() => [...document.querySelectorAll('input:not([type]), input[type=text], textarea')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.name, getComputedStyle(e).unicodeBidi])"""


def test_what_is_typed_runs_in_its_own_direction_in_either_interface(asgi_server, demo, browser, tmp_path):
    """Every text field takes the direction of what is typed in it, line by line: English
    typed in the Arabic interface keeps its full stop at its end, Arabic typed in the
    English interface reads right to left."""
    for language in ("ar", "en"):
        page = _page(browser, asgi_server, "secretariat", language)
        for path in ("/setup/", "/setup/bodies/COM5/"):
            page.goto(f"{asgi_server}{path}")
            fields = page.evaluate(TYPED)
            assert fields, path
            assert all(bidi == "plaintext" for _name, bidi in fields), (path, fields)
        page.locator("textarea[name=mandate]").fill(
            "Study the questions put to it.\nيدرس المسائل المعروضة عليه."
        )
        _shot(page, tmp_path, f"direction-typed-{language}.png")
        page.context.close()
