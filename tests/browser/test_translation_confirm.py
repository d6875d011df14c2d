"""A fuzzy match that needs no change is confirmed as it is, from its button or with
Ctrl+Enter: saved unchanged, it becomes the translator's; a provision from the text in
force that nobody touched is not saved again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _signed_in(browser, live_server, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "plenipot-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def _saved(page, eid: str) -> None:
    page.wait_for_function(
        "(eid) => document.querySelector(`[data-eid='${eid}'] .ws-state`).dataset.kind === 'saved'",
        arg=eid,
    )


def test_an_unchanged_fuzzy_match_is_confirmed_as_it_is(live_server, demo, browser):
    from plenipot.translation.models import Expression

    expression = next(
        e for e in Expression.objects.exclude(status="final").order_by("pk")
        if sum(1 for s in e.segments.values() if s.get("origin") == "fuzzy" and s.get("text")) >= 2
    )
    fuzzy = [eid for eid, s in expression.segments.items() if s.get("origin") == "fuzzy" and s.get("text")]
    kept = next(eid for eid, s in expression.segments.items() if s.get("origin") == "in_force")
    before = {eid: dict(s) for eid, s in expression.segments.items()}

    page = _signed_in(browser, live_server, "translator")
    page.goto(f"{live_server.url}/translation/{expression.pk}/")
    first = page.locator(f"[data-eid='{fuzzy[0]}']")
    assert "fuzzy match" in first.locator(".ws-origin").inner_text()
    first.get_by_role("button", name="Confirm as it is").click()
    _saved(page, fuzzy[0])
    assert first.locator(".ws-origin").inner_text() == "translated"
    assert first.get_by_role("button", name="Confirm as it is").count() == 0

    # From the keyboard: Ctrl+Enter on an untouched fuzzy match confirms it too…
    second = page.locator(f"[data-eid='{fuzzy[1]}'] textarea")
    second.focus()
    page.keyboard.press("Control+Enter")
    _saved(page, fuzzy[1])
    # …but not a provision taken from the text in force.
    page.locator(f"[data-eid='{kept}'] textarea").focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(300)

    expression.refresh_from_db()
    for eid in fuzzy[:2]:
        segment = expression.segments[eid]
        assert segment["origin"] == "human"
        assert segment["text"] == before[eid]["text"].strip()
        assert segment["revision"] == before[eid].get("revision", 0) + 1
    assert expression.segments[kept] == before[kept]

    page.reload()
    assert page.locator(f"[data-eid='{fuzzy[0]}'] .ws-origin").inner_text() == "translated"
    assert page.locator(f"[data-eid='{fuzzy[0]}']").get_by_role(
        "button", name="Confirm as it is"
    ).count() == 0
