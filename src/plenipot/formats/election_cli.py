"""`plenipot election count FILE.json`: count the ballot papers of an election.

Like the text commands it needs neither Django nor a database: the tellers, or anyone
checking an announced result, run it on a file of ballot papers and get the count the
site gives, round by round, from the same engine (`engine/elections.py`). The file is
distrusted: it is read only up to a size cap, its nesting is bounded before the JSON
parser sees it, and any unknown field, unknown id, wrong type or missing field is
refused with ``plenipot: error: FILE: where: what was expected`` and exit status 2.

The file::

    {"kind": "single" | "seats_by_region",
     "seats": {"A": 9, ...},                   (seats by region; one seat for a single post)
     "candidates": [{"id", "name", "nominated_by", "region"?}, ...],
     "rounds": [{"ballots": [["ID", ...], ...], "withdrawn"?: ["ID", ...]}, ...],
     "rule"?: {"open_rounds"?: 3, "then"?: "top_two" | "all", "abstentions_postpone"?: false}}

Each ballot paper is the list of the candidate ids marked on it, in no order; ``[]`` is a
blank paper. Places in the file are given as JSON paths counted from 0
(``rounds[1].ballots[4]`` is the fifth paper of the second round).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plenipot.core.cli import CommandError
from plenipot.engine.elections import (
    AFTER_OPEN_ROUNDS,
    KINDS,
    SEATS_BY_REGION,
    SINGLE,
    Candidate,
    Election,
    ElectionError,
    ElectionResult,
    RoundResult,
    RoundsRule,
    count_election,
)

#: The largest file read: a Council election of 193 delegations over ten rounds is a few
#: hundred kilobytes.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The format nests five deep (the file, its rounds, a round, its ballots, a paper).
MAX_DEPTH = 8
MAX_TEXT = 500
MAX_ID = 64


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `plenipot election count` to the `plenipot` parser."""
    election = subparsers.add_parser(
        "election",
        help="count the ballot papers of an election",
        description="Count the ballot papers of an election by secret ballot.",
    )
    commands = election.add_subparsers(dest="election_command", metavar="COMMAND")
    commands.required = True
    count = commands.add_parser(
        "count",
        help="count every round of an election from a JSON file of ballot papers",
        description=(
            "Count every round of the election in FILE.json: the valid, blank and invalid "
            "ballot papers, the votes for each candidate, the majority needed, who is "
            "elected and who stands in the next round. See docs/floor.md for the file."
        ),
    )
    count.add_argument("file", metavar="FILE.json")
    count.add_argument("--format", choices=("text", "json"), default="text")
    count.set_defaults(handler=handle_count)


def handle_count(args: argparse.Namespace) -> int:
    data = read_ballot_file(args.file)
    election, rounds, withdrawn = parse_ballot_file(data, args.file)
    try:
        result = count_election(election, rounds, withdrawn=withdrawn)
    except ElectionError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    if args.format == "json":
        data = result_to_dict(election, result, withdrawn=withdrawn)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(print_result(election, result, withdrawn=withdrawn))
    return 0


# --- reading the file -----------------------------------------------------------------


def read_ballot_file(path: str) -> Any:
    """The file's JSON, read within the size cap and the nesting bound."""
    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: expected a file, found a folder") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CommandError(
            f"{path}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
            "the most a ballot file may be"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: expected UTF-8 text (byte {exc.start} is not)") from None
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise CommandError(
            f"{path}: the JSON is nested {depth} levels deep; a ballot file needs at most "
            f"{MAX_DEPTH}"
        )
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}") from None


def _nesting(text: str) -> int:
    """The deepest nesting of arrays and objects, counted without parsing (strings
    skipped), so that a hostile file never reaches the recursive parser."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the field {key!r} is given twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a ballot file may hold")


def _where(path: str, place: str) -> str:
    return f"{path}: {place}" if place else path


class _Reader:
    """Checks the parsed JSON against the format, saying where anything is wrong."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, place: str, message: str) -> CommandError:
        return CommandError(f"{_where(self.path, place)}: {message}")

    def object(self, value: Any, place: str, *, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(place, f"expected an object, found {_kind(value)}")
        for key in value:
            if key not in required | optional:
                known = ", ".join(sorted(required | optional))
                raise self.fail(_join(place, key), f"unknown field (expected one of {known})")
        for key in sorted(required):
            if key not in value:
                raise self.fail(place, f"the field {key!r} is missing")
        return value

    def array(self, value: Any, place: str, *, most: int) -> list:
        if not isinstance(value, list):
            raise self.fail(place, f"expected an array, found {_kind(value)}")
        if len(value) > most:
            raise self.fail(place, f"{len(value)} entries; at most {most} are accepted")
        return value

    def text(self, value: Any, place: str, *, most: int = MAX_TEXT, empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(place, f"expected a text, found {_kind(value)}")
        if not empty and not value.strip():
            raise self.fail(place, "expected a text, found an empty one")
        if len(value) > most:
            raise self.fail(place, f"{len(value)} characters; at most {most} are accepted")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise self.fail(place, "control characters are not accepted")
        return value

    def whole(self, value: Any, place: str, *, least: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(place, f"expected a whole number, found {_kind(value)}")
        if value < least:
            raise self.fail(place, f"expected {least} or more, found {value}")
        if value > 10_000:
            raise self.fail(place, f"expected at most 10000, found {value}")
        return value


def _join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {
        dict: "an object",
        list: "an array",
        str: "a text",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


MAX_CANDIDATES = 1000
MAX_ROUNDS = 200
MAX_BALLOTS = 100_000


def parse_ballot_file(
    data: Any, path: str
) -> tuple[Election, list[list[frozenset[str]]], dict[int, list[str]]]:
    """The election, each round's ballot papers and the withdrawals, from the file's
    JSON; anything that does not fit the format is a `CommandError` saying where."""
    read = _Reader(path)
    root = read.object(
        data, "", required={"kind", "candidates", "rounds"}, optional={"seats", "rule"}
    )
    kind = root["kind"]
    if kind not in KINDS:
        raise read.fail("kind", f"expected one of {', '.join(KINDS)}, found {json.dumps(kind)}")
    seats = _seats(read, root, kind)
    rule = _rule(read, root.get("rule"))
    candidates = _candidates(read, root["candidates"], kind, seats)
    known = {candidate.id for candidate in candidates}
    rounds_data = read.array(root["rounds"], "rounds", most=MAX_ROUNDS)
    rounds: list[list[frozenset[str]]] = []
    withdrawn: dict[int, list[str]] = {}
    for index, entry in enumerate(rounds_data):
        place = f"rounds[{index}]"
        entry = read.object(entry, place, required={"ballots"}, optional={"withdrawn"})
        papers = read.array(entry["ballots"], f"{place}.ballots", most=MAX_BALLOTS)
        ballots = []
        for number, paper in enumerate(papers):
            ballots.append(_paper(read, paper, f"{place}.ballots[{number}]", known))
        rounds.append(ballots)
        if "withdrawn" in entry:
            gone = read.array(entry["withdrawn"], f"{place}.withdrawn", most=MAX_CANDIDATES)
            ids = list(_paper(read, gone, f"{place}.withdrawn", known))
            if ids:
                withdrawn[index + 1] = sorted(ids)
    try:
        election = Election(kind=kind, candidates=tuple(candidates), seats=seats, rule=rule)
    except ElectionError as exc:
        raise CommandError(f"{path}: {exc}") from None
    return election, rounds, withdrawn


def _seats(read: _Reader, root: dict, kind: str) -> dict[str, int]:
    if "seats" not in root:
        if kind == SEATS_BY_REGION:
            raise read.fail("", "the field 'seats' is missing (seats by region)")
        return {"": 1}
    seats = root["seats"]
    if not isinstance(seats, dict):
        raise read.fail("seats", f"expected an object of regions and seats, found {_kind(seats)}")
    if not seats:
        raise read.fail("seats", "expected at least one region")
    if len(seats) > MAX_CANDIDATES:
        raise read.fail("seats", f"{len(seats)} regions; at most {MAX_CANDIDATES} are accepted")
    result = {}
    for region, number in seats.items():
        read.text(region, f"seats.{region}", most=MAX_ID)
        result[region] = read.whole(number, f"seats.{region}", least=1)
    if kind == SINGLE and (len(result) != 1 or next(iter(result.values())) != 1):
        raise read.fail("seats", "a single post has one seat: leave 'seats' out")
    return result


def _rule(read: _Reader, value: Any) -> RoundsRule:
    if value is None:
        return RoundsRule()
    rule = read.object(
        value, "rule", required=set(), optional={"open_rounds", "then", "abstentions_postpone"}
    )
    options: dict[str, Any] = {}
    if "open_rounds" in rule:
        options["open_rounds"] = read.whole(rule["open_rounds"], "rule.open_rounds", least=1)
    if "then" in rule:
        if rule["then"] not in AFTER_OPEN_ROUNDS:
            raise read.fail(
                "rule.then",
                f"expected one of {', '.join(AFTER_OPEN_ROUNDS)}, found {json.dumps(rule['then'])}",
            )
        options["then"] = rule["then"]
    if "abstentions_postpone" in rule:
        if not isinstance(rule["abstentions_postpone"], bool):
            raise read.fail(
                "rule.abstentions_postpone",
                f"expected true or false, found {_kind(rule['abstentions_postpone'])}",
            )
        options["abstentions_postpone"] = rule["abstentions_postpone"]
    return RoundsRule(**options)


def _candidates(read: _Reader, value: Any, kind: str, seats: dict[str, int]) -> list[Candidate]:
    entries = read.array(value, "candidates", most=MAX_CANDIDATES)
    if not entries:
        raise read.fail("candidates", "expected at least one candidate")
    candidates = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        place = f"candidates[{index}]"
        needed = {"id", "name", "nominated_by"} | ({"region"} if kind == SEATS_BY_REGION else set())
        entry = read.object(entry, place, required=needed, optional={"region"})
        candidate_id = read.text(entry["id"], f"{place}.id", most=MAX_ID)
        if candidate_id != candidate_id.strip():
            raise read.fail(f"{place}.id", "spaces around an id are not accepted")
        if candidate_id in seen:
            raise read.fail(
                f"{place}.id", f"{json.dumps(candidate_id)} is already candidates[{seen[candidate_id]}]"
            )
        seen[candidate_id] = index
        region = None
        if "region" in entry:
            region = read.text(entry["region"], f"{place}.region", most=MAX_ID)
            if kind == SEATS_BY_REGION and region not in seats:
                raise read.fail(
                    f"{place}.region",
                    f"{json.dumps(region)} is not a region of 'seats' "
                    f"({', '.join(seats)})",
                )
        candidates.append(
            Candidate(
                id=candidate_id,
                name=read.text(entry["name"], f"{place}.name"),
                nominated_by=read.text(entry["nominated_by"], f"{place}.nominated_by"),
                region=region,
            )
        )
    return candidates


def _paper(read: _Reader, value: Any, place: str, known: set[str]) -> frozenset[str]:
    marks = read.array(value, place, most=MAX_CANDIDATES)
    seen: set[str] = set()
    for index, mark in enumerate(marks):
        if not isinstance(mark, str):
            raise read.fail(f"{place}[{index}]", f"expected a candidate id, found {_kind(mark)}")
        if mark not in known:
            raise read.fail(f"{place}[{index}]", f"{json.dumps(mark)} is not a candidate's id")
        if mark in seen:
            raise read.fail(f"{place}[{index}]", f"{json.dumps(mark)} is marked twice")
        seen.add(mark)
    return frozenset(marks)


# --- printing ---------------------------------------------------------------------------


def result_to_dict(
    election: Election, result: ElectionResult, *, withdrawn: Mapping[int, list[str]] = {}
) -> dict[str, Any]:
    """The count as JSON: every round's figures, and who was elected."""
    return {
        "kind": election.kind,
        "rule": {
            "open_rounds": election.rule.open_rounds,
            "then": election.rule.then,
            "abstentions_postpone": election.rule.abstentions_postpone,
        },
        "rounds": [
            _round_to_dict(election, r, withdrawn.get(r.number, [])) for r in result.rounds
        ],
        "elected": list(result.elected),
        "finished": result.finished,
    }


def _round_to_dict(election: Election, r: RoundResult, withdrawn: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": r.number,
        "withdrawn": withdrawn,
        "standing": list(r.standing),
        "ballots": r.ballots,
        "valid": r.valid,
        "blank": r.blank,
        "invalid": r.invalid,
        "votes": dict(r.votes),
        "majority": r.majority,
        "elected": list(r.elected),
        "next_round": list(r.next_round),
        "finished": r.finished,
    }
    if election.kind == SEATS_BY_REGION:
        data["invalid_for_region"] = dict(r.invalid_for_region)
        data["seats_open"] = dict(r.seats_open)
    else:
        data["abstentions_exceed_half"] = r.abstentions_exceed_half
        data["postponed"] = r.postponed
    return data


def _names(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "none"


def print_result(
    election: Election, result: ElectionResult, *, withdrawn: Mapping[int, list[str]] = {}
) -> str:
    """The count as the tellers read it out, round by round."""
    by_id = {c.id: c for c in election.candidates}
    width = max(len(c.id) for c in election.candidates)
    lines: list[str] = []
    title = "single post" if election.kind == SINGLE else "seats by region"
    lines.append(f"Election ({title}), {len(election.candidates)} candidates")

    def vote_lines(ids: tuple[str, ...], r: RoundResult, indent: str) -> None:
        for candidate_id in sorted(ids, key=lambda c: (-r.votes[c], election.ids.index(c))):
            candidate = by_id[candidate_id]
            mark = "  elected" if candidate_id in r.elected else ""
            lines.append(
                f"{indent}{candidate_id.ljust(width)}  {r.votes[candidate_id]:>5}  "
                f"{candidate.name} ({candidate.nominated_by}){mark}"
            )

    for r in result.rounds:
        lines.append("")
        lines.append(f"Round {r.number}")
        if withdrawn.get(r.number):
            lines.append(f"  withdrawn before the round: {', '.join(withdrawn[r.number])}")
        lines.append(
            f"  ballot papers {r.ballots}: valid {r.valid}, blank {r.blank}, invalid {r.invalid}"
        )
        if election.kind == SINGLE:
            lines.append(f"  majority needed: {r.majority} (more than half of {r.valid} valid votes)")
            lines.append("  votes:")
            vote_lines(r.standing, r, "    ")
            if r.postponed:
                lines.append(
                    "  the blank papers exceed half of the papers counted: the round is held "
                    "again at a later meeting"
                )
            lines.append(f"  elected: {_names(r.elected)}")
        else:
            for region in election.regions():
                standing = tuple(c for c in r.standing if by_id[c].region == region)
                if not standing:
                    continue
                left = r.seats_open.get(region, 0)
                filled = sum(1 for c in r.elected if by_id[c].region == region)
                lines.append(
                    f"  region {region}: {left + filled} of {election.seats[region]} seats to "
                    f"fill, invalid for the region {r.invalid_for_region.get(region, 0)}, "
                    f"left open {left}"
                )
                vote_lines(standing, r, "    ")
            lines.append(f"  elected: {_names(r.elected)}")
        if r.finished:
            lines.append("  the election is finished")
        else:
            lines.append(f"  next round: {_names(r.next_round)}")
    lines.append("")
    state = "finished" if result.finished else "not finished"
    lines.append(f"Elected: {_names(result.elected)} ({state})")
    return "\n".join(lines) + "\n"
