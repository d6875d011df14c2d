"""The pen's editor on the demo conference's draft of Resolution 101, in English and in
Arabic, at 1366×900: the screenshots in docs/img/drafting-room-*.png are taken here.
They go to the test's folder, and to PLENIPOT_SCREENSHOTS when set, so that a person can
look at them; the test checks what a person would look for in them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 900


def _page(browser, base_url: str, username: str, language: str):
    from django.test import Client

    from plenipot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url},
        ]
    )  # fmt: skip
    return context.new_page()


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pens_editor_in_english_and_arabic(asgi_server, demo, browser, tmp_path, language):
    from playwright.sync_api import expect

    from plenipot.negotiation.models import Draft

    draft = Draft.objects.get(instrument__number="101", closed_at__isnull=True)
    page = _page(browser, asgi_server, "secretariat", language)
    page.goto(f"{asgi_server}/drafts/{draft.pk}/")
    expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    line = page.locator("#p-resolves__para_1 > .provision")
    line.focus()
    page.keyboard.press("Enter")
    editor = page.locator("#p-resolves__para_1 .editor")
    expect(editor.locator("[role=toolbar] button")).to_have_count(5)
    # The editor at the top of the window, under the bar of the room's tools.
    page.evaluate("() => window.scrollTo(0, document.querySelector('#p-resolves__para_1').getBoundingClientRect().top + window.scrollY - 70)")
    toolbar = editor.locator("[role=toolbar]")
    direction = toolbar.evaluate("e => getComputedStyle(e).direction")
    assert direction == ("rtl" if language == "ar" else "ltr")
    # The toolbar's buttons in one row, the editor inside the text's column.
    name = "drafting-room-editor.png" if language == "en" else "drafting-room-ar.png"
    shot = _shot(page, tmp_path, name)
    tops = {round(box["y"]) for box in (b.bounding_box() for b in toolbar.locator("button").all())}
    assert len(tops) == 1, tops
    assert shot.stat().st_size > 20_000


def test_without_the_script_the_editor_is_forms(asgi_server, demo, browser, tmp_path):
    """The browser runs no script: the text is drawn by the server, Edit opens the
    editor's forms, a bracket is made by naming its words, and a deletion is confirmed
    with a tick and undone from the page that follows."""
    from plenipot.accounts.models import User
    from plenipot.negotiation.models import Draft, Revision

    draft = Draft.objects.get(instrument__number="101", closed_at__isnull=True)
    head = draft.head
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, java_script_enabled=False)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": asgi_server}]
    )  # fmt: skip
    page = context.new_page()
    page.goto(f"{asgi_server}/drafts/{draft.pk}/")
    assert page.locator("#p-noting__a .text").inner_text().startswith("the outcomes of the World Summit")
    page.locator("#p-noting__a a.edit-link").click()
    editor = page.locator("#p-noting__a .editor-forms")
    editor.locator(".bracket-row input[name=words]").fill("outcomes")
    editor.locator(".bracket-row input[name=source]").fill("USA")
    editor.locator(".bracket-row input[name=text]").fill("results")
    editor.locator(".bracket-row button").click()
    assert page.locator(".messages").inner_text().startswith(f"Saved as revision {head + 1}")
    assert "[outcomes BASE | results USA]" in page.locator("#p-noting__a .text").inner_text()
    _shot(page, tmp_path, "drafting-room-without-script.png")
    editor = page.locator("#p-noting__a .editor-forms")
    editor.locator("button.delete-provision").click()  # the tick is required: nothing is sent
    assert Draft.objects.get(pk=draft.pk).head == head + 1
    editor.locator(".delete-form input[name=confirm]").check()
    editor.locator("button.delete-provision").click()
    assert page.locator("#p-noting__a").count() == 0
    page.locator("#undo-bar button.undo-delete").click()
    assert page.locator("#p-noting__a .text").inner_text().startswith("the [outcomes BASE")
    undo = Revision.objects.get(draft=draft, number=head + 3)
    assert undo.undoes == head + 2
