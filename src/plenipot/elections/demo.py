"""The demo's elections and proxies, from `elections.json`.

Called by the demo loader once the delegations, bodies and meetings are in. Ballots are
made up from each round's shares for the delegations that may vote (however many the
demo has), cast through the services as the site casts them, so that the boxes, the
participation rows and the counts are the real thing; each round is then closed,
counted by the engine and announced. A round marked open is left open with part of the
delegations having voted, for a visitor to try.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from plenipot.conference.models import Delegation, Organisation, Person
from plenipot.elections import selectors, services
from plenipot.elections.models import Election
from plenipot.meetings.services import meeting_schedule

WHERE = "elections.json"


def load_elections_demo(loader: Any, data: dict, error: type[Exception]) -> None:
    """Load proxies, elections, candidatures, tellers and rounds."""
    if not data:
        return
    _Demo(loader, data, error).load()


class _Demo:
    def __init__(self, loader: Any, data: dict, error: type[Exception]) -> None:
        self.loader = loader
        self.data = data
        self.error = error
        self.conference = loader.conference
        self.rng = loader.rng
        self.meetings: dict[str, Any] = {}
        User = get_user_model()
        self.secretariat = User.objects.filter(role="secretariat").order_by("pk").first()

    def fail(self, where: str, message: str) -> Exception:
        return self.error(f"{WHERE}: {where}: {message}")

    def when(self, value: str, where: str) -> datetime.datetime:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(where, f"{value!r} is not a date and time") from None
        if moment.tzinfo is None:
            raise self.fail(where, f"{value!r} needs a UTC offset, e.g. +09:00")
        return moment

    def delegation(self, iso3: str, where: str) -> Delegation:
        delegation = self.loader.delegations.get(iso3)
        if delegation is None:
            raise self.fail(where, f"{iso3} has no delegation")
        return delegation

    def load(self) -> None:
        for item in self.data.get("meetings", []):
            self.meeting(item)
        for item in self.data.get("proxies", []):
            self.proxy(item)
        self.voters = list(
            selectors.entitled_delegations(self.conference).order_by("organisation__iso3")
        )
        for item in self.data.get("elections", []):
            self.election(item)

    def meeting(self, item: dict) -> None:
        key = item["key"]
        body = self.loader.bodies.get(item.get("body", "PL"))
        if body is None:
            raise self.fail(key, f"unknown body {item.get('body')!r}")
        self.meetings[key] = meeting_schedule(
            body=body,
            starts_at=self.when(item["start"], key),
            ends_at=self.when(item["end"], key),
            scheduled_by=self.secretariat,
            room=item.get("room", ""),
        )

    def proxy(self, item: dict) -> None:
        where = f"proxy of {item.get('giver')}"
        giver = self.delegation(item["giver"], where)
        holder = self.delegation(item["holder"], where)
        for delegation in (giver, holder):
            if not selectors.delegation_entitled(delegation):
                raise self.fail(where, f"{delegation.organisation.iso3} may not vote")
        services.proxy_register(
            conference=self.conference,
            giver=giver,
            holder=holder,
            notice=item.get("notice", ""),
            recorded_by=self.secretariat,
            at=self.when(item["at"], where),
        )

    def election(self, item: dict) -> None:
        title = item["title"]
        body = self.loader.bodies.get(item.get("body", "PL"))
        if body is None:
            raise self.fail(title, f"unknown body {item.get('body')!r}")
        election = services.election_create(
            conference=self.conference,
            body=body,
            title=title,
            kind=item["kind"],
            seats=item.get("seats", {}),
            candidature_deadline=self.when(item["deadline"], title),
            mode=item.get("mode", Election.Mode.ELECTRONIC),
        )
        keys: dict[str, str] = {}
        for entry in item["candidatures"]:
            state = self.loader.by_iso3.get(entry["nominated_by"])
            if state is None or state.kind != Organisation.Kind.MEMBER_STATE:
                raise self.fail(title, f"{entry['nominated_by']} is not a Member State")
            received = self.when(entry["received"], title)
            if received > election.candidature_deadline:
                raise self.fail(title, f"{entry.get('name')} was received after the deadline")
            candidature = services.candidature_register(
                election=election,
                name=entry.get("name") or state.name,
                nominated_by=state,
                region=entry.get("region") or state.itu_region,
                received_at=received,
            )
            keys[entry.get("key") or state.iso3] = str(candidature.pk)
        for region, user in sorted(self.tellers(title).items()):
            services.teller_designate(election=election, region=region, user=user)
        for number, entry in enumerate(item.get("rounds", []), start=1):
            self.round(election, keys, number, entry)
        expected = item.get("elected")
        if expected is not None:
            election.refresh_from_db()
            wanted = sorted(keys[key] for key in expected)
            if sorted(election.elected) != wanted:
                raise self.fail(title, "the ballots made up do not elect whom the file expects")

    def tellers(self, title: str) -> dict:
        """One teller per region: an account for a delegate of that region's first
        delegation with an unusable password (the demo's secretariat sees the tallies)."""
        User = get_user_model()
        found = {}
        for region in "ABCDE":
            username = f"teller-{region.lower()}"
            user = User.objects.filter(username=username).first()
            if user is None:
                delegation = next(
                    (d for d in self.voters if d.organisation.itu_region == region), None
                )
                if delegation is None:
                    raise self.fail(title, f"no delegation of region {region} to give a teller")
                user = User(
                    username=username,
                    role="observer",
                    display_name=f"Teller, region {region} ({delegation.organisation.name})",
                )
                user.set_unusable_password()
                user.save()
            found[region] = user
        return found

    # --- making up the ballots ----------------------------------------------------------

    def round(self, election: Election, keys: dict[str, str], number: int, entry: dict) -> None:
        where = f"{election.title}, round {number}"
        meeting = self.meetings.get(entry["meeting"])
        if meeting is None:
            raise self.fail(where, f"unknown meeting {entry['meeting']!r}")
        standing = selectors.election_next_standing(election)
        round_ = services.round_open(
            election=election, meeting=meeting, standing=standing,
            at=self.when(entry["opened"], where),
        )  # fmt: skip
        voters = self.turnout(entry.get("turnout", 0.97))
        papers = (
            self.single_papers(keys, standing, entry["shares"], len(voters), where)
            if election.kind == Election.Kind.SINGLE
            else self.seat_papers(round_, keys, entry, len(voters), where)
        )
        if entry.get("state") == "open":
            # The demo's own accounts have not voted yet: a visitor signed in as one of
            # them finds the ballot waiting.
            accounts = set(
                Person.objects.filter(
                    delegation__conference=self.conference, user__isnull=False
                ).values_list("delegation_id", flat=True)
            )
            voters.sort(key=lambda row: row[0].pk in accounts)
            voters = voters[: int(len(voters) * entry.get("voted", 0.5))]
            papers = papers[: len(voters)]
        for (delegation, by_proxy), marks in zip(voters, papers, strict=True):
            services.ballot_cast(
                round_=round_, delegation=delegation, marks=marks, by_proxy=by_proxy
            )
        if entry.get("state") == "open":
            return
        services.round_close(round_=round_, at=self.when(entry["closed"], where))
        round_.refresh_from_db()
        services.round_announce(round_=round_, at=self.when(entry["announced"], where))

    def turnout(self, share: float) -> list[tuple[Delegation, bool]]:
        """The delegations that vote, in a random order: those present, and those whose
        proxy is held by a delegation present (cast by proxy)."""
        given = {p.giver_id for p in selectors.proxies_in_force(self.conference)}
        present = [d for d in self.voters if d.pk not in given]
        absent = max(0, len(present) - round(len(present) * share))
        for delegation in self.rng.sample(present, absent):
            present.remove(delegation)
        holders = {d.pk for d in present}
        voting = [(d, False) for d in present] + [
            (p.giver, True)
            for p in selectors.proxies_in_force(self.conference)
            if p.holder_id in holders
        ]
        self.rng.shuffle(voting)
        return voting

    def single_papers(
        self, keys: dict, standing: list[str], shares: dict, total: int, where: str
    ) -> list[list[str]]:
        """Papers for a single post: each candidate's share, blank and invalid papers."""
        counts = _counts(shares, total)
        papers: list[list[str]] = []
        for key, count in counts.items():
            if key == "blank":
                papers += [[] for _ in range(count)]
            elif key == "invalid":
                papers += [list(standing[:2]) for _ in range(count)]
            else:
                if keys.get(key) not in standing:
                    raise self.fail(where, f"{key} does not stand in this round")
                papers += [[keys[key]] for _ in range(count)]
        self.rng.shuffle(papers)
        return papers

    def seat_papers(
        self, round_, keys: dict, entry: dict, total: int, where: str
    ) -> list[list[str]]:
        """Papers for seats by region: each candidate is marked on its share of the
        papers, spread so that no paper marks more than its region's open seats."""
        election, standing = round_.election, round_.standing
        blank = round(total * entry.get("blank", 0.0))
        voting = total - blank
        papers: list[list[str]] = [[] for _ in range(voting)]
        already = selectors.round_context(round_)["already_elected"]
        cursor = 0
        for region, shares in entry["shares"].items():
            open_seats = election.seats[region] - len(already.get(region, ()))
            marks = 0
            for key, share in shares.items():
                if keys.get(key) not in standing:
                    raise self.fail(where, f"{key} does not stand in this round")
                count = min(voting, round(voting * share))
                marks += count
                for step in range(count):
                    papers[(cursor + step) % voting].append(keys[key])
                cursor = (cursor + count) % voting
            if marks > open_seats * voting:
                raise self.fail(where, f"region {region}: more marks than seats on the papers")
        papers += [[] for _ in range(blank)]
        self.rng.shuffle(papers)
        return papers


def _counts(shares: dict[str, float], total: int) -> dict[str, int]:
    """Whole numbers of papers in the given shares, adding up to `total`."""
    counts = {key: int(total * share) for key, share in shares.items()}
    biggest = max(shares, key=shares.get)
    counts[biggest] += total - sum(counts.values())
    return counts
