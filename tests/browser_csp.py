"""Collect the Content-Security-Policy violations of every page in a browser context.

Each page reports a violation to its console from a `securitypolicyviolation` listener
installed before any of its own scripts run; the context collects those messages and
Chromium's own ("Refused to ... because it violates the following Content Security
Policy directive ..."). A browser test fails at teardown if any was collected, so every
page it visits is checked against the site's policy."""

from __future__ import annotations

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.effectiveDirective + " blocked "
    + (event.blockedURI || "?") + " at " + (event.sourceFile || document.URL) + ":"
    + event.lineNumber + (event.sample ? " (" + event.sample + ")" : "")
  );
}, true);
"""

MARK = "Content Security Policy"


def watch(context, violations: list[str]) -> None:
    """Append to `violations` every CSP violation of the context's pages."""
    context.add_init_script(REPORT_VIOLATIONS)

    def collect(message) -> None:
        if MARK in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", collect)


def watch_browser(browser, violations: list[str]) -> None:
    """Watch every context opened with `browser.new_context` from now on."""
    new_context = browser.new_context

    def watched_context(**options):
        context = new_context(**options)
        watch(context, violations)
        return context

    browser.new_context = watched_context


def report(violations: list[str]) -> str:
    unique = list(dict.fromkeys(violations))
    return "Content Security Policy violations:\n" + "\n".join(unique)
