"""A drafting room: an ad hoc group chaired by Senegal, a draft of the example text
with one EUR amendment, a chair, a vice-chair, a delegate of France and an outsider."""

from __future__ import annotations

import pytest

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;
b) that security in their use is a shared concern,

resolves
1 to continue to give this work high priority;
2 to invite the Sectors to report to the Council,
"""


@pytest.fixture
def room(conference, delegations, plenary, django_user_model):
    from plenipot.conference.services import body_create, person_create
    from plenipot.engine import derive_proposals, parse_instrument
    from plenipot.negotiation.services import draft_create, instrument_create

    def user(name, **extra):
        return django_user_model.objects.create_user(username=name, password=None, **extra)

    chair_user, vice_user = user("chair"), user("vice")
    chair = delegations["SEN"].members.get()
    chair.user = chair_user
    chair.save()
    vice = person_create(
        given_name="Vice", family_name="BRA", delegation=delegations["BRA"], user=vice_user
    )
    delegate_user = user("delegate")
    person_create(
        given_name="Delegate", family_name="FRA", delegation=delegations["FRA"], user=delegate_user
    )
    body = body_create(
        conference=conference, code="AHG-999", name="Ad hoc group on 999", kind="ad_hoc",
        parent=plenary,
        chair=chair, vice_chairs=[vice], openness="delegations",
    )  # fmt: skip
    instrument = instrument_create(
        conference=conference, number="999", title="Example", text=EXAMPLE
    )
    base = parse_instrument(EXAMPLE)
    edited = EXAMPLE.replace("high priority", "the highest priority")
    draft = draft_create(
        body=body,
        instrument=instrument,
        proposals=list(derive_proposals(base, parse_instrument(edited), source="EUR")),
    )

    class Room:
        pass

    r = Room()
    r.body, r.draft, r.instrument = body, draft, instrument
    r.chair, r.vice, r.delegate = chair_user, vice_user, delegate_user
    r.outsider = user("outsider")
    r.secretariat = user("secretariat", role="secretariat")
    return r
