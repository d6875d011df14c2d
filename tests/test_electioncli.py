"""`plenipot election count`, through plenipot.cli.main and once as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plenipot.cli import main
from plenipot.formats.election_cli import MAX_DEPTH, MAX_FILE_BYTES

SECRETARY_GENERAL = {
    "kind": "single",
    "candidates": [
        {"id": "ALBA", "name": "Inès Albarrán", "nominated_by": "Uruguay"},
        {"id": "BRUN", "name": "Karl Brunner", "nominated_by": "Autriche"},
        {"id": "CORA", "name": "Amina Coulibaly", "nominated_by": "Mali"},
    ],
    "rounds": [
        {"ballots": [["ALBA"]] * 50 + [["BRUN"]] * 45 + [["CORA"]] * 40 + [[]] * 3},
        {"ballots": [["ALBA"]] * 60 + [["BRUN"]] * 50 + [["CORA"]] * 25 + [["ALBA", "BRUN"]]},
        {"ballots": [["ALBA"]] * 70 + [["BRUN"]] * 64 + [[]] * 2, "withdrawn": ["CORA"]},
    ],
}

COUNCIL = {
    "kind": "seats_by_region",
    "seats": {"A": 2, "C": 1},
    "candidates": [
        {"id": "ARG", "name": "Argentine", "nominated_by": "ARG", "region": "A"},
        {"id": "B", "name": "Brésil", "nominated_by": "B", "region": "A"},
        {"id": "CAN", "name": "Canada", "nominated_by": "CAN", "region": "A"},
        {"id": "POL", "name": "Pologne", "nominated_by": "POL", "region": "C"},
        {"id": "ROU", "name": "Roumanie", "nominated_by": "ROU", "region": "C"},
    ],
    "rounds": [
        {
            "ballots": [["ARG", "B", "POL"]] * 4
            + [["ARG", "CAN", "ROU"]] * 4
            + [["ARG", "B", "CAN", "POL"]]
            + [[]]
        },
        {"ballots": [["B"]] * 5 + [["CAN"]] * 3},
    ],
}


def write(tmp_path: Path, data: object, name: str = "ballots.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_single_post_as_text(tmp_path, capsys):
    code, out, err = run(capsys, "election", "count", write(tmp_path, SECRETARY_GENERAL))
    assert code == 0, err
    assert "Round 1\n  ballot papers 138: valid 135, blank 3, invalid 0" in out
    assert "majority needed: 68 (more than half of 135 valid votes)" in out
    assert "next round: ALBA, BRUN, CORA" in out
    assert "Round 2\n  ballot papers 136: valid 135, blank 0, invalid 1" in out
    assert "Round 3\n  withdrawn before the round: CORA\n" in out
    assert "ALBA     70  Inès Albarrán (Uruguay)  elected" in out
    assert out.rstrip().endswith("Elected: ALBA (finished)")


def test_a_single_post_as_json(tmp_path, capsys):
    code, out, _ = run(
        capsys, "election", "count", write(tmp_path, SECRETARY_GENERAL), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["elected"] == ["ALBA"] and data["finished"] is True
    assert data["rule"] == {"open_rounds": 3, "then": "top_two", "abstentions_postpone": False}
    third = data["rounds"][2]
    assert third["withdrawn"] == ["CORA"]
    assert third["standing"] == ["ALBA", "BRUN"]
    assert (third["valid"], third["blank"], third["invalid"], third["majority"]) == (134, 2, 0, 68)
    assert third["votes"] == {"ALBA": 70, "BRUN": 64}
    assert [r["next_round"] for r in data["rounds"]] == [
        ["ALBA", "BRUN", "CORA"],
        ["ALBA", "BRUN", "CORA"],
        [],
    ]


def test_seats_by_region(tmp_path, capsys):
    code, out, _ = run(capsys, "election", "count", write(tmp_path, COUNCIL), "--format", "json")
    assert code == 0
    first, second = json.loads(out)["rounds"]
    assert (first["ballots"], first["valid"], first["blank"], first["invalid"]) == (10, 9, 1, 0)
    assert first["invalid_for_region"] == {"A": 1, "C": 0}
    assert first["votes"] == {"ARG": 8, "B": 4, "CAN": 4, "POL": 5, "ROU": 4}
    assert first["elected"] == ["ARG", "POL"]
    assert first["next_round"] == ["B", "CAN"]
    assert first["seats_open"] == {"A": 1, "C": 0}
    assert second["elected"] == ["B"] and second["finished"]
    code, out, _ = run(capsys, "election", "count", write(tmp_path, COUNCIL))
    assert "region A: 2 of 2 seats to fill, invalid for the region 1, left open 1" in out
    assert "region A: 1 of 2 seats to fill" in out


def test_the_rounds_rule_comes_from_the_file(tmp_path, capsys):
    data = dict(SECRETARY_GENERAL, rule={"open_rounds": 1})
    data["rounds"] = SECRETARY_GENERAL["rounds"][:1]
    code, out, _ = run(capsys, "election", "count", write(tmp_path, data), "--format", "json")
    assert code == 0
    assert json.loads(out)["rounds"][0]["next_round"] == ["ALBA", "BRUN"]


def _with(change) -> dict:
    data = json.loads(json.dumps(SECRETARY_GENERAL))
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with(lambda d: d.update(colour="blue")), "ballots.json: colour: unknown field"),
        (
            _with(lambda d: d["candidates"][1].update(age=50)),
            "ballots.json: candidates[1].age: unknown field",
        ),
        (
            _with(lambda d: d["rounds"][1].update(tellers=5)),
            "ballots.json: rounds[1].tellers: unknown field",
        ),
        (
            _with(lambda d: d["rounds"][1]["ballots"].append(["ZORRO"])),
            'ballots.json: rounds[1].ballots[136][0]: "ZORRO" is not a candidate\'s id',
        ),
        (
            _with(lambda d: d["rounds"][0]["ballots"].append(["ALBA", "ALBA"])),
            'ballots.json: rounds[0].ballots[138][1]: "ALBA" is marked twice',
        ),
        (
            _with(lambda d: d["rounds"][0]["ballots"].append("ALBA")),
            "ballots.json: rounds[0].ballots[138]: expected an array, found a text",
        ),
        (
            _with(lambda d: d["rounds"][0]["ballots"].append([7])),
            "ballots.json: rounds[0].ballots[138][0]: expected a candidate id, found a number",
        ),
        (
            _with(lambda d: d["candidates"][0].pop("nominated_by")),
            "ballots.json: candidates[0]: the field 'nominated_by' is missing",
        ),
        (_with(lambda d: d.pop("rounds")), "ballots.json: the field 'rounds' is missing"),
        (
            _with(lambda d: d.update(kind="ranked")),
            'ballots.json: kind: expected one of single, seats_by_region, found "ranked"',
        ),
        (
            _with(lambda d: d["candidates"].append(dict(d["candidates"][0]))),
            'ballots.json: candidates[3].id: "ALBA" is already candidates[0]',
        ),
        (
            _with(lambda d: d.update(rule={"open_rounds": 0})),
            "ballots.json: rule.open_rounds: expected 1 or more, found 0",
        ),
        (
            _with(lambda d: d.update(rule={"then": "lowest_out"})),
            'ballots.json: rule.then: expected one of top_two, all, found "lowest_out"',
        ),
        (
            _with(lambda d: d["rounds"].append({"ballots": [["BRUN"]]})),
            "ballots.json: round 4: the election was finished in round 3",
        ),
        (
            _with(lambda d: d["rounds"][2].update(withdrawn=["ALBA", "BRUN", "CORA"])),
            "ballots.json: round 3: no candidate stands",
        ),
        (
            _with(lambda d: d.update(seats={"A": 2})),
            "ballots.json: seats: a single post has one seat",
        ),
        (
            dict(COUNCIL, seats={"A": 2}),
            'ballots.json: candidates[3].region: "C" is not a region of \'seats\' (A)',
        ),
        (
            {k: v for k, v in COUNCIL.items() if k != "seats"},
            "ballots.json: the field 'seats' is missing",
        ),
        (
            dict(COUNCIL, seats={"A": 2, "C": "one"}),
            "ballots.json: seats.C: expected a whole number, found a text",
        ),
        ([1, 2, 3], "ballots.json: expected an object, found an array"),
        ('{"kind": "single",', "ballots.json: not valid JSON: Expecting property name"),
        ('{"kind": "single", "kind": "single"}', "the field 'kind' is given twice"),
        ('{"kind": NaN}', "ballots.json: NaN is not a number a ballot file may hold"),
        ("[" * 100_000 + "]" * 100_000, f"nested {MAX_DEPTH + 1} levels deep"),
    ],
)
def test_malformed_files_are_refused_with_where(tmp_path, capsys, data, message):
    code, out, err = run(capsys, "election", "count", write(tmp_path, data))
    assert code == 2
    assert out == ""
    assert err.startswith("plenipot: error: ")
    assert message in err
    assert "Traceback" not in err


def test_a_file_over_the_cap_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "ballots.json"
    with path.open("w", encoding="utf-8") as stream:
        stream.write('{"kind": "single", "pad": "')
        stream.write("x" * MAX_FILE_BYTES)
        stream.write('"}')
    code, _, err = run(capsys, "election", "count", path)
    assert code == 2
    assert "larger than 8 MB" in err


def test_files_that_cannot_be_read(tmp_path, capsys):
    code, _, err = run(capsys, "election", "count", tmp_path / "absent.json")
    assert (code, err.strip()) == (2, f"plenipot: error: {tmp_path / 'absent.json'}: no such file")
    (tmp_path / "latin1.json").write_bytes('{"kind": "é"}'.encode("latin-1"))
    code, _, err = run(capsys, "election", "count", tmp_path / "latin1.json")
    assert code == 2 and "expected UTF-8 text" in err


def test_the_command_runs_without_django(tmp_path):
    path = write(tmp_path, COUNCIL)
    script = (
        "import sys\n"
        "from plenipot.cli import main\n"
        f"code = main(['election', 'count', {str(path)!r}])\n"
        "assert 'django' not in sys.modules, 'Django was imported'\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Elected: ARG, POL, B (finished)" in done.stdout
