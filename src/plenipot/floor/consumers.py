"""The floor's WebSocket: the watchers of a meeting (its floor page, the room display,
a delegate's phone) hear that the list of speakers changed, that a vote or ballot opened
or was announced, and, for a delegation away from the room, that its turn nears.

It only listens: what a watcher does goes through the pages and the API. What it sends
is the kind of change and its version; each page then reads the list again through the
access policy, so the socket reveals nothing the page would not.
"""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from plenipot.accounts.roles import actor_for
from plenipot.core.sockets import CLOSE_REFUSED, LiveSocket, language_of
from plenipot.elections.live import meeting_group
from plenipot.floor import selectors
from plenipot.floor.live import delegation_group


class FloorConsumer(LiveSocket):
    """One watcher of one meeting's floor."""

    async def connect(self) -> None:
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        self.language = language_of(self.scope)
        if not await self.join():
            return
        self.delegation_id = await self._decide(self.scope.get("user"))
        if self.delegation_id is None:
            await self.shut(CLOSE_REFUSED)
            return
        self.groups_joined = [meeting_group(self.meeting_id)]
        if self.delegation_id:
            self.groups_joined.append(delegation_group(self.delegation_id))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        with translation.override(self.language):
            hello = {"type": "hello", "meeting": self.meeting_id, "live": _("Live")}
        await self.send(json.dumps(hello, ensure_ascii=False))
        await self.opened()

    @database_sync_to_async
    def _decide(self, user) -> int | None:
        """0 for a watcher outside any delegation, the delegation's id for its members,
        None when the meeting may not be followed (or does not exist)."""
        user = user if user is not None else AnonymousUser()
        try:
            meeting = selectors.access_meeting(user, self.meeting_id)
        except Http404:
            return None
        actor = actor_for(user)
        if actor.in_delegation_of(meeting.conference_id):
            return actor.delegation_id
        return 0

    async def leaving(self) -> None:
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        return  # watchers only listen

    async def floor_event(self, message: dict) -> None:
        event = dict(message["event"])
        # A turn nearing in another meeting is said here too: the delegate following
        # this meeting learns that it is awaited there.
        with translation.override(self.language):
            event["text"] = self._text(event)
        await self.send(json.dumps({"type": "floor", "event": event}, ensure_ascii=False))

    @staticmethod
    def _text(event: dict) -> str:
        kind = event.get("kind")
        if kind == "turn_near":
            ahead = int(event.get("ahead", 0))
            if ahead == 0:
                return _("Your delegation is next on the list of speakers.")
            return _("Your turn to speak nears: %(ahead)s before you.") % {"ahead": ahead}
        if kind in ("vote_opened", "round_opened"):
            return _("Voting is open.")
        if kind in ("vote_closed", "round_closed"):
            return _("Voting is closed.")
        if kind in ("vote_result", "ballot_result"):
            return _("A result has been announced.")
        return ""

    # --- access, asked again (plenipot.core.sockets) -----------------------------------

    def access_key(self):
        return ("floor", self.meeting_id, self.user_id)

    async def access_decide(self):
        if self.user_id is None:
            return await self._decide(AnonymousUser())
        user = await database_sync_to_async(
            lambda: get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        )()
        if user is None:
            return None
        return await self._decide(user)
