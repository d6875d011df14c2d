"""The error pages and the account pages are the site's own: in its layout and in the
reader's language, saying why a request was refused; a refusal is logged in one line,
without the traceback that a server error keeps."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from plenipot.core.logs import RefusalsWithoutTraceback

LAYOUT = 'class="site-header"'


@pytest.fixture
def delegate(conference):
    return get_user_model().objects.create_user(
        username="ada", password="a-long-pass-phrase-7", role="delegate",
        email="ada@example.org", display_name="Ada of Nowhere",
    )


def _text(response) -> str:
    return response.content.decode()


def test_a_403_says_the_reason_in_the_site_layout(client, delegate):
    client.force_login(delegate)
    response = client.get("/planning/runs/")
    assert response.status_code == 403
    html = _text(response)
    assert LAYOUT in html
    assert "Not allowed" in html
    assert "Only the secretariat runs the planner." in html
    assert "You are signed in as Ada of Nowhere." in html


def test_a_403_speaks_the_readers_language(client, delegate):
    client.force_login(delegate)
    response = client.get("/planning/runs/", HTTP_ACCEPT_LANGUAGE="ar")
    html = _text(response)
    assert response.status_code == 403
    assert 'lang="ar" dir="rtl"' in html
    with translation.override("ar"):
        assert translation.gettext("Only the secretariat runs the planner.") in html
        assert translation.gettext("Not allowed") in html
    assert "Only the secretariat runs the planner." not in html


def test_a_404_offers_a_visitor_to_sign_in(client, conference):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = _text(response)
    assert LAYOUT in html
    assert "Not found" in html
    assert 'href="/accounts/login/?next=/no-such-page/"' in html


def test_a_404_in_french_for_a_signed_in_reader(client, delegate):
    client.force_login(delegate)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    html = _text(response)
    assert response.status_code == 404
    with translation.override("fr"):
        assert translation.gettext("There is nothing here, or nothing you may see.") in html
    assert "/accounts/login/?next=" not in html


def test_the_500_page_needs_neither_request_nor_database():
    # No database for this test: a query from the template would fail it.
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "plenipot/css/site.css" in html
    assert LAYOUT in html
    with translation.override("ar"):
        arabic = render_to_string("500.html")
    assert 'dir="rtl"' in arabic
    with translation.override("ar"):
        assert translation.gettext("Something went wrong") in arabic


def test_a_form_without_its_token_gets_the_sites_page(conference):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _text(response)
    assert LAYOUT in html
    assert "The form has expired" in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize("path", ["/accounts/password-reset/", "/accounts/password-reset/sent/"])
def test_password_reset_pages_are_the_sites(client, conference, path):
    response = client.get(path)
    html = _text(response)
    assert response.status_code == 200
    assert "Django" not in html
    assert LAYOUT in html


def test_password_reset_runs_in_the_sites_pages(client, delegate, settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="es")
    with translation.override("es"):
        assert translation.gettext("Reset your password") in _text(response)
    response = client.post("/accounts/password-reset/", {"email": "ada@example.org"}, follow=True)
    assert "Check your e-mail" in _text(response) and LAYOUT in _text(response)
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    html = _text(response)
    assert "Choose a new password" in html and "Django" not in html and LAYOUT in html
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "another-long-phrase-9", "new_password2": "another-long-phrase-9"},
        follow=True,
    )
    assert "Password set" in _text(response) and LAYOUT in _text(response)
    delegate.refresh_from_db()
    assert delegate.check_password("another-long-phrase-9")


def test_a_used_reset_link_says_so(client, conference):
    response = client.get("/accounts/reset/MQ/bad-token/", follow=True)
    html = _text(response)
    assert "This link has been used or has expired." in html and LAYOUT in html


def test_password_change_in_the_sites_pages(client, delegate):
    client.force_login(delegate)
    home = _text(client.get("/"))
    assert 'href="/accounts/password-change/"' in home
    response = client.get("/accounts/password-change/")
    assert "Change your password" in _text(response) and "Django" not in _text(response)
    response = client.post(
        "/accounts/password-change/",
        {
            "old_password": "a-long-pass-phrase-7",
            "new_password1": "a-fresh-long-phrase-3",
            "new_password2": "a-fresh-long-phrase-3",
        },
        follow=True,
    )
    assert "Password changed" in _text(response) and LAYOUT in _text(response)
    delegate.refresh_from_db()
    assert delegate.check_password("a-fresh-long-phrase-3")


def test_the_login_page_names_no_account_outside_the_demo(client, conference):
    html = _text(client.get("/accounts/login/"))
    assert LAYOUT in html
    assert "Forgot your password?" in html
    assert "Demo accounts" not in html


def test_the_login_page_names_the_demo_accounts(client, db):
    from plenipot.demo.loader import demo_accounts, demo_load

    demo_load()
    html = _text(client.get("/accounts/login/"))
    table = html[html.index("Demo accounts"):]
    for account in demo_accounts():
        assert f">{account.username}</code>" in table
        assert account.password in table
    assert "Tuvalu" in table and "Nigeria" in table
    arabic = _text(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar"))
    with translation.override("ar"):
        assert translation.gettext("Demo accounts") != "Demo accounts"
        assert translation.gettext("Demo accounts") in arabic
        assert translation.gettext("Translator") in arabic


def test_a_visitor_learns_why_no_draft_is_shown(client, conference, delegate):
    html = _text(client.get("/drafts/"))
    assert "No draft is open to you." in html
    assert "open to delegations only" in html
    assert 'href="/accounts/login/?next=/drafts/"' in html
    client.force_login(delegate)
    assert "open to delegations only" not in _text(client.get("/drafts/"))


def test_the_navigation_links_the_timetable(client, conference):
    html = _text(client.get("/"))
    nav = html[html.index('class="site-nav"'):html.index("</nav>", html.index('class="site-nav"'))]
    assert 'href="/planning/"' in nav


# --- the log --------------------------------------------------------------------------


@pytest.fixture
def console():
    """What the site's console handler (settings.LOGGING) writes, while the test runs."""
    handler = next(
        h for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalsWithoutTraceback) for f in h.filters)
    )
    buffer = io.StringIO()
    # Swapped without flushing: the stream it held may be a capture pytest has closed.
    previous, handler.stream = handler.stream, buffer
    yield buffer
    handler.stream = previous


def test_a_refusal_is_logged_in_one_line_without_traceback(client, delegate, console):
    client.force_login(delegate)
    assert client.get("/planning/runs/").status_code == 403
    assert client.get("/no-such-page/").status_code == 404
    log = console.getvalue()
    assert "Forbidden (Permission denied): /planning/runs/" in log
    assert "Not Found: /no-such-page/" in log
    assert "Traceback" not in log
    assert "PermissionDenied" not in log


def test_a_server_error_keeps_its_traceback(console):
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/documents/", exc_info=True,
            extra={"status_code": 500},
        )
    log = console.getvalue()
    assert "Internal Server Error: /documents/" in log
    assert "Traceback" in log and "the database went away" in log
