"""The demo loader: a tiny data set written here, and the real demo data."""

import json
from pathlib import Path

import pytest

from plenipot.accounts.models import User
from plenipot.accounts.roles import role_of
from plenipot.conference import selectors
from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person
from plenipot.demo.loader import DATA_DIR, DemoDataError, demo_is_loaded, demo_load
from plenipot.documents.models import Document, Proposal
from plenipot.negotiation.models import Instrument

RESOLUTION = """Resolution 101 (Rev. Guadalajara, 2010)
Internet Protocol-based networks

The Plenipotentiary Conference of the International Telecommunication Union (Guadalajara, 2010),

considering
a) that networks carry more and more traffic;
b) that costs weigh on developing countries,

resolves
1 to continue the work of the Union on such networks;
2 to report to the next conference,
"""


def write_tiny(folder: Path, **overrides) -> Path:
    files = {
        "conference.json": {
            "name": "Plenipotentiary Conference", "short_name": "PP-T", "city": "Busan",
            "country": "Korea (Republic of)", "start": "2014-10-20", "end": "2014-11-07",
            "languages": ["ar", "zh", "en", "fr", "ru", "es"],
        },
        "member_states.json": [
            {"name": "France", "iso2": "FR", "iso3": "FRA", "symbol": "F", "itu_region": "B"},
            {"name": "Germany", "iso2": "DE", "iso3": "DEU", "symbol": "D", "itu_region": "B"},
            {"name": "Tuvalu", "iso2": "TV", "iso3": "TUV", "symbol": "TUV", "itu_region": "E"},
        ],
        "regional_organisations.json": [
            {"acronym": "CEPT", "symbol": "EUR", "name": "CEPT", "members": ["FRA", "DEU"]},
        ],
        "other_organisations.json": [
            {"kind": "observer", "name": "Some Observer", "acronym": "SO"},
        ],
        "delegations.json": [
            {"iso3": "FRA", "size": 12, "credentials": "accepted"},
            {"iso3": "DEU", "size": 3, "credentials": "pending"},
            {"iso3": "TUV", "size": 1, "credentials": "accepted"},
        ],
        "names.json": {
            "B": {"given": ["Anne", "Paul", "Marie"], "family": ["Martin", "Bernard", "Weber"]},
            "E": {"given": ["Min-jun"], "family": ["Kim"]},
            "TUV": {"given": ["Tala"], "family": ["Ioane"]},
        },
        "bodies.json": [
            {"code": "PL", "name": "Plenary", "kind": "plenary", "parent": None, "chair": "FRA",
             "vice_chairs": ["DEU"], "mandate": "Adopts.", "deadline": None,
             "openness": "public", "status": "active"},
            {"code": "COM5", "name": "Committee 5", "kind": "committee", "parent": "PL",
             "chair": "FRA", "vice_chairs": [], "mandate": "Policy.", "deadline": None,
             "openness": "public", "status": "active"},
            {"code": "COM5-AHG-101", "name": "Ad hoc group on Resolution 101", "kind": "ad_hoc",
             "parent": "COM5", "chair": "TUV", "vice_chairs": ["FRA"], "mandate": "Merge.",
             "deadline": "2014-10-30", "openness": "delegations", "status": "active"},
        ],
        "documents.json": [
            {"number": 27, "addendum": 1, "kind": "input", "title": "Common proposals",
             "sources": ["EUR"], "language": "en", "date": "2014-09-20", "body": "COM5"},
        ],
        "proposals.json": [
            {"symbol": "EUR/27A1/1", "document": 27, "addendum": 1, "sources": ["EUR"],
             "instrument": "101", "mark": "MOD", "target": "resolves__para_2",
             "anchor": None, "text": "to report to every conference,", "reasons": "Clarity."},
            {"symbol": "EUR/27A1/2", "document": 27, "addendum": 1, "sources": ["EUR"],
             "instrument": "101", "mark": "NOC", "target": "considering__a",
             "anchor": None, "text": None, "reasons": "Still true."},
        ],
        "accounts.json": [
            {"username": "sec", "password": "pw-demo-1", "role": "secretariat", "iso3": None,
             "body": None, "display": "Secretariat"},
            {"username": "chair", "password": "pw-demo-1", "role": "chair", "iso3": "TUV",
             "body": "COM5-AHG-101", "display": "Chair"},
            {"username": "big", "password": "pw-demo-1", "role": "delegate", "iso3": "FRA",
             "body": None, "display": "Delegate of France"},
        ],
    }
    files.update(overrides)
    for name, content in files.items():
        if content is not None:
            (folder / name).write_text(json.dumps(content), encoding="utf-8")
    (folder / "resolutions").mkdir(exist_ok=True)
    (folder / "resolutions" / "101.txt").write_text(RESOLUTION, encoding="utf-8")
    return folder


def counts():
    return {
        "conferences": Conference.objects.count(),
        "organisations": Organisation.objects.count(),
        "delegations": Delegation.objects.count(),
        "people": Person.objects.count(),
        "bodies": Body.objects.count(),
        "instruments": Instrument.objects.count(),
        "documents": Document.objects.count(),
        "proposals": Proposal.objects.count(),
        "users": User.objects.count(),
    }


def test_tiny_load_and_counts(db, tmp_path):
    folder = write_tiny(tmp_path)
    assert not demo_is_loaded(data_dir=folder)
    result = demo_load(data_dir=folder)
    assert result.created
    assert demo_is_loaded(data_dir=folder)
    assert counts() == {
        "conferences": 1, "organisations": 5, "delegations": 3, "people": 16, "bodies": 3,
        "instruments": 1, "documents": 1, "proposals": 2, "users": 3,
    }
    cept = Organisation.objects.get(symbol="EUR")
    assert set(cept.members.values_list("iso3", flat=True)) == {"FRA", "DEU"}
    france = Delegation.objects.get(organisation__iso3="FRA")
    roles = list(france.members.values_list("delegation_role", flat=True))
    assert roles.count("head") == 1 and "adviser" in roles
    group = Body.objects.get(code="COM5-AHG-101")
    assert group.parent.code == "COM5" and group.chair.delegation.organisation.iso3 == "TUV"
    assert (group.chair.given_name, group.chair.family_name) == ("Tala", "Ioane")
    assert [p.delegation.organisation.iso3 for p in group.vice_chairs.all()] == ["FRA"]
    # The French head chairs the Plenary; the next free member chairs Committee 5.
    assert Body.objects.get(code="PL").chair != Body.objects.get(code="COM5").chair
    document = Document.objects.get()
    assert (document.number, document.addendum, document.body.code) == ("27", 1, "COM5")
    proposal = Proposal.objects.get(symbol="EUR/27A1/1")
    assert proposal.instrument.number == "101" and proposal.mark == "MOD"
    assert list(proposal.sources.values_list("symbol", flat=True)) == ["EUR"]
    instrument = Instrument.objects.get()
    assert instrument.title == "Internet Protocol-based networks"
    assert [a.username for a in result.accounts] == ["sec", "chair", "big"]


def test_tiny_accounts_are_linked_to_people(db, tmp_path):
    demo_load(data_dir=write_tiny(tmp_path))
    sec = User.objects.get(username="sec")
    assert sec.is_staff and sec.check_password("pw-demo-1")
    chair = User.objects.get(username="chair")
    assert chair.person.chaired_bodies.get().code == "COM5-AHG-101"
    assert role_of(chair) == "chair"
    big = User.objects.get(username="big")
    assert big.person.delegation.organisation.iso3 == "FRA"
    # France has a head; the delegate account is an ordinary delegate, not the head.
    assert big.person.delegation_role == "delegate"


def test_loading_twice_adds_nothing(db, tmp_path):
    folder = write_tiny(tmp_path)
    demo_load(data_dir=folder)
    before = counts()
    again = demo_load(data_dir=folder)
    assert not again.created
    assert counts() == before


def test_the_same_names_every_time(db, tmp_path):
    folder = write_tiny(tmp_path)
    demo_load(data_dir=folder)
    first = list(Person.objects.order_by("pk").values_list("given_name", "family_name"))
    Conference.objects.all().delete()
    User.objects.all().delete()
    demo_load(data_dir=folder)
    second = list(Person.objects.order_by("pk").values_list("given_name", "family_name"))
    assert first == second


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"delegations.json": [{"iso3": "XXX", "size": 1}]}, "delegations.json: unknown Member State XXX"),
        (
            {"proposals.json": [{"symbol": "EUR/27A1/9", "document": 27, "addendum": 1,
                                 "sources": ["EUR"], "instrument": "999", "mark": "MOD",
                                 "target": "x", "text": "y", "reasons": ""}]},
            "proposals.json: EUR/27A1/9",
        ),
        (
            {"proposals.json": [{"symbol": "ZZZ/27A1/1", "document": 27, "addendum": 1,
                                 "sources": ["ZZZ"], "instrument": "101", "mark": "NOC",
                                 "target": "considering__a", "reasons": ""}]},
            "unknown source 'ZZZ'",
        ),
        (
            {"proposals.json": [{"symbol": "EUR/27A1/7", "document": 27, "addendum": 1,
                                 "sources": ["EUR"], "instrument": "101", "mark": "SUP",
                                 "target": "resolves__para_9", "reasons": ""}]},
            "proposals.json: EUR/27A1/7 has unknown target 'resolves__para_9' in Resolution 101",
        ),
        ({"bodies.json": [{"code": "COM5", "name": "C", "kind": "committee", "parent": "PL"}]},
         "bodies.json: COM5 comes before its parent PL"),
        ({"conference.json": None}, "conference.json: file not found"),
    ],
)
def test_bad_data_names_the_file_and_item(db, tmp_path, override, message):
    folder = write_tiny(tmp_path, **override)
    if override.get("conference.json", 1) is None:
        (folder / "conference.json").unlink(missing_ok=True)
    with pytest.raises(DemoDataError, match=message.replace("(", r"\(")):
        demo_load(data_dir=folder)
    assert Conference.objects.count() == 0  # one transaction: nothing half-loaded


def test_real_demo_data(db, django_assert_max_num_queries):
    result = demo_load(data_dir=DATA_DIR)
    conference = result.conference
    assert (conference.short_name, conference.city) == ("PP-14", "Busan")
    assert Organisation.objects.filter(kind="member_state").count() == 193
    regional = Organisation.objects.filter(kind="regional")
    assert set(regional.values_list("acronym", flat=True)) == {
        "APT", "ASMG", "ATU", "CEPT", "CITEL", "RCC",
    }
    sizes = [d.member_count for d in selectors.delegation_list(conference=conference)]
    assert min(sizes) == 1 and max(sizes) > 40
    assert Instrument.objects.filter(kind="resolution").count() >= 12
    assert Proposal.objects.count() >= 50
    assert set(Proposal.objects.values_list("mark", flat=True)) >= {"ADD", "MOD", "SUP", "NOC"}
    assert not Proposal.objects.filter(reasons="").exists()
    roots = selectors.body_tree(conference=conference)
    assert [r.body.code for r in roots] == ["PL"]
    children = [n for n in roots[0].walk() if n.body.kind not in ("plenary", "committee", "working_group")]
    assert len(children) >= 18
    chair_states = {
        n.body.chair.delegation.organisation.iso3 for n in roots[0].walk() if n.body.chair
    }
    assert len(chair_states) >= 8
    assert {a.role for a in result.accounts} == {
        "secretariat", "chair", "delegate", "translator", "observer",
    }
    with django_assert_max_num_queries(2):
        nodes = list(selectors.body_tree(conference=conference)[0].walk())
        for node in nodes:
            list(node.body.vice_chairs.all())
    # Accounts stand for who they say: Tuvalu's only delegate, a delegate of a large delegation.
    one = User.objects.get(username="delegate1").person
    assert one.delegation.members.count() == 1 and one.delegation_role == "head"
    many = User.objects.get(username="delegate").person
    assert many.delegation.members.count() > 40 and many.delegation_role == "delegate"
    # Names come from the pool of the country's own group within its region.
    bahrain = Person.objects.get(pk=Body.objects.get(code="WGPL").chair_id)
    assert bahrain.delegation.organisation.iso3 == "BHR"
    assert bahrain.family_name.startswith("Al-") or bahrain.family_name == "Khoury"
    assert not demo_load(data_dir=DATA_DIR).created
