"""The site's navigation, grouped by what people do, and the user's menu.

Each group has a top-level link to its most used page and a menu with its other pages:
Meetings (the calendar; the timetable, the Journal, votes and elections), Texts (the
documents; what changed, the path of the texts, the drafting rooms, the Final Acts,
submitting proposals), Bodies and delegations, Translation, and the
secretariat's tools. A page is listed only to those who may use it: the same
permission predicates the pages and actions ask. One link at most is marked as the
current page: the one whose address is the longest beginning of the page's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from plenipot.accounts.selectors import AccountName, account_name
from plenipot.core.actor import Actor
from plenipot.documents.permissions import may_submit_document
from plenipot.engine import access as policy
from plenipot.meetings.permissions import may_schedule_meeting
from plenipot.negotiation.permissions import may_import_instrument
from plenipot.planning.permissions import may_plan
from plenipot.setup.permissions import may_set_up_conference
from plenipot.tracker.permissions import may_open_registry
from plenipot.translation.permissions import may_translate


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Group:
    """A group of pages: `landing` is its top-level link (None: the group is a menu
    button only), `items` its menu."""

    key: str
    label: str
    landing: Link | None
    items: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return bool(self.landing and self.landing.current) or any(i.current for i in self.items)

    @property
    def links(self) -> tuple[Link, ...]:
        return ((self.landing,) if self.landing else ()) + self.items


@dataclass(frozen=True)
class Navigation:
    entries: tuple[Link | Group, ...]
    user_menu: tuple[Link, ...]
    # The signed-in account, as its menu names it (`accounts.selectors.account_name`).
    account: AccountName | None = None

    @property
    def current(self) -> Link | None:
        for entry in self.entries:
            for link in entry.links if isinstance(entry, Group) else (entry,):
                if link.current:
                    return link
        return None


def _link(label: str, name: str, *args) -> Link:
    return Link(label=label, url=reverse(name, args=args))


def _mark(entries: list[Link | Group], path: str) -> tuple[Link | Group, ...]:
    """Mark the one link whose address is the longest beginning of `path` (the home
    page only when it is the page itself)."""

    def matches(url: str) -> bool:
        return path == url or (url != "/" and path.startswith(url))

    urls = [
        link.url
        for entry in entries
        for link in (entry.links if isinstance(entry, Group) else (entry,))
        if matches(link.url)
    ]
    if not urls:
        return tuple(entries)
    best = max(urls, key=len)
    done = False

    def marked(link: Link) -> Link:
        nonlocal done
        if done or link.url != best:
            return link
        done = True
        return replace(link, current=True)

    out: list[Link | Group] = []
    for entry in entries:
        if isinstance(entry, Group):
            landing = marked(entry.landing) if entry.landing else None
            out.append(replace(entry, landing=landing, items=tuple(marked(i) for i in entry.items)))
        else:
            out.append(marked(entry))
    return tuple(out)


def site_navigation(*, actor: Actor, user, path: str, conference_id: int | None) -> Navigation:
    """What the navigation shows to this actor on the page at `path`."""
    signed_in = actor.signed_in
    in_delegation = conference_id is not None and actor.in_delegation_of(conference_id)

    meetings = [
        _link(_("Timetable"), "planning-timetable"),
        _link(_("Journal"), "planning-journal-today"),
        _link(_("Votes and elections"), "elections-home"),
    ]
    if in_delegation:
        meetings.append(_link(_("My delegation's clashes"), "planning-my-clashes"))
    if actor.is_secretariat or any(may_schedule_meeting(actor, body) for body in actor.presided):
        meetings.append(_link(_("Schedule meetings"), "meeting-list"))

    texts = [
        _link(_("What changed"), "changes"),
        _link(_("Tracker"), "tracker-list"),
        _link(_("Drafting rooms"), "draft-list"),
        _link(_("Final Acts"), "final-acts"),
    ]
    if conference_id is not None and may_submit_document(actor, conference_id):
        texts.append(_link(_("Submit proposals"), "submission-list"))

    people = [_link(_("Delegations"), "delegation-list")]
    if signed_in:
        people.append(_link(_("The conference at a glance"), "overview"))

    entries: list[Link | Group] = [
        _link(_("Home"), "home"),
        Group("meetings", _("Meetings"), _link(_("Meetings"), "calendar"), tuple(meetings)),
        Group("texts", _("Texts"), _link(_("Documents"), "document-list"), tuple(texts)),
        Group(
            "people", _("Bodies and delegations"), _link(_("Bodies"), "body-tree"), tuple(people)
        ),
    ]
    if may_translate(actor):
        entries.append(
            Group(
                "translation",
                _("Translation"),
                _link(_("Translation"), "translation-queue"),
                (
                    _link(_("Glossary"), "translation-glossary"),
                    _link(_("Import translation memory"), "translation-memory-import"),
                ),
            )
        )
    tools = []
    if conference_id is not None and may_open_registry(actor, conference_id):
        tools.append(_link(_("Registry"), "registry"))
    if may_plan(actor):
        tools += [_link(_("Planner"), "planning-runs"), _link(_("Rooms"), "planning-rooms")]
    if may_import_instrument(actor):
        tools.append(_link(_("Instruments"), "instrument-list"))
    if conference_id is not None and may_set_up_conference(actor):
        tools.append(_link(_("Set-up of the conference"), "setup-home"))
    if actor.role == policy.SECRETARIAT:
        tools.append(_link(_("Access decisions"), "secretariat-access"))
    if getattr(user, "is_staff", False):
        tools.append(_link(_("Admin"), "admin:index"))
    if tools:
        label = _("Secretariat") if actor.is_secretariat else _("Steering Committee")
        entries.append(Group("tools", label, None, tuple(tools)))

    user_menu: tuple[Link, ...] = ()
    account = None
    if signed_in:
        account = account_name(user) if getattr(user, "is_authenticated", False) else None
        user_menu = (
            _link(_("My home"), "home"),
            _link(_("What I follow"), "follows"),
            _link(_("API tokens"), "api-tokens"),
            _link(_("Change password"), "password_change"),
        )
    return Navigation(entries=_mark(entries, path), user_menu=user_menu, account=account)
