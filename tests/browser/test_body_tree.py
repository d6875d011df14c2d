"""Log in to the demo conference in Chromium and open the offspring chart."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def login(demo):
    """A demo account and its password; a plain account when the demo has none."""
    if demo.accounts:
        account = next((a for a in demo.accounts if a.role == "delegate"), demo.accounts[0])
        return account.username, account.password
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="visitor", password="a-long-test-password")
    return "visitor", "a-long-test-password"


def test_log_in_and_open_the_body_tree(live_server, demo, login, page):
    from plenipot.conference.models import Body

    username, password = login
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Log in").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    # Logging out is in the user's menu, under the user's name.
    page.locator("[aria-controls=user-menu]").click()
    assert page.locator("form[action='/accounts/logout/'] button").is_visible()
    page.keyboard.press("Escape")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bodies").click()
    page.wait_for_url("**/bodies/")
    chart = page.locator("svg.chart")
    assert chart.is_visible()

    codes = set(Body.objects.filter(conference=demo.conference).values_list("code", flat=True))
    assert len(codes) >= 10
    drawn = chart.locator("a.node").evaluate_all("nodes => nodes.map(n => n.dataset.code)")
    assert sorted(drawn) == sorted(codes), "one box per body"

    # Boxes are laid out by the server, rendered by the browser without overlapping.
    rects = chart.locator("a.node rect.frame").evaluate_all(
        "rects => rects.map(r => { const b = r.getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom]; })"
    )
    for i, (l1, t1, r1, b1) in enumerate(rects):
        for l2, t2, r2, b2 in rects[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1

    # Every box leads to its body's page.
    chart.locator("a.node[data-code='PL']").click()
    page.wait_for_url("**/bodies/PL/")
    assert page.locator("h1").inner_text().startswith("PL")
