"""A conference in session for votes and elections: Member States of the five regions
with accepted credentials (and a few that may not vote), one delegate account each, a
public Plenary and its chair, a committee with its own chair, the secretariat, tellers
and a Plenary meeting on the conference's clock day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from plenipot.conference import itu

PER_REGION = 8
DAY = datetime.date(2014, 10, 23)
KST = datetime.timezone(datetime.timedelta(hours=9))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2014, 10, day, hour, minute, tzinfo=KST)


@dataclass
class Assembly:
    conference: object
    plenary: object
    committee: object
    meeting: object
    committee_meeting: object
    chair: object
    committee_chair: object
    secretariat: object
    observer: object
    tellers: dict
    delegations: dict  # iso3 -> Delegation (may vote)
    users: dict  # iso3 -> delegate's User
    pending: object  # a delegation whose credentials are pending
    pending_user: object
    tokens: dict = field(default_factory=dict)

    def token(self, user) -> str:
        from plenipot.accounts.services import token_create

        if user.pk not in self.tokens:
            self.tokens[user.pk] = token_create(user=user)
        return self.tokens[user.pk]

    def codes(self, region: str | None = None) -> list[str]:
        return [
            code for code, d in self.delegations.items()
            if region is None or d.organisation.itu_region == region
        ]  # fmt: skip


@pytest.fixture
def assembly(conference) -> Assembly:
    from plenipot.accounts.services import user_create
    from plenipot.conference.models import Organisation
    from plenipot.conference.services import (
        body_create,
        delegation_create,
        organisation_create,
        person_create,
    )
    from plenipot.meetings.services import meeting_schedule

    conference.today = DAY
    conference.time_zone = "Asia/Seoul"
    conference.save(update_fields=["today", "time_zone"])
    chosen: dict[str, list[dict]] = {}
    for item in itu.member_states():
        chosen.setdefault(item["itu_region"], [])
        if len(chosen[item["itu_region"]]) < PER_REGION + 1:
            chosen[item["itu_region"]].append(item)
    delegations, users = {}, {}
    pending = pending_user = None
    for region in "ABCDE":
        for index, item in enumerate(chosen[region]):
            state = Organisation.objects.filter(iso3=item["iso3"]).first() or organisation_create(
                kind="member_state", name=item["name"], symbol=item["symbol"],
                iso2=item["iso2"], iso3=item["iso3"], itu_region=region,
            )  # fmt: skip
            last = index == PER_REGION
            delegation = delegation_create(
                conference=conference, organisation=state,
                credentials_status="pending" if last else "accepted",
            )  # fmt: skip
            user = user_create(username=f"del-{item['iso3'].lower()}", password=None)
            person_create(
                given_name="Delegate", family_name=item["iso3"], delegation=delegation,
                delegation_role="head", user=user,
            )  # fmt: skip
            if last:
                if pending is None:
                    pending, pending_user = delegation, user
                continue
            delegations[item["iso3"]] = delegation
            users[item["iso3"]] = user
    chair = user_create(username="chair-pl", password=None)
    chair_person = person_create(given_name="Plenary", family_name="Chair", user=chair)
    committee_chair = user_create(username="chair-com5", password=None)
    committee_person = person_create(
        given_name="Committee", family_name="Chair", user=committee_chair
    )
    plenary = body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary",
        chair=chair_person, openness="public",
    )  # fmt: skip
    committee = body_create(
        conference=conference, code="COM5", name="Committee 5", kind="committee",
        parent=plenary, chair=committee_person, openness="delegations",
    )  # fmt: skip
    secretariat = user_create(username="sec", password=None, role="secretariat")
    observer = user_create(username="watcher", password=None, role="observer")
    tellers = {
        region: user_create(username=f"teller-{region.lower()}", password=None, role="observer")
        for region in "ABCDE"
    }
    meeting = meeting_schedule(
        body=plenary, starts_at=at(23, 9, 30), ends_at=at(23, 12, 30), scheduled_by=secretariat,
        room="Main hall",
    )  # fmt: skip
    committee_meeting = meeting_schedule(
        body=committee, starts_at=at(23, 14, 30), ends_at=at(23, 17, 30),
        scheduled_by=secretariat, room="Room B",
    )  # fmt: skip
    return Assembly(
        conference=conference, plenary=plenary, committee=committee, meeting=meeting,
        committee_meeting=committee_meeting, chair=chair, committee_chair=committee_chair,
        secretariat=secretariat, observer=observer, tellers=tellers, delegations=delegations,
        users=users, pending=pending, pending_user=pending_user,
    )  # fmt: skip


class Api:
    """The REST API as each user calls it, with a bearer token."""

    def __init__(self, client, assembly: Assembly) -> None:
        self.client = client
        self.assembly = assembly

    def call(self, user, method: str, path: str, data: dict | None = None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.assembly.token(user)}"} if user else {}
        if method == "get":
            return self.client.get(f"/api/v1{path}", **headers)
        return getattr(self.client, method)(
            f"/api/v1{path}", data or {}, content_type="application/json", **headers
        )

    def ok(self, user, method: str, path: str, data: dict | None = None) -> dict:
        answer = self.call(user, method, path, data)
        assert answer.status_code == 200, (path, answer.status_code, answer.content[:500])
        return answer.json()

    def refused(self, user, method: str, path: str, data: dict | None, code: str) -> dict:
        answer = self.call(user, method, path, data)
        body = answer.json()
        assert body.get("code") == code, (path, answer.status_code, body)
        return body

    # --- the steps of an election --------------------------------------------------------

    def election(self, **extra) -> dict:
        data = {
            "title": "Secretary-General",
            "kind": "single",
            "candidature_deadline": "2014-10-21T18:00:00+09:00",
            **extra,
        }
        return self.ok(self.assembly.secretariat, "post", "/conferences/PP-14/elections", data)

    def tellers(self, election_id: int) -> None:
        for region, user in self.assembly.tellers.items():
            self.ok(
                self.assembly.secretariat, "post", f"/elections/{election_id}/tellers",
                {"region": region, "username": user.username},
            )  # fmt: skip

    def candidature(self, election_id: int, name: str, state: str, **extra) -> str:
        data = {"name": name, "nominated_by": state, "received_at": "2014-10-20T12:00:00+09:00"}
        found = self.ok(
            self.assembly.secretariat, "post", f"/elections/{election_id}/candidatures",
            {**data, **extra},
        )  # fmt: skip
        return found["id"]

    def open_round(self, election_id: int, meeting=None) -> dict:
        meeting = meeting or self.assembly.meeting
        return self.ok(
            self.assembly.chair, "post", f"/elections/{election_id}/rounds", {"meeting": meeting.pk}
        )

    def cast(self, code: str, round_id: int, marks: list[str], proxy: bool = False) -> str:
        answer = self.ok(
            self.assembly.users[code], "post", f"/election-rounds/{round_id}/ballots",
            {"marks": marks, "proxy": proxy},
        )  # fmt: skip
        return answer["receipt"]

    def close_and_tally(self, round_id: int) -> dict:
        self.ok(self.assembly.chair, "post", f"/election-rounds/{round_id}/close")
        return self.ok(self.assembly.tellers["A"], "get", f"/election-rounds/{round_id}/tally")

    def announce(self, round_id: int) -> dict:
        return self.ok(self.assembly.chair, "post", f"/election-rounds/{round_id}/announce")


@pytest.fixture
def api(client, assembly) -> Api:
    return Api(client, assembly)
