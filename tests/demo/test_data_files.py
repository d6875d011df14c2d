"""Checks on the demo conference's data files.

These run without Django: they read the JSON and text files the demo loader
consumes and check that they agree with one another, so that a broken demo is
caught here rather than when a visitor opens the site.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "plenipot" / "demo" / "data"
# The Member States and regional organisations ship with Plenipot for every conference.
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "plenipot" / "conference" / "data"

REGIONS = {"A", "B", "C", "D", "E"}


@cache
def load(name: str):
    folder = SHIPPED if (SHIPPED / name).exists() else DATA
    with open(folder / name, encoding="utf-8") as f:
        return json.load(f)


def states() -> list[dict]:
    return load("member_states.json")


def test_there_are_exactly_193_member_states():
    assert len(states()) == 193


@pytest.mark.parametrize("key", ["name", "iso2", "iso3", "symbol"])
def test_member_state_keys_are_unique(key):
    counts = Counter(s[key] for s in states())
    assert [v for v, n in counts.items() if n > 1] == []


def test_member_state_codes_are_well_formed():
    for s in states():
        assert set(s) == {"name", "iso2", "iso3", "symbol", "itu_region"}, s
        assert re.fullmatch(r"[A-Z]{2}", s["iso2"]), s
        assert re.fullmatch(r"[A-Z]{3}", s["iso3"]), s
        assert re.fullmatch(r"[A-Z]{1,3}", s["symbol"]), s
        assert s["itu_region"] in REGIONS, s


def test_well_known_itu_symbols():
    by_iso3 = {s["iso3"]: s for s in states()}
    expected = {
        "FRA": "F",
        "DEU": "D",
        "GBR": "G",
        "ITA": "I",
        "ESP": "E",
        "USA": "USA",
        "BRA": "B",
        "JPN": "J",
        "SAU": "ARS",
        "ARE": "UAE",
        "KOR": "KOR",
        "SEN": "SEN",
    }
    for iso3, symbol in expected.items():
        assert by_iso3[iso3]["symbol"] == symbol
    assert by_iso3["KOR"]["name"] == "Korea (Republic of)"
    assert by_iso3["KOR"]["itu_region"] == "E"


def test_every_region_has_members():
    counts = Counter(s["itu_region"] for s in states())
    assert set(counts) == REGIONS
    assert counts["D"] == 54


def state_codes() -> set[str]:
    return {s["iso3"] for s in states()}


def regional() -> list[dict]:
    return load("regional_organisations.json")


def test_conference_is_busan_2014():
    conference = load("conference.json")
    assert conference["short_name"] == "PP-14"
    assert conference["city"] == "Busan"
    assert (conference["start"], conference["end"]) == ("2014-10-20", "2014-11-07")
    assert sorted(conference["languages"]) == sorted(["ar", "zh", "en", "fr", "ru", "es"])


def test_the_six_regional_organisations_and_their_members_exist():
    symbols = {r["acronym"]: r["symbol"] for r in regional()}
    assert symbols == {
        "APT": "ACP",
        "ASMG": "ARB",
        "ATU": "AFCP",
        "CEPT": "EUR",
        "CITEL": "IAP",
        "RCC": "RCC",
    }
    known = state_codes()
    for r in regional():
        assert len(r["members"]) >= 5, r["acronym"]
        assert len(set(r["members"])) == len(r["members"]), r["acronym"]
        assert set(r["members"]) <= known, set(r["members"]) - known


def test_regional_symbols_do_not_clash_with_state_symbols():
    state_symbols = {s["symbol"] for s in states()}
    assert not {r["symbol"] for r in regional()} & state_symbols


def test_other_organisations():
    others = load("other_organisations.json")
    assert {o["kind"] for o in others} == {"sector_member", "academia", "observer"}
    assert len({o["acronym"] for o in others}) == len(others)


def test_delegations_cover_most_states_with_realistic_sizes():
    delegations = load("delegations.json")
    codes = [d["iso3"] for d in delegations]
    assert len(codes) == len(set(codes))
    assert set(codes) <= state_codes()
    assert 165 <= len(codes) <= 185
    sizes = {d["iso3"]: d["size"] for d in delegations}
    assert sum(1 for n in sizes.values() if n == 1) >= 5
    assert max(sizes.values()) > 40
    assert sizes["KOR"] == max(sizes.values())  # the host
    credentials = Counter(d["credentials"] for d in delegations)
    assert set(credentials) <= {"accepted", "pending", "rejected"}
    assert 0 < credentials["pending"] < credentials["accepted"]


def test_name_pools_per_region():
    names = load("names.json")
    assert set(names) == REGIONS
    for pool in names.values():
        for key in ("given", "family"):
            assert len(pool[key]) >= 30
            assert len(set(pool[key])) == len(pool[key])
            assert all(n.strip() == n and n for n in pool[key])


def test_name_groups_cover_each_region_once():
    """Optional finer pools, so that a delegation's names fit its country."""
    names = load("names.json")
    for region, pool in names.items():
        members = [c for group in pool.get("groups", []) for c in group["members"]]
        assert sorted(members) == sorted(s["iso3"] for s in states() if s["itu_region"] == region)
        for group in pool.get("groups", []):
            assert set(group["given"]) <= set(pool["given"]), group["name"]
            assert set(group["family"]) <= set(pool["family"]), group["name"]
            assert len(group["given"]) >= 3 and len(group["family"]) >= 3, group["name"]


# --- Resolutions -------------------------------------------------------------------

FIRST_LINE = re.compile(r"Resolution (\d+) \((?:Rev\. )?[A-Z][a-z]+, (\d{4})\)")
FORMULA = re.compile(
    r"The Plenipotentiary Conference of the International Telecommunication Union "
    r"\([A-Z][a-z]+, \d{4}\),"
)
LETTERED = re.compile(r"([a-z])\) \S.*")
NUMBERED = re.compile(r"(\d+) \S.*")
SUB_ITEM = re.compile(r"  ([a-z])\) \S.*")


def slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")


def provision_ids(text: str) -> list[str]:
    """The provision ids of an instrument, read the simple way.

    An independent reading of the plain-text format, so that these files are
    checked even before the engine's parser exists: headings, lettered items
    (``considering__a``), numbered items (``resolves__para_2``) and their
    indented sub-items (``resolves__para_2__point_b``), in order.
    """
    blocks = text.rstrip("\n").split("\n\n")
    header, formula, *body = blocks
    number_line, title = header.split("\n")
    assert FIRST_LINE.fullmatch(number_line), number_line
    assert title and title == title.strip()
    assert FORMULA.fullmatch(formula), formula
    assert body, "an instrument needs at least one heading"
    ids: list[str] = []
    for block in body:
        heading, *lines = block.split("\n")
        assert heading == heading.strip() and heading[0].islower(), heading
        assert lines, f"heading without items: {heading}"
        head = slug(heading)
        assert head not in ids, f"repeated heading: {heading}"
        ids.append(head)
        expected_letter = expected_number = 0
        parent = None
        expected_point = 0
        for line in lines:
            if m := SUB_ITEM.fullmatch(line):
                assert parent is not None, line
                assert m[1] == chr(ord("a") + expected_point), line
                expected_point += 1
                ids.append(f"{parent}__point_{m[1]}")
            elif m := LETTERED.fullmatch(line):
                assert m[1] == chr(ord("a") + expected_letter), line
                expected_letter += 1
                parent = None
                ids.append(f"{head}__{m[1]}")
            elif m := NUMBERED.fullmatch(line):
                expected_number += 1
                assert int(m[1]) == expected_number, line
                parent = f"{head}__para_{m[1]}"
                expected_point = 0
                ids.append(parent)
            else:
                raise AssertionError(f"unreadable line: {line!r}")
        assert not (expected_letter and expected_number), f"mixed items under {heading}"
    return ids


def resolution_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted((DATA / "resolutions").glob("*.txt"))}


@cache
def resolution_ids(number: str) -> list[str]:
    return provision_ids(resolution_files()[number].read_text(encoding="utf-8"))


def test_at_least_twelve_resolutions():
    assert len(resolution_files()) >= 12
    for wanted in ("101", "102", "130", "133", "180"):
        assert wanted in resolution_files()


@pytest.mark.parametrize("number", sorted(resolution_files()))
def test_resolution_reads_and_has_a_realistic_length(number):
    text = resolution_files()[number].read_text(encoding="utf-8")
    assert FIRST_LINE.match(text)[1] == number
    ids = resolution_ids(number)
    items = [i for i in ids if "__" in i]
    assert 10 <= len(items) <= 30, len(items)
    assert any(i.startswith("considering__") for i in ids)
    assert any(i.startswith("resolves__para_") for i in ids)
    assert text.endswith(".\n")


def test_provision_ids_of_the_format_example():
    example = (
        "Resolution 999 (Rev. Busan, 2014)\nExample of an instrument\n\n"
        "The Plenipotentiary Conference of the International Telecommunication Union"
        " (Busan, 2014),\n\n"
        "considering\na) that one;\nb) that two,\n\n"
        "resolves\n1 to do;\n2 to invite the Sectors\n  a) to share;\n  b) to report,\n\n"
        "instructs the Secretary-General\n1 to report.\n"
    )
    assert provision_ids(example) == [
        "considering",
        "considering__a",
        "considering__b",
        "resolves",
        "resolves__para_1",
        "resolves__para_2",
        "resolves__para_2__point_a",
        "resolves__para_2__point_b",
        "instructs_the_secretary_general",
        "instructs_the_secretary_general__para_1",
    ]


# --- Bodies and accounts -------------------------------------------------------------

BODY_KINDS = {
    "plenary",
    "committee",
    "working_group",
    "ad_hoc",
    "consolidation",
    "drafting",
    "informal",
}


def delegation_sizes() -> dict[str, int]:
    return {d["iso3"]: d["size"] for d in load("delegations.json")}


def bodies() -> list[dict]:
    return load("bodies.json")


def test_bodies_come_after_their_parents():
    seen: set[str] = set()
    for body in bodies():
        assert body["code"] not in seen, body["code"]
        assert body["parent"] is None or body["parent"] in seen, body["code"]
        seen.add(body["code"])
    roots = [b["code"] for b in bodies() if b["parent"] is None]
    assert roots == ["PL"]


def test_the_conference_bodies_are_all_there():
    codes = {b["code"] for b in bodies()}
    assert {"PL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "WGPL"} <= codes
    assert "COM5-AHG-130" in codes
    assert len(codes) >= 26  # the eight standing bodies and about twenty children


def test_some_bodies_are_three_levels_deep():
    parent = {b["code"]: b["parent"] for b in bodies()}

    def depth(code):
        return 0 if parent[code] is None else 1 + depth(parent[code])

    assert max(depth(c) for c in parent) >= 3


def test_body_officers_are_attending_delegations():
    sizes = delegation_sizes()
    for body in bodies():
        officers = [body["chair"], *body["vice_chairs"]]
        assert all(o in sizes for o in officers), body["code"]
        assert len(set(officers)) == len(officers), body["code"]


def test_chairs_of_the_committees_come_from_different_countries():
    chairs = [b["chair"] for b in bodies() if b["kind"] in {"committee", "working_group"}]
    chairs = [c for c in chairs if c != "KOR"]  # the host chairs the Plenary and Steering
    assert len(set(chairs)) == len(chairs)


def test_body_fields():
    conference = load("conference.json")
    for body in bodies():
        assert body["kind"] in BODY_KINDS, body["code"]
        assert body["openness"] in {"public", "participants", "delegations"}, body["code"]
        assert body["status"] in {"active", "reported", "dissolved"}, body["code"]
        assert body["mandate"].strip(), body["code"]
        if body["deadline"] is not None:
            assert conference["start"] <= body["deadline"] <= conference["end"], body["code"]
        if body["kind"] in {"ad_hoc", "drafting", "informal", "consolidation"}:
            assert body["openness"] == "delegations", body["code"]


def test_one_demo_account_per_role():
    accounts = {a["username"]: a for a in load("accounts.json")}
    assert set(accounts) == {
        "secretariat",
        "chair",
        "delegate1",
        "delegate",
        "translator",
        "observer",
    }
    assert {a["password"] for a in accounts.values()} == {"plenipot-demo"}
    assert {a["role"] for a in accounts.values()} == {
        "secretariat",
        "chair",
        "delegate",
        "translator",
        "observer",
    }
    sizes = delegation_sizes()
    assert sizes[accounts["delegate1"]["iso3"]] == 1
    assert sizes[accounts["delegate"]["iso3"]] > 40
    chaired = {b["code"]: b["chair"] for b in bodies()}
    chair = accounts["chair"]
    assert chair["body"] in {"COM5", "WGPL"}
    assert chaired[chair["body"]] == chair["iso3"]
    # the only member of a one-person delegation is free to sit in meetings
    officers = {o for b in bodies() for o in [b["chair"], *b["vice_chairs"]]}
    assert accounts["delegate1"]["iso3"] not in officers


# --- Documents and proposals ---------------------------------------------------------

MARKS = {"ADD", "ADD*", "MOD", "(MOD)", "SUP", "SUP*", "NOC"}
PROPOSAL_SYMBOL = re.compile(r"([A-Z]{1,4})/(\d+)(?:A(\d+))?/(\d+)")


def documents() -> list[dict]:
    return load("documents.json")


def proposals() -> list[dict]:
    return load("proposals.json")


def known_sources() -> set[str]:
    others = {o["acronym"] for o in load("other_organisations.json")}
    return {s["symbol"] for s in states()} | {r["symbol"] for r in regional()} | others


def test_documents_are_unique_with_known_sources_and_bodies():
    keys = [(d["number"], d["addendum"]) for d in documents()]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys, key=lambda k: (k[0], k[1] or 0))
    conference = load("conference.json")
    body_codes = {b["code"] for b in bodies()}
    sources = known_sources()
    for d in documents():
        assert d["kind"] in {"input", "temporary", "output", "administrative", "information"}
        assert d["sources"] and set(d["sources"]) <= sources, d
        assert d["language"] in conference["languages"], d
        assert d["date"] <= conference["end"], d
        assert d["title"].strip(), d
        assert d.get("body") is None or d["body"] in body_codes, d


def test_the_usual_common_proposals_are_there():
    by_number = {d["number"]: set(d["sources"]) for d in documents()}
    assert by_number[27] == {"EUR"}
    assert by_number[56] == {"SEN"}
    groups = {s for d in documents() for s in d["sources"]}
    assert {"EUR", "ARB", "ACP", "AFCP", "IAP", "RCC"} <= groups


def test_proposal_symbols_are_well_formed_unique_and_match_their_document():
    symbols = [p["symbol"] for p in proposals()]
    assert len(symbols) == len(set(symbols))
    keys = {(d["number"], d["addendum"]) for d in documents()}
    for p in proposals():
        m = PROPOSAL_SYMBOL.fullmatch(p["symbol"])
        assert m, p["symbol"]
        source, number, addendum, _seq = m.groups()
        assert int(number) == p["document"], p["symbol"]
        assert (int(addendum) if addendum else None) == p["addendum"], p["symbol"]
        assert (p["document"], p["addendum"]) in keys, p["symbol"]
        assert source in p["sources"], p["symbol"]


def test_proposals_are_numbered_from_one_in_each_document():
    seen: dict[tuple, list[int]] = {}
    for p in proposals():
        seen.setdefault((p["document"], p["addendum"]), []).append(
            int(p["symbol"].rsplit("/", 1)[1])
        )
    for key, numbers in seen.items():
        assert numbers == list(range(1, len(numbers) + 1)), key


def test_proposal_fields_fit_their_mark():
    sources = known_sources()
    for p in proposals():
        assert p["mark"] in MARKS, p["symbol"]
        assert set(p["sources"]) <= sources, p["symbol"]
        assert p["reasons"].strip(), p["symbol"]
        assert p["instrument"] in resolution_files(), p["symbol"]
        if p["mark"] in {"ADD", "ADD*"}:
            assert p["anchor"] and p["target"] is None and p["text"], p["symbol"]
        elif p["mark"] in {"MOD", "(MOD)"}:
            assert p["target"] and p["anchor"] is None and p["text"], p["symbol"]
        else:
            assert p["target"] and p["anchor"] is None and p["text"] is None, p["symbol"]
        if p["text"]:
            # the new wording, without the number or letter of the provision
            assert not re.match(r"(\d+|[a-z]\)) ", p["text"]), p["symbol"]


def test_proposal_targets_and_anchors_exist_in_the_text():
    for p in proposals():
        ids = resolution_ids(p["instrument"])
        for key in ("target", "anchor"):
            if p[key] is not None:
                assert p[key] in ids and "__" in p[key], (p["symbol"], key, p[key])


def test_there_are_enough_proposals_of_every_kind():
    assert 80 <= len(proposals()) <= 150
    marks = Counter(p["mark"] for p in proposals())
    assert set(marks) == MARKS
    assert marks["MOD"] > marks["ADD"] > marks["NOC"] > marks["SUP"]
    for symbol in ("EUR/27A1/5", "ARB/74A6/2", "IAP/44A3/1", "RCC/14A2/3", "USA/31/2", "SEN/56/1"):
        assert symbol in {p["symbol"] for p in proposals()}


def test_proposals_conflict_where_negotiations_did():
    mods: dict[tuple[str, str], set[str]] = {}
    for p in proposals():
        if p["mark"] == "MOD":
            mods.setdefault((p["instrument"], p["target"]), set()).add(p["text"])
    # several different wordings of the same provision on the Internet resolutions
    assert len(mods[("101", "considering__d")]) >= 2
    assert len(mods[("102", "resolves__para_1")]) >= 2
    assert sum(1 for texts in mods.values() if len(texts) >= 2) >= 8
    # one side changes a provision that the other wants left alone
    nocs = {(p["instrument"], p["target"]) for p in proposals() if p["mark"] == "NOC"}
    assert len(nocs & set(mods)) >= 5
    # two groups propose nearly the same new provision after the same anchor
    adds: dict[tuple[str, str], list[dict]] = {}
    for p in proposals():
        if p["mark"] == "ADD":
            adds.setdefault((p["instrument"], p["anchor"]), []).append(p)
    twins = [group for group in adds.values() if len({s for p in group for s in p["sources"]}) > 1]
    assert len(twins) >= 4


def parser():
    try:
        from plenipot.engine import parse_instrument
    except ImportError:
        try:
            from plenipot.engine.instrument import parse_instrument
        except ImportError:
            pytest.skip("the engine does not provide parse_instrument yet")
    return parse_instrument


def engine_ids(number: str) -> set[str]:
    tree = parser()(resolution_files()[number].read_text(encoding="utf-8"))
    return set(tree.eids())


@pytest.mark.parametrize("number", sorted(resolution_files()))
def test_the_engine_parses_every_resolution_to_the_same_ids(number):
    ids = engine_ids(number)
    assert set(resolution_ids(number)) <= ids


def test_every_proposal_target_and_anchor_exists_in_the_parsed_instrument():
    parsed = {number: engine_ids(number) for number in resolution_files()}
    for p in proposals():
        for key in ("target", "anchor"):
            if p[key] is not None:
                assert p[key] in parsed[p["instrument"]], (p["symbol"], key, p[key])


def test_every_amendment_changes_the_wording():
    parse = parser()
    trees = {n: parse(p.read_text(encoding="utf-8")) for n, p in resolution_files().items()}
    for p in proposals():
        if p["mark"] in {"MOD", "(MOD)"}:
            current = trees[p["instrument"]].text_of(p["target"])
            assert current is not None, p["symbol"]
            assert p["text"] != current, p["symbol"]
