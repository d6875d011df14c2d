"""The portal pages, through the Django test client."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_without_a_conference_invites_to_load_the_demo(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "plenipot demo" in response.content.decode()


def test_home_shows_the_conference_counts_committees_and_deadlines(
    client, tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plenipotentiary Conference" in html and "Busan" in html
    counts = response.context["counts"]
    assert (counts.member_states, counts.delegations, counts.bodies) == (3, 3, 6)
    # No access decision: the public reads no input document, so counts no proposal.
    assert (counts.resolutions, counts.proposals) == (1, 0)
    assert [b.code for b in response.context["committees"]] == ["COM5", "WGPL"]
    # Chair of COM5 with a link to the delegation's page.
    assert 'href="/delegations/BRA/"' in html
    # The conference is over: deadlines are listed from its first day; reported ones drop out.
    assert [b.code for b in response.context["deadlines"]] == ["COM5-AHG-130"]


def test_home_counts_only_the_proposals_the_reader_may_read(
    client, tree, conference, states, delegate_user
):
    from plenipot.accounts.models import AccessDecisions, DocumentRelease
    from plenipot.conference.models import Body
    from plenipot.documents.services import document_create, proposal_create

    limited = document_create(
        conference=conference, number="DL/3", kind="temporary", title="Limited draft",
        date=conference.start, sources=[states["SEN"]],
    )
    DocumentRelease.objects.create(document=limited, limited=True)
    for n in (1, 2):
        proposal_create(document=limited, symbol=f"SEN/DL3/{n}", mark="ADD", text="secret")

    def proposals():
        # The conference at a glance: a visitor's home, and /overview/ for everyone.
        return client.get("/overview/").context["counts"].proposals

    assert proposals() == 0, "the public reads neither the input nor the limited document"
    AccessDecisions.objects.create(conference=conference, public_kinds=["input"])
    assert proposals() == 0, "the input document is allocated to a group closed to the public"
    Body.objects.filter(pk=tree["ahg"].pk).update(openness="public")
    assert proposals() == 1, "the public input document's proposal only"
    client.force_login(delegate_user)  # a member of Senegal's delegation, the limited source
    assert proposals() == 3
    client.logout()
    assert proposals() == 1
    DocumentRelease.objects.filter(document=limited).update(published_by_source=True)
    assert proposals() == 3, "its source published it for everyone"


def test_base_layout_has_navigation_language_switcher_and_no_external_assets(client, tree):
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    for label in ["Home", "Bodies", "Delegations", "Documents", "Meetings", "API docs"]:
        assert f">{label}</a>" in html
    assert 'href="/api/v1/docs"' in html
    assert ">Admin</a>" not in html, "admin link is for staff only"
    assert 'action="/i18n/setlang/"' in html
    assert html.count("<option value=") == 6
    assert 'aria-current="page"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing is loaded from elsewhere"


def test_arabic_pages_are_right_to_left(client, tree):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/bodies/"})
    assert response.status_code == 302
    html = client.get("/bodies/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # The chart is mirrored: the Plenary's children run from right to left.
    layout = client.get("/bodies/").context["layout"]
    boxes = {box.key: box for box in layout.boxes}
    com5, wgpl = tree["com5"], tree["wgpl"]
    assert boxes[com5.pk].x > boxes[wgpl.pk].x


def test_login_and_logout_by_post(client, delegate_user):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "delegate", "password": "a-long-demo-password"}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    # The user menu names the person behind the account (SEN's head).
    assert "Head SEN" in html and 'action="/accounts/logout/"' in html
    assert client.get(reverse("logout")).status_code == 405, "logging out needs a POST"
    assert client.post(reverse("logout")).status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_login_page_does_not_link_to_itself(client, delegate_user):
    html = client.get(reverse("login") + "?next=/bodies/").content.decode()
    assert 'href="/accounts/login/' not in html
    assert 'name="next" value="/bodies/"' in html


def test_wrong_password_shows_an_error(client, delegate_user):
    response = client.post(reverse("login"), {"username": "delegate", "password": "nope"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_staff_see_the_admin_link(client, tree, admin_user):
    client.force_login(admin_user)
    assert 'href="/admin/"' in client.get("/").content.decode()


def svg_of(html: str) -> str:
    match = re.search(r'<svg class="chart".*?</svg>', html, re.S)
    assert match, "the body tree page has an inline SVG chart"
    return match.group(0)


def test_body_tree_draws_a_linked_box_per_body(client, tree):
    response = client.get("/bodies/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    codes = re.findall(r'data-code="([^"]+)"', svg)
    assert sorted(codes) == sorted(
        ["PL", "COM5", "WGPL", "COM5-AHG-130", "COM5-AHG-DOCS", "COM5-AHG-130-DG-RESOLVES"]
    )
    assert 'href="/bodies/COM5-AHG-130/"' in svg
    assert svg.count('class="connector"') == 5
    assert 'class="node kind-ad_hoc status-reported"' in svg
    assert "Chair: France" in svg
    assert svg.count("code-long") == 1, "a long code gets a smaller font"
    assert 'href="#icon-public"' in svg and 'href="#icon-delegations"' in svg
    # Names too long for a box are shortened; the full name stays in the tooltip.
    assert "…" in svg and "building confidence and security in the use of ICTs)" in svg
    # The text alternative lists every body, nested.
    listing = html[html.index('id="tree-list"') :]
    assert listing.count("<li>") == 6


def test_body_tree_coordinates_do_not_depend_on_the_language(client, tree):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    svg = svg_of(client.get("/bodies/").content.decode())
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg), "numbers are not localised"


def test_body_tree_query_count_does_not_grow_with_the_tree(
    client, tree, conference, django_assert_max_num_queries
):
    from plenipot.conference.services import body_create

    for i in range(25):
        body_create(
            conference=conference,
            code=f"WGPL-AHG-{i}",
            name=f"Ad hoc group {i}",
            kind="ad_hoc",
            parent=tree["wgpl"],
            chair=tree["com5"].chair,
        )
    with django_assert_max_num_queries(6):
        response = client.get("/bodies/")
    assert response.content.decode().count('class="node ') == 31


def test_body_page(client, tree):
    response = client.get("/bodies/COM5/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Committee 5 – Policy and Legal Matters" in html
    assert "Consider the proposals on policy and legal matters." in html
    assert "Head BRA" in html and "Claire Martin" in html, "chair and vice-chair"
    assert 'href="/bodies/COM5-AHG-130/"' in html and 'href="/bodies/PL/"' in html
    assert "Public (webcast)" in html


def test_body_page_lists_referred_documents(
    client, tree, delegations, django_assert_max_num_queries
):
    # The ad hoc group is open to delegations only: the public does not see its documents.
    html = client.get("/bodies/COM5-AHG-130/").content.decode()
    assert "Addendum 1 to Document 27" not in html
    from plenipot.accounts.services import user_create

    user = user_create(username="fra", password=None)
    head = delegations["FRA"].members.get(delegation_role="head")
    head.user = user
    head.save()
    client.force_login(user)
    with django_assert_max_num_queries(18):
        response = client.get("/bodies/COM5-AHG-130/")
    html = response.content.decode()
    assert "Addendum 1 to Document 27" in html
    assert "European Common Proposals: Resolution 130" in html
    assert "30 October 2014" in html
    assert 'href="/bodies/COM5-AHG-130-DG-RESOLVES/"' in html
    # Breadcrumbs from the Plenary down.
    assert html.index('href="/bodies/PL/"') < html.index('href="/bodies/COM5/"')


def test_unknown_body_is_404(client, tree):
    assert client.get("/bodies/NOPE/").status_code == 404


def test_pages_need_a_conference(client, db):
    assert client.get("/bodies/").status_code == 404
    assert client.get("/delegations/").status_code == 404


def test_delegation_list_filters_by_region_and_sorts_by_size(
    client, tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/delegations/")
    assert response.status_code == 200
    names = [d.organisation.name for d, _ in response.context["rows"]]
    assert names == ["Brazil", "France", "Senegal"]

    by_size = client.get("/delegations/?sort=size").context["rows"]
    assert [d.organisation.name for d, _ in by_size][0] == "France"
    assert by_size[0][0].member_count == 2

    region_b = client.get("/delegations/?region=B")
    assert [d.organisation.name for d, _ in region_b.context["rows"]] == ["France"]
    assert 'href="/delegations/FRA/"' in region_b.content.decode()

    # Unknown values fall back to the defaults instead of failing.
    assert client.get("/delegations/?region=Z&sort=evil").status_code == 200


def test_delegation_page(client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/delegations/FRA/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "France" in html and "Accepted" in html
    assert "Head FRA" in html and "Head of delegation" in html
    assert "Claire Martin" in html and "Delegate" in html
    assert "CEPT" in html and "(<bdi>EUR</bdi>)" in html
    assert 'href="/bodies/COM5-AHG-130/"' in html and 'href="/bodies/COM5/"' in html
    # The ITU symbol works as an address too; lower case is fine.
    assert client.get("/delegations/f/").status_code == 200
    assert client.get("/delegations/XYZ/").status_code == 404


@pytest.fixture
def back_to_english():
    """Requests in Arabic leave Arabic active in the thread; later tests expect English."""
    from django.utils import translation

    yield
    translation.activate("en")


def test_latin_names_symbols_and_titles_are_isolated_on_arabic_pages(
    client, tree, conference, back_to_english
):
    """Names, symbols and titles in another script sit in <bdi>, so their parentheses
    and punctuation keep their order inside right-to-left text."""
    from plenipot.accounts.models import AccessDecisions
    from plenipot.conference.models import Body
    from plenipot.documents.models import Document

    AccessDecisions.objects.create(conference=conference, public_kinds=["input"])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    com5 = client.get("/bodies/COM5/").content.decode()
    assert '<html lang="ar" dir="rtl">' in com5
    assert "<bdi>Committee 5 – Policy and Legal Matters</bdi>" in com5
    # States are named in Arabic (conference.names), still isolated.
    assert "<bdi>COM5-AHG-130</bdi>" in com5 and "<bdi>فرنسا</bdi>" in com5
    tree_page = client.get("/bodies/").content.decode()
    assert "<bdi>البرازيل</bdi>" in tree_page
    Body.objects.filter(code="COM5-AHG-130").update(openness="public")
    document = Document.objects.get(number="27", addendum=1)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "<h1><bdi>" in page
    assert "<bdi>European Common Proposals: Resolution 130</bdi>" in page
    assert "<bdi>EUR/27A1/1</bdi>" in page
    delegation = client.get("/delegations/FRA/").content.decode()
    assert "<bdi>Claire Martin</bdi>" in delegation


