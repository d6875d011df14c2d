"""The navigation: grouped by what people do, each page listed only to those who may
use it, one current page at most, menus that are buttons, and the user's menu."""

from __future__ import annotations

import html as entities
import re

import pytest
from django.utils import translation

from plenipot.accounts.services import user_create
from plenipot.conference.models import Body, Person
from plenipot.conference.services import person_create

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    start = html.index('<nav class="site-nav"')
    return html[start : html.index("</nav>", start)]


def _links(html: str) -> dict[str, str]:
    """The navigation's links, label → address."""
    return {
        entities.unescape(re.sub(r"\s+", " ", label).strip()): href
        for href, label in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', _nav(html))
    }


def _user_menu(html: str) -> str:
    start = html.index('id="user-menu"')
    return html[start : html.index("</ul>", start)]


@pytest.fixture
def people(tree, delegations, delegate_user):
    """An account of each kind, and a chair who belongs to no delegation."""
    chair_user = user_create(username="chair-alone", password=None)
    chair = person_create(given_name="Ines", family_name="Moreau", user=chair_user)
    Body.objects.filter(pk=tree["wgpl"].pk).update(chair=chair)
    return {
        "delegate": delegate_user,
        "secretariat": user_create(username="sec", password=None, role="secretariat"),
        "translator": user_create(username="tra", password=None, role="translator"),
        "observer": user_create(username="obs", password=None, role="observer"),
        "chair": chair_user,
    }


@pytest.fixture
def back_to_english():
    """A request in another language leaves it active in the thread."""
    yield
    translation.activate("en")


def _page(client, user, path="/"):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_visitor_has_three_groups_and_no_desk(client, people):
    html = _page(client, None)
    links = _links(html)
    for label, href in {
        "Home": "/", "Meetings": "/calendar/", "Timetable": "/planning/",
        "Journal": "/planning/journal/", "Documents": "/documents/", "What changed": "/changes/",
        "Tracker": "/tracker/", "Drafting rooms": "/drafts/", "Bodies": "/bodies/",
        "Delegations": "/delegations/",
    }.items():  # fmt: skip
        assert links.get(label) == href, label
    for label in ("Submit proposals", "Translation", "Planner", "Registry", "Instruments"):
        assert label not in links
    toggles = re.findall(r'<button type="button" class="menu-toggle nav-toggle[^"]*"[^>]*>', html)
    assert len(toggles) == 3
    for toggle in toggles:
        assert 'aria-expanded="false"' in toggle
        menu = re.search(r'aria-controls="([^"]+)"', toggle).group(1)
        assert f'id="{menu}"' in html, "each button controls a menu that is on the page"
    assert 'id="user-menu"' not in html and ">Log in</a>" in html


@pytest.mark.parametrize(
    ("who", "submits"),
    [("delegate", True), ("secretariat", True), ("translator", False), ("observer", False),
     ("chair", False)],
)  # fmt: skip
def test_submit_proposals_is_offered_only_to_those_who_may_submit(client, people, who, submits):
    """A delegation's members and the secretariat submit; a translator, an observer and a
    chair who belongs to no delegation do not (documents.permissions)."""
    links = _links(_page(client, people[who]))
    assert ("Submit proposals" in links) is submits
    assert ("My delegation's clashes" in links) is (who == "delegate")


def test_each_role_sees_its_own_tools(client, people):
    secretariat = _links(_page(client, people["secretariat"]))
    for label in ("Registry", "Planner", "Rooms", "Instruments", "Access decisions",
                  "Translation", "Glossary", "Schedule meetings"):  # fmt: skip
        assert label in secretariat, label
    translator = _links(_page(client, people["translator"]))
    assert "Translation" in translator and "Glossary" in translator
    assert "Planner" not in translator and "Registry" not in translator
    chair = _links(_page(client, people["chair"]))
    assert "Schedule meetings" in chair and "Planner" not in chair
    observer = _links(_page(client, people["observer"]))
    assert not {"Translation", "Planner", "Schedule meetings"} & set(observer)


def test_the_user_menu_has_the_account_pages_and_signing_out(client, people):
    html = _page(client, people["delegate"])
    menu = _user_menu(html)
    for href in ("/follows/", "/account/tokens/", "/accounts/password-change/", "/"):
        assert f'href="{href}"' in menu
    assert 'action="/accounts/logout/"' in menu and 'method="post"' in menu
    # The menu names the person behind the account (SEN's head), not its display name.
    assert "Head SEN" in html and 'aria-controls="user-menu"' in html


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Home"),
        ("/planning/", "Timetable"),
        ("/planning/runs/", "Planner"),
        ("/planning/rooms/", "Rooms"),
        ("/tracker/", "Tracker"),
        ("/tracker/registry/", "Registry"),
        ("/documents/", "Documents"),
        ("/bodies/COM5/", "Bodies"),
        ("/overview/", "The conference at a glance"),
    ],
)
def test_one_link_at_most_is_the_current_page(client, people, path, current):
    """The link whose address is the longest beginning of the page's: on the planner's
    page the Planner, not the Timetable as well."""
    html = _page(client, people["secretariat"], path)
    marked = re.findall(r'<a[^>]*aria-current="page"[^>]*>([^<]+)</a>', _nav(html))
    assert [label.strip() for label in marked] == [current]
    assert html.count('aria-current="page"') == 1


def test_the_group_of_the_current_page_is_marked(client, people):
    html = _page(client, people["secretariat"], "/planning/runs/")
    groups = re.findall(r'<li class="menu nav-group( is-current)?"', _nav(html))
    assert groups.count(" is-current") == 1
    start = html.index("is-current")
    assert "nav-menu-tools" in html[start : start + 2000]


def test_the_navigation_speaks_the_readers_language(client, people, back_to_english):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = _page(client, people["delegate"])
    links = _links(html)
    assert "Séances" in links and "Documents" in links and "Soumettre des propositions" in links
    assert "autres pages" in _nav(html)
    assert "Ce que je suis" in _user_menu(html)


def test_a_chair_who_belongs_to_no_delegation_is_at_the_chairs_desk(client, people):
    assert Person.objects.get(user=people["chair"]).delegation_id is None
    html = _page(client, people["chair"])
    assert re.search(r"<h1>The chair(&#x27;|')s desk</h1>", html), html[html.index("<main"):][:600]
