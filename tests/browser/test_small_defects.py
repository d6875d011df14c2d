"""Small things a reader sees at once: the current filter pill on the tracker readable
(WCAG AA, 4.5:1), each checkbox of the access decisions on its label's line, the
document filters on one line of equal fields, and a body's code such as WGPL-AHG-OTT
never broken over lines."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The colour an element's text is drawn in, and the first opaque background behind it.
_COLOURS = """(el) => {
  const text = getComputedStyle(el).color;
  let node = el, back = 'rgb(255, 255, 255)';
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


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(29, 78, 137)", "rgb(29, 90, 145)") < 1.5, "dark blue on dark blue"


def _signed_in(browser, live_server, username: str, language: str = "en"):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "plenipot-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_the_current_filter_pill_is_readable(live_server, demo, page, tmp_path):
    page.goto(f"{live_server.url}/tracker/")
    pills = page.locator("ul.stage-line li")
    assert pills.count() > 2
    for index in range(pills.count()):
        pills.nth(index).locator("a").click()
        page.wait_for_load_state()
        current = page.locator("ul.stage-line li.current a")
        assert current.count() == 1
        text, back = current.evaluate(_COLOURS)
        assert contrast(text, back) >= 4.5, (current.inner_text(), text, back)
        pills = page.locator("ul.stage-line li")
    current.hover()
    text, back = current.evaluate(_COLOURS)
    assert contrast(text, back) >= 4.5
    page.locator("ul.stage-line").screenshot(path=str(tmp_path / "pills.png"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_access_checkbox_sits_on_its_labels_line(live_server, demo, browser, language):
    page = _signed_in(browser, live_server, "secretariat", language)
    page.goto(f"{live_server.url}/secretariat/access/")
    labels = page.locator("form label.check")
    assert labels.count() >= 5
    rtl = language == "ar"
    for index in range(labels.count()):
        label = labels.nth(index)
        box = label.locator("input[type=checkbox]").bounding_box()
        words = label.evaluate(
            """(el) => { const r = document.createRange();
                 const text = [...el.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
                 r.selectNodeContents(text); const b = r.getBoundingClientRect();
                 return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""
        )
        middle = box["y"] + box["height"] / 2
        assert words["y"] <= middle <= words["y"] + words["height"], (index, box, words)
        if rtl:
            assert box["x"] >= words["x"] + words["width"] - 1, "the box is before the words"
        else:
            assert box["x"] + box["width"] <= words["x"] + 1, "the box is before the words"


def test_document_filters_line_up_and_codes_stay_whole(live_server, demo, browser, tmp_path):
    page = _signed_in(browser, live_server, "secretariat")
    page.goto(f"{live_server.url}/documents/")
    fields = page.locator("form.filters input, form.filters select, form.filters button")
    boxes = [fields.nth(i).bounding_box() for i in range(fields.count())]
    heights = {round(b["height"]) for b in boxes}
    assert max(heights) - min(heights) <= 2, heights
    # On each line of the filters, every field ends on the same baseline.
    lines: dict[int, list[float]] = {}
    for b in boxes:
        lines.setdefault(round(b["y"] / 40), []).append(b["y"] + b["height"])
    for bottoms in lines.values():
        assert max(bottoms) - min(bottoms) <= 2, bottoms
    page.locator("form.filters").screenshot(path=str(tmp_path / "filters.png"))

    codes = page.locator("table a.code")
    assert codes.count() > 0
    long_codes = 0
    for index in range(codes.count()):
        code = codes.nth(index)
        if "-" in code.inner_text():
            long_codes += 1
            assert code.evaluate("e => e.getClientRects().length") == 1, code.inner_text()
            assert code.evaluate("e => e.getBoundingClientRect().height") < 30, code.inner_text()
    assert long_codes, "the demo lists documents of groups with long codes"
