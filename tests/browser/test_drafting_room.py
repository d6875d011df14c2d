"""Two pens and one watcher in the drafting room, in Chromium, over real WebSockets.

The site runs under uvicorn in a thread of the test process, against the test database.
One pen's edit appears on the watcher's screen; the other pen, who began editing the same
provision before it changed, is refused and shown the current text; after a dropped
connection the watcher resumes without a reload.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;

resolves
1 to continue to give this work high priority;
2 to invite the Sectors to report to the Council,
"""


@pytest.fixture
def room(transactional_db, django_user_model):
    import datetime

    from plenipot.conference.services import (
        body_create,
        conference_create,
        delegation_create,
        organisation_create,
        person_create,
    )
    from plenipot.engine import derive_proposals, parse_instrument
    from plenipot.negotiation.services import draft_create, instrument_create

    conference = conference_create(
        name="Plenipotentiary Conference", short_name="PP-14", city="Busan",
        country="Republic of Korea", start=datetime.date(2014, 10, 20),
        end=datetime.date(2014, 11, 7),
    )  # fmt: skip
    people = {}
    for iso3, symbol, name in [
        ("SEN", "SEN", "Senegal"),
        ("BRA", "B", "Brazil"),
        ("FRA", "F", "France"),
    ]:
        state = organisation_create(
            kind="member_state", name=name, symbol=symbol, iso2=iso3[:2], iso3=iso3, itu_region="B"
        )
        delegation = delegation_create(
            conference=conference, organisation=state, credentials_status="accepted"
        )
        user = django_user_model.objects.create_user(username=iso3.lower(), password=None)
        people[iso3] = (
            person_create(
                given_name="Head", family_name=iso3, delegation=delegation,
                delegation_role="head", user=user,
            ),
            user,
        )  # fmt: skip
    plenary = body_create(conference=conference, code="PL", name="Plenary", kind="plenary")
    body = body_create(
        conference=conference, code="AHG-999", name="Ad hoc group", kind="ad_hoc",
        parent=plenary, chair=people["SEN"][0], vice_chairs=[people["BRA"][0]],
        openness="delegations",
    )  # fmt: skip
    instrument = instrument_create(
        conference=conference, number="999", title="Example", text=EXAMPLE
    )
    base = parse_instrument(EXAMPLE)
    edited = parse_instrument(EXAMPLE.replace("high priority", "the highest priority"))
    draft = draft_create(
        body=body,
        instrument=instrument,
        proposals=list(derive_proposals(base, edited, source="EUR")),
    )
    return draft, people["SEN"][1], people["BRA"][1], people["FRA"][1]


def _page_for(browser, base_url, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return context.new_page()


def test_two_pens_and_a_watcher(asgi_server, room, browser):
    from playwright.sync_api import expect

    draft, chair, vice, delegate = room
    url = f"{asgi_server}/drafts/{draft.pk}/"
    pen, other, watcher = (_page_for(browser, asgi_server, u) for u in (chair, vice, delegate))
    for page in (pen, other, watcher):
        page.goto(url)
        expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    expect(watcher.locator(".editor")).to_have_count(0)

    # Both pens open the title; the second is slower to save.
    other.locator("#p-title").click()
    other.locator("#p-title textarea").fill("Example of a slower instrument")
    pen.locator("#p-title").click()
    pen.locator("#p-title textarea").fill("Example of a negotiated instrument")
    pen.locator("#p-title button.save").click()

    expect(watcher.locator("#p-title")).to_contain_text(
        "Example of a negotiated instrument", timeout=5_000
    )
    expect(watcher.locator("#head")).to_have_text("1")
    # The watcher sees who holds the pen on which provision.
    expect(watcher.locator("#presence")).to_contain_text("pen")

    other.locator("#p-title button.save").click()
    conflict = other.locator("#conflict")
    expect(conflict).to_be_visible(timeout=5_000)
    expect(conflict).to_contain_text("Example of a negotiated instrument")
    expect(watcher.locator("#p-title")).not_to_contain_text("slower")

    # The other pen's edit of another provision goes through.
    other.locator("#p-considering__a").click()
    other.locator("#p-considering__a textarea").fill("that ICTs matter to development;")
    other.locator("#p-considering__a button.save").click()
    expect(watcher.locator("#p-considering__a")).to_contain_text("ICTs matter", timeout=5_000)

    # The watcher's connection drops; an edit made meanwhile arrives after it resumes.
    watcher.evaluate("window.plenipotDraftingRoom.drop()")
    pen.locator("#p-resolves__para_1").click()
    pen.locator("#p-resolves__para_1 button.choose").nth(1).click()
    expect(watcher.locator("#head")).to_have_text("3", timeout=10_000)
    expect(watcher.locator("#p-resolves__para_1 .bracket")).to_have_count(0)
    expect(watcher.locator("#p-resolves__para_1")).to_contain_text("the highest priority")
    expect(watcher.locator("#live")).to_have_attribute("data-state", "live")

    # The watcher suggests a wording for the title; the pen accepts it, credited to France.
    watcher.locator("#p-title").click()
    watcher.locator("#p-title textarea.suggest-text").fill("Example of a French instrument")
    watcher.locator("#p-title button.send-suggestion").click()
    expect(pen.locator("#suggestions")).to_contain_text("French instrument", timeout=5_000)
    pen.locator("#suggestions button.accept").first.click()
    # Only the word that differs goes in brackets: "Example of a [negotiated | French]
    # instrument", the words common to both wordings left agreed around it.
    expect(watcher.locator("#p-title .alt[data-sources='F']")).to_have_text(
        "French F", timeout=5_000
    )
    expect(watcher.locator("#p-title .bracket")).not_to_contain_text("Example of")
    expect(watcher.locator("#p-title .text")).to_contain_text("Example of a [negotiated")
    expect(pen.locator("#suggestions li")).to_have_count(0)

    # The pen saves a snapshot: the body's first temporary document.
    pen.locator("#snapshot-name").fill("After the first reading")
    pen.locator("#snapshot-form button").click()
    expect(pen.locator("#snapshot-result")).to_contain_text("DT/1", timeout=5_000)

    # A footnote from the pen reaches the watcher.
    pen.locator("#p-considering__a").click()
    pen.locator("#p-considering__a .footnote-text").fill("Text proposed by the chair.")
    pen.locator("#p-considering__a button.add-footnote").click()
    expect(watcher.locator("#p-considering__a .footnote")).to_have_text(
        "Text proposed by the chair.", timeout=5_000
    )


def _select(locator, text, words):
    """Select `words` inside a text box, as a person dragging over them would."""
    start = text.index(words)
    locator.evaluate(f"(box) => {{ box.focus(); box.setSelectionRange({start}, {start + len(words)}); }}")


def test_the_pen_brackets_adds_moves_and_deletes_and_takes_a_span_suggestion(
    asgi_server, room, browser
):
    import datetime

    from django.utils import timezone
    from playwright.sync_api import expect

    from plenipot.meetings.models import Meeting
    from plenipot.negotiation.models import Revision

    draft, chair, _vice, delegate = room
    now = timezone.now()
    meeting = Meeting.objects.create(
        conference=draft.body.conference, body=draft.body, number=3, openness="delegations",
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2),
    )  # fmt: skip
    url = f"{asgi_server}/drafts/{draft.pk}/"
    pen, watcher = (_page_for(browser, asgi_server, u) for u in (chair, delegate))
    for page in (pen, watcher):
        page.goto(url)
        expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    # The meeting in progress is chosen for the pen's edits.
    expect(pen.locator("#meeting")).to_have_value(str(meeting.pk))

    # Bracket a span, with the keyboard: Enter opens the editor.
    pen.locator("#p-considering__a > .provision").focus()
    pen.keyboard.press("Enter")
    editor = pen.locator("#p-considering__a .editor")
    expect(editor).to_be_visible()
    sentence = "that information and communication technologies are critical to development;"
    # Without a selection, the page says what is missing.
    editor.locator("button.bracket-span").click()
    expect(editor.locator(".editor-error")).to_contain_text("Select the words")
    _select(editor.locator("textarea.edit-text"), sentence, "critical")
    editor.locator(".bracket-source").fill("usa")
    editor.locator(".bracket-text").fill("vital")
    editor.locator("button.bracket-span").click()
    expect(watcher.locator("#p-considering__a .alt[data-sources='USA']")).to_contain_text(
        "vital", timeout=5_000
    )
    expect(watcher.locator("#p-considering__a .bracket")).to_contain_text("critical")
    assert Revision.objects.get(draft=draft, number=1).meeting_id == meeting.pk
    # The editor now shows the text as the bracket left it: two pieces of agreed text.
    expect(editor.locator("textarea.edit-text")).to_have_count(2)
    expect(editor.locator(".editor-error")).to_be_hidden()

    # Add a provision after it, as proposed by EUR.
    editor.locator(".new-text").fill("that cooperation between the Sectors matters,")
    editor.locator(".new-sponsors").fill("EUR")
    editor.locator("button.add-provision").click()
    added = watcher.locator("[data-eid^='considering__a_']")
    expect(added).to_contain_text("cooperation between the Sectors", timeout=5_000)
    expect(added).to_contain_text("[ADD EUR]")
    new_eid = added.get_attribute("data-eid")
    pen.screenshot(path="/tmp/drafting-room-pen-editor.png", full_page=True)

    # A new provision that breaks the structure is refused, and the refusal shown.
    editor.locator(".new-kind").select_option("operative_item")
    editor.locator(".new-depth").select_option("2")
    editor.locator(".new-text").fill("to misplace this,")
    editor.locator("button.add-provision").click()
    expect(editor.locator(".editor-error")).to_be_visible(timeout=5_000)
    expect(pen.locator("#head")).to_have_text("2")

    # Move the new provision before the first one, then delete it.
    pen.keyboard.press("Escape")
    expect(pen.locator(".editor")).to_have_count(0)
    # Focus goes back to the provision the editor was open on.
    expect(pen.locator("#p-considering__a > .provision")).to_be_focused()
    pen.locator(f"#p-{new_eid}").click()
    moved = pen.locator(f"#p-{new_eid} .editor")
    moved.locator(".move-after").select_option("considering")
    moved.locator("button.move").click()
    expect(watcher.locator(f"#p-{new_eid} + #p-considering__a")).to_have_count(
        1, timeout=5_000
    )
    moved.locator("button.delete-provision").click()
    pen.locator("#delete-dialog button.confirm-delete").click()
    expect(watcher.locator(f"#p-{new_eid}")).to_have_count(0, timeout=5_000)
    expect(watcher.locator("#head")).to_have_text("4")

    # The delegate suggests a wording for two words only; the pen accepts it.
    watcher.locator("#p-resolves__para_2").click()
    suggesting = watcher.locator("#p-resolves__para_2 .editor")
    _select(
        suggesting.locator("textarea.suggest-source"),
        "to invite the Sectors to report to the Council,",
        "the Sectors",
    )
    expect(suggesting.locator(".suggest-target")).to_have_value("span")
    suggesting.locator("textarea.suggest-text").fill("all three Sectors")
    suggesting.locator("button.send-suggestion").click()
    item = pen.locator("#suggestions li")
    expect(item).to_contain_text(
        "resolves 2: «the Sectors» replaced by all three Sectors", timeout=5_000
    )
    pen.locator("#suggestions").screenshot(path="/tmp/drafting-room-span-suggestion.png")
    item.locator("button.accept").click()
    # "the Sectors" against "all three Sectors": the bracket holds "the" against "all
    # three"; "Sectors", common to both, stays agreed.
    alt = watcher.locator("#p-resolves__para_2 .alt[data-sources='F']")
    expect(alt).to_have_text("all three F", timeout=5_000)
    expect(watcher.locator("#p-resolves__para_2 .alt[data-sources='BASE']")).to_have_text("the BASE")
    expect(watcher.locator("#p-resolves__para_2 .text")).to_contain_text(
        "to invite [the BASE | all three F] Sectors to report to the Council"
    )
    watcher.screenshot(path="/tmp/drafting-room-watcher.png", full_page=True)

    # When the body is open to the public, anonymous watchers are counted, not named.
    draft.body.openness = "public"
    draft.body.save()
    public = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    public.goto(url)
    expect(public.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    expect(pen.locator("#presence .public-watchers")).to_have_text(
        "1 watching without signing in", timeout=5_000
    )
    expect(public.locator(".editor")).to_have_count(0)
    public.close()
    expect(pen.locator("#presence .public-watchers")).to_have_count(0, timeout=5_000)


def test_the_page_stops_when_access_goes_and_says_so_when_the_pen_changes(
    asgi_server, room, browser
):
    """The vice-chair loses the pen: the page says so and the editor goes. The delegate's
    account is closed: the page says it can no longer follow and does not knock again."""
    from playwright.sync_api import expect

    draft, _chair, vice, delegate = room
    url = f"{asgi_server}/drafts/{draft.pk}/"
    other, watcher = (_page_for(browser, asgi_server, u) for u in (vice, delegate))
    for page in (other, watcher):
        page.goto(url)
        expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    connections = []
    watcher.on("websocket", lambda socket: connections.append(socket))

    draft.body.vice_chairs.clear()
    expect(other.locator("#conflict")).to_contain_text(
        "What you may do in this room has changed", timeout=10_000
    )
    other.locator("#p-title").click()
    expect(other.locator("#p-title button.save")).to_have_count(0)

    delegate.is_active = False  # the secretariat closes the account
    delegate.save()
    expect(watcher.locator("#live")).to_have_attribute("data-state", "closed", timeout=10_000)
    expect(watcher.locator("#live")).to_contain_text("You can no longer follow this draft live")
    watcher.wait_for_timeout(1500)
    assert connections == []  # no new connection was tried


def _focused(page) -> str:
    """What has the focus: its classes, or its provision's id for a provision's line."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        const line = e.classList.contains("provision") ? e.closest("[data-eid]") : null;
        return line ? "line:" + line.dataset.eid : (e.dataset.action || e.className || e.tagName); }"""
    )


def test_the_pen_works_from_the_keyboard_alone(asgi_server, room, browser):
    """Tab to a provision, open it, select words with the arrow keys, bracket them with the
    shortcut, walk the toolbar with the arrows, delete the provision through its
    confirmation and undo it: each change reaches a second page live."""
    from playwright.sync_api import expect

    from plenipot.negotiation.models import Revision

    draft, chair, _vice, delegate = room
    url = f"{asgi_server}/drafts/{draft.pk}/"
    pen, watcher = (_page_for(browser, asgi_server, u) for u in (chair, delegate))
    for page in (pen, watcher):
        page.goto(url)
        expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    keys = pen.keyboard

    # The shortcuts are listed on the page; "?" shows them.
    expect(pen.locator("#shortcuts")).to_be_visible()
    expect(pen.locator("#shortcuts")).to_contain_text("Keyboard shortcuts")
    for _ in range(80):
        keys.press("Tab")
        if _focused(pen) == "line:considering__a":
            break
    assert _focused(pen) == "line:considering__a"
    keys.press("?")
    expect(pen.locator("#shortcuts .shortcut-list")).to_be_visible()
    expect(pen.locator("#shortcuts .shortcut-list")).to_contain_text("Alt+Shift+B")
    keys.press("?")
    expect(pen.locator("#shortcuts .shortcut-list")).to_be_hidden()
    pen.locator("#p-considering__a > .provision").focus()  # "?" left the focus on the list's title

    # Enter opens the editor in the agreed text's box; the arrow keys select "critical".
    keys.press("Enter")
    editor = pen.locator("#p-considering__a .editor")
    expect(editor.locator("textarea.edit-text")).to_be_focused()
    sentence = "that information and communication technologies are critical to development;"
    keys.press("Home")
    for _ in range(sentence.index("critical")):
        keys.press("ArrowRight")
    for _ in range(len("critical")):
        keys.press("Shift+ArrowRight")
    assert editor.locator("textarea.edit-text").evaluate(
        "b => b.value.slice(b.selectionStart, b.selectionEnd)"
    ) == "critical"
    # Tab past Save to who contests them and their wording; the shortcut brackets them.
    keys.press("Tab")
    keys.press("Tab")
    expect(editor.locator(".bracket-source")).to_be_focused()
    keys.type("usa")
    keys.press("Tab")
    keys.type("vital")
    keys.press("Alt+Shift+B")
    expect(watcher.locator("#p-considering__a .alt[data-sources='USA']")).to_contain_text(
        "vital", timeout=5_000
    )
    expect(watcher.locator("#p-considering__a .bracket")).to_contain_text("critical")
    # The editor is drawn again on the new text; the focus stays where it was.
    expect(editor.locator("textarea.edit-text")).to_have_count(2)
    expect(editor.locator(".bracket-text")).to_be_focused()

    # The toolbar: one stop for Tab, the arrow keys between its buttons.
    keys.press("Alt+Shift+T")
    assert _focused(pen) == "bracket"
    keys.press("ArrowRight")
    assert _focused(pen) == "choose"
    keys.press("End")
    assert _focused(pen) == "status"
    keys.press("Home")
    assert _focused(pen) == "bracket"
    assert editor.locator("[role=toolbar] button[tabindex='0']").count() == 1
    # Choose wording goes to the bracket's wordings; Enter chooses "vital".
    keys.press("Alt+Shift+C")
    expect(editor.locator("button.choose").first).to_be_focused()
    keys.press("Tab")
    keys.press("Tab")
    keys.press("Tab")
    expect(editor.locator("button.choose").nth(1)).to_be_focused()
    keys.press("Enter")
    expect(watcher.locator("#p-considering__a .bracket")).to_have_count(0, timeout=5_000)
    expect(watcher.locator("#p-considering__a")).to_contain_text("are vital to development")

    # Delete asks first: Escape keeps the provision, and the focus on the delete button.
    keys.press("Alt+Shift+D")
    dialog = pen.locator("#delete-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("considering a)")
    expect(dialog.locator("button.keep")).to_be_focused()
    keys.press("Escape")
    expect(dialog).to_be_hidden()
    expect(editor.locator("button.delete-provision")).to_be_focused()
    head = Revision.objects.filter(draft=draft).count()
    keys.press("Alt+Shift+D")
    keys.press("Tab")
    expect(dialog.locator("button.confirm-delete")).to_be_focused()
    keys.press("Enter")
    expect(watcher.locator("#p-considering__a")).to_have_count(0, timeout=5_000)
    # Undo is offered at once, with the focus on it; it is a new revision for everyone.
    undo = pen.locator("#undo-bar button.undo-delete")
    expect(undo).to_be_focused(timeout=5_000)
    expect(pen.locator("#undo-bar")).to_contain_text("considering a)")
    keys.press("Enter")
    expect(watcher.locator("#p-considering__a")).to_contain_text(
        "are vital to development", timeout=5_000
    )
    expect(pen.locator("#undo-bar")).to_be_hidden()
    expect(pen.locator("#p-considering__a > .provision")).to_be_focused()
    last = Revision.objects.filter(draft=draft).order_by("-number").first()
    assert last.number == head + 2 and last.undoes == head + 1
    expect(watcher.locator("#head")).to_have_text(str(last.number))
