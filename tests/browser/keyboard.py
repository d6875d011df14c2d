"""Moving through a page from the keyboard, as someone without a mouse does."""

from __future__ import annotations


def tab_to(page, target, limit: int = 150) -> int:
    """Press Tab from where the focus is until `target` (a locator) has it; the number
    of presses it took. Fails if the tab order never reaches it. The target is found
    again after each press: a live part of the page may be redrawn meanwhile (never
    while the focus is in it), which replaces its elements."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => document.activeElement === el", timeout=10_000):
            return presses
    raise AssertionError(f"Tab never reached {target}")
