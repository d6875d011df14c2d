"""Each demo account signs in, in English and in Arabic, at 1366×768, and lands on the
home of its role under a navigation that holds in one row; the menus open, move and
close from the keyboard, and without the script from the pointer and the focus.
Screenshots of the homes go to the test's folder (and to PLENIPOT_SCREENSHOTS when set)
so that a person can look at them; docs/img/home-*.png are taken from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 768
PASSWORD = "plenipot-demo"
#: Each demo account and the home it lands on (portal.home.home_kind).
HOMES = {
    "secretariat": "secretariat",
    "chair": "chair",
    "delegate": "delegate",
    "delegate1": "delegate",
    "translator": "translator",
    "observer": "reader",
}


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _context(browser, live_server, language: str, **options):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, **options)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def _boxes(locator) -> list[dict]:
    return locator.evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; })"
    )


def _assert_one_row(page, who: str) -> None:
    """Every top-level entry of the navigation on the same line, inside the window, and
    the bar no taller than one entry; the header's tools on one line too."""
    items = _boxes(page.locator(".nav-bar > li"))
    assert len(items) >= 4, who
    tops = {round(item["top"]) for item in items}
    assert len(tops) == 1, f"{who}: the navigation wraps onto {len(tops)} rows"
    assert all(0 <= item["left"] and item["right"] <= WIDTH for item in items), who
    [bar] = _boxes(page.locator(".nav-bar"))
    height = max(item["bottom"] for item in items) - min(item["top"] for item in items)
    assert bar["bottom"] - bar["top"] <= height + 1, who
    tools = _boxes(page.locator(".header-tools > *"))
    assert len({round(tool["top"] + (tool["bottom"] - tool["top"]) / 2) for tool in tools}) == 1, (
        f"{who}: the header's tools wrap"
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_account_lands_on_its_home_under_one_row_of_navigation(
    live_server, demo, browser, tmp_path, language
):
    folder = _folder(tmp_path)
    for username, kind in HOMES.items():
        context = _context(browser, live_server, language)
        page = context.new_page()
        _sign_in(page, live_server, username)
        who = f"{username} ({language})"
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("[data-home]").get_attribute("data-home") == kind, who
        assert page.locator("h1").first.is_visible()
        _assert_one_row(page, who)
        # The home link is the current page, and no other.
        current = page.locator("[aria-current=page]")
        assert current.count() == 1 and current.get_attribute("href") == "/", who
        if language == "ar":
            items = _boxes(page.locator(".nav-bar > li"))
            assert items[0]["right"] > items[1]["right"], (
                "in Arabic the first entry is on the right"
            )
        suffix = "" if language == "en" else f"-{language}"
        path = folder / f"home-{username}{suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000
        context.close()
    # A visitor keeps the conference at a glance, under the same navigation.
    context = _context(browser, live_server, language)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("[data-home]").count() == 0
    assert page.locator(".stats").is_visible()
    _assert_one_row(page, f"visitor ({language})")
    if language == "en":
        page.screenshot(path=str(folder / "home.png"), full_page=False)
    context.close()


def test_the_widest_navigation_holds_in_one_row_in_every_language(live_server, demo, browser):
    """The secretariat's (every group, the longest user's name beside the language
    switcher) in the six languages of the conference."""
    for language in ("ar", "zh-hans", "en", "fr", "ru", "es"):
        context = _context(browser, live_server, language)
        page = context.new_page()
        _sign_in(page, live_server, "secretariat")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".nav-bar > li").count() == 6
        _assert_one_row(page, f"secretariat ({language})")
        context.close()


def _expanded(page, key: str) -> str | None:
    return page.locator(f"[aria-controls=nav-menu-{key}]").get_attribute("aria-expanded")


def test_the_menus_work_from_the_keyboard(live_server, demo, browser):
    context = _context(browser, live_server, "en")
    page = context.new_page()
    _sign_in(page, live_server, "secretariat")
    menu = page.locator("#nav-menu-texts")
    toggle = page.locator("[aria-controls=nav-menu-texts]")
    assert not menu.is_visible() and _expanded(page, "texts") == "false"

    # Tab reaches the group's link, then its button; Enter opens the menu.
    page.locator("a.nav-top[href='/documents/']").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "nav-menu-texts"
    page.keyboard.press("Enter")
    assert menu.is_visible() and _expanded(page, "texts") == "true"
    # The arrow keys move through its links; Escape closes it and gives the focus back.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "What changed"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Tracker"
    page.keyboard.press("End")
    last = page.evaluate("document.activeElement.textContent.trim()")
    assert last == "Submit proposals"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "What changed"
    page.keyboard.press("Escape")
    assert not menu.is_visible() and _expanded(page, "texts") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "nav-menu-texts"

    # Space opens it too; ArrowUp on the button opens it at its last link.
    page.keyboard.press("Space")
    assert menu.is_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowUp")
    assert menu.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Submit proposals"
    # Leaving the group with Tab closes it; opening another menu closes the first.
    page.keyboard.press("Tab")
    assert not menu.is_visible()
    toggle.click()
    assert menu.is_visible()
    page.locator("[aria-controls=nav-menu-tools]").click()
    assert not menu.is_visible() and page.locator("#nav-menu-tools").is_visible()
    # A click elsewhere closes it; Enter on a link follows it.
    page.mouse.click(WIDTH - 20, HEIGHT - 20)
    assert not page.locator("#nav-menu-tools").is_visible()
    page.locator("[aria-controls=nav-menu-tools]").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/planning/runs/")
    marked = page.locator("[aria-current=page]")
    assert marked.count() == 1 and marked.inner_text() == "Planner"

    # The user's menu: the account pages, and signing out.
    page.locator("[aria-controls=user-menu]").focus()
    page.keyboard.press("Enter")
    assert page.locator("#user-menu").is_visible()
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Log out"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Log in").is_visible()
    context.close()


def test_without_the_script_a_menu_opens_while_the_pointer_or_the_focus_is_in_it(
    live_server, demo, browser
):
    context = _context(browser, live_server, "en", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    menu = page.locator("#nav-menu-meetings")
    assert not menu.is_visible()
    page.locator("a.nav-top[href='/calendar/']").hover()
    assert menu.is_visible()
    page.mouse.move(WIDTH - 10, HEIGHT - 10)
    assert not menu.is_visible()
    page.locator("a.nav-top[href='/documents/']").focus()
    assert page.locator("#nav-menu-texts").is_visible()
    page.locator("#nav-menu-texts a[href='/tracker/']").click()
    page.wait_for_url("**/tracker/")
    context.close()
