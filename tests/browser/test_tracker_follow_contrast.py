"""The "Follow this text" button on a tracker page stands out from the page: its text
against the background it is drawn on has at least the 4.5:1 contrast WCAG asks of
normal text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The colour the button's text is drawn in, and the first opaque background behind it.
_COLOURS = """(el) => {
  const text = getComputedStyle(el).color;
  let node = el, back = 'rgba(0, 0, 0, 0)';
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') { back = colour; break; }
    node = node.parentElement;
  }
  return [text, back];
}"""


def _luminance(css: str) -> float:
    parts = [float(p) for p in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
    channels = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in (p / 255 for p in parts)
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def demo(demo, settings):
    """The shared demo conference, with the public page cache off so every visit renders."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    return demo


def test_the_follow_button_is_readable(live_server, demo, client, browser):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(role="secretariat").first()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value,
         "url": live_server.url}
    ])
    page = context.new_page()
    page.goto(f"{live_server.url}/tracker/resolution/101/")
    button = page.get_by_role("button", name="Follow this text")
    text, back = button.evaluate(_COLOURS)
    box = button.bounding_box()
    page.screenshot(
        path="/tmp/tracker-follow-button.png",
        clip={"x": 0, "y": max(0, box["y"] - 120), "width": 1280, "height": 240},
    )
    page.screenshot(path="/tmp/tracker-follow-page.png")
    assert _contrast(text, back) >= 4.5, (text, back)
    button.hover()
    text, back = button.evaluate(_COLOURS)
    assert _contrast(text, back) >= 4.5, (text, back)
