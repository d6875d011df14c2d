"""Editing a negotiating text line by line, with word-level provenance.

A drafting room works on a :class:`NegotiatingText`: a consolidated
:class:`~plenipot.engine.consolidation.Draft` plus what the room decides about it — the
status of each provision and its footnotes. The pen changes it only through
*operations* (frozen dataclasses below). Each operation:

* names the provisions it touches (:meth:`Operation.eids`), so that the site can refuse
  an edit made against a text that has since changed there, while two pens working on
  different provisions both succeed;
* is validated before anything changes: a missing provision, a span outside the text, a
  span that overlaps a bracket, a structure that would not form an instrument raise
  :class:`DraftingError` with a message a chair can read, and the text is left as it was
  (texts are immutable, so "as it was" costs nothing);
* has an inverse (:func:`inverse`): a :class:`Restore` of the touched provision as it
  was, so undo is one more operation, never a rewrite of history;
* serialises to plain data (:func:`operation_to_dict`, :func:`operation_from_dict`).

Provenance records, for every token of every provision (agreed text and every
alternative), the origin that introduced it: a source label from consolidation
(``BASE`` for the base text, ``EUR`` for a proposal of EUR) or ``CREDIT/rN`` for
revision N, where ``CREDIT`` is the delegation the words are credited to, or ``PEN``.
After an operation, the tokens of the touched provision are aligned with the old ones
(longest common subsequence over the provision with its bracket structure kept as
separator tokens); tokens that survive keep their origin, new tokens get the
operation's origin. Only touched provisions are aligned, so the cost of an edit does
not grow with the text.

Public API: :class:`Status`, :class:`NegotiatingText`, :class:`DraftingError`, the
operation classes, :func:`apply`, :func:`inverse`, :func:`operation_to_dict`,
:func:`operation_from_dict`, :func:`text_to_dict`, :func:`text_from_dict`,
:func:`initial_provenance`, :func:`carry_provenance`, :func:`provision_pieces`,
:class:`Difference`, :func:`smallest_difference`, :func:`bracket_difference`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, ClassVar

from rapidfuzz.distance import Indel

from plenipot.engine.consolidation import BASE, Alternative, Bracket, Draft, DraftProvision, Segment
from plenipot.engine.draftformat import bracket_margins
from plenipot.engine.instrument import Kind, Unit, build
from plenipot.engine.labels import provision_labels
from plenipot.engine.tokens import tokenize

#: Origin of words the pen writes without crediting a delegation.
PEN = "PEN"


class Status(StrEnum):
    """Where a provision stands in the negotiation."""

    OPEN = "open"
    BRACKETED = "bracketed"
    AGREED_AD_REFERENDUM = "agreed_ad_referendum"
    AGREED = "agreed"


class DraftingError(ValueError):
    """An operation that cannot be applied; the message says why, in the room's words."""


@dataclass(frozen=True)
class NegotiatingText:
    """A draft with the statuses and footnotes the room has given its provisions.

    ``statuses`` holds only provisions whose status is not ``open``; ``footnotes`` only
    provisions that have some."""

    draft: Draft
    statuses: Mapping[str, Status] = field(default_factory=dict)
    footnotes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def index(self, eid: str) -> int:
        for i, provision in enumerate(self.draft.provisions):
            if provision.eid == eid:
                return i
        raise DraftingError(f"there is no provision '{eid}' in the draft")

    def provision(self, eid: str) -> DraftProvision:
        return self.draft.provisions[self.index(eid)]

    def status(self, eid: str) -> Status:
        return self.statuses.get(eid, Status.OPEN)


# --- operations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """Base class: one change the pen makes to one provision."""

    name: ClassVar[str] = ""

    eid: str

    def eids(self) -> tuple[str, ...]:
        """The provisions this operation changes."""
        return (self.eid,)

    def credit(self) -> str:
        """The delegation new words are credited to (``PEN`` when none)."""
        return PEN

    def apply(self, text: NegotiatingText) -> NegotiatingText:  # pragma: no cover
        raise NotImplementedError


def _called(text: NegotiatingText, eid: str) -> str:
    """How a message names a provision: as people do ("resolves 2"), not by its id."""
    return str(provision_labels(text.draft).get(eid, eid))


def _segment(text: NegotiatingText, provision: DraftProvision, segment: int) -> Segment:
    if not 0 <= segment < len(provision.segments):
        raise DraftingError(
            f"provision {_called(text, provision.eid)} has {len(provision.segments)} pieces "
            f"of text; there is no piece {segment}"
        )
    return provision.segments[segment]


def _bracket(text: NegotiatingText, provision: DraftProvision, segment: int) -> Bracket:
    found = _segment(text, provision, segment)
    if not isinstance(found, Bracket):
        raise DraftingError(
            f"piece {segment} of provision {_called(text, provision.eid)} is agreed text, not a bracket"
        )
    return found


def _agreed(text: NegotiatingText, provision: DraftProvision, segment: int) -> str:
    found = _segment(text, provision, segment)
    if isinstance(found, Bracket):
        raise DraftingError(
            f"piece {segment} of provision {_called(text, provision.eid)} is in brackets; edit one of its alternatives"
        )
    return found


def _normalise(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring agreed text, take the spaces off the provision's two ends (a
    heading typed as " resolves" is a line of its own in the draft format, where a
    leading space would read as indentation) and drop empty agreed text."""
    out: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str):
            if out and isinstance(out[-1], str):
                out[-1] += segment
                continue
        out.append(segment)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(segment for segment in out if not isinstance(segment, str) or segment)


def _with_segments(
    text: NegotiatingText, provision: DraftProvision, segments: list[Segment]
) -> NegotiatingText:
    return _replace_provision(text, replace(provision, segments=_normalise(segments)))


def _replace_provision(text: NegotiatingText, provision: DraftProvision) -> NegotiatingText:
    i = text.index(provision.eid)
    provisions = list(text.draft.provisions)
    provisions[i] = provision
    statuses = dict(text.statuses)
    # A provision that gains brackets cannot stay agreed.
    has_brackets = provision.sponsors or any(isinstance(s, Bracket) for s in provision.segments)
    if has_brackets and statuses.get(provision.eid) in (Status.AGREED, Status.AGREED_AD_REFERENDUM):
        statuses[provision.eid] = Status.BRACKETED
    return replace(text, draft=Draft(tuple(provisions)), statuses=statuses)


def _check_source(source: str) -> None:
    if not source or not all(
        part
        and part.replace("-", "").replace("_", "").replace(".", "").isalnum()
        and part == part.upper()
        for part in source.split("+")
    ):
        raise DraftingError(
            f"'{source}' cannot name a delegation; expected capitals like EUR or F+D"
        )
    if source == BASE:
        raise DraftingError("BASE is reserved for the base text")


def _check_text(words: str) -> None:
    if "\n" in words or "\r" in words:
        raise DraftingError("a provision's text is one line; remove the line break")


@dataclass(frozen=True)
class ChooseAlternative(Operation):
    """Agree on one wording of a bracket: it becomes agreed text."""

    name: ClassVar[str] = "choose_alternative"
    segment: int
    alternative: int

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        provision = text.provision(self.eid)
        bracket = _bracket(text, provision, self.segment)
        if not 0 <= self.alternative < len(bracket.alternatives):
            raise DraftingError(
                f"the bracket has {len(bracket.alternatives)} alternatives; there is no alternative {self.alternative}"
            )
        segments = list(provision.segments)
        segments[self.segment] = bracket.alternatives[self.alternative].text
        return _with_segments(text, provision, segments)


@dataclass(frozen=True)
class EditText(Operation):
    """Replace a piece of agreed text (an empty provision takes piece 0)."""

    name: ClassVar[str] = "edit_text"
    segment: int
    text: str

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_text(self.text)
        provision = text.provision(self.eid)
        segments = list(provision.segments)
        if not segments and self.segment == 0:
            segments = [self.text]
        else:
            _agreed(text, provision, self.segment)
            segments[self.segment] = self.text
        return _with_segments(text, provision, segments)


@dataclass(frozen=True)
class EditAlternative(Operation):
    """Reword one alternative of a bracket; it stays credited to its sources."""

    name: ClassVar[str] = "edit_alternative"
    segment: int
    alternative: int
    text: str

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_text(self.text)
        provision = text.provision(self.eid)
        bracket = _bracket(text, provision, self.segment)
        if not 0 <= self.alternative < len(bracket.alternatives):
            raise DraftingError(
                f"the bracket has {len(bracket.alternatives)} alternatives; there is no alternative {self.alternative}"
            )
        alternatives = list(bracket.alternatives)
        alternatives[self.alternative] = replace(alternatives[self.alternative], text=self.text)
        segments = list(provision.segments)
        segments[self.segment] = Bracket(tuple(alternatives))
        return _with_segments(text, provision, segments)


@dataclass(frozen=True)
class BracketSpan(Operation):
    """Put characters ``start:end`` of a piece of agreed text in brackets.

    A bracket holds competing wordings, so the span becomes the first alternative (as
    agreed so far, credited to ``BASE``) and ``text`` the wording of ``source``, the
    delegation that contests it (empty: it wants the span deleted). An empty span
    (``start == end``) is where ``source`` inserts ``text``."""

    name: ClassVar[str] = "bracket_span"
    segment: int
    start: int
    end: int
    source: str
    text: str = ""

    def credit(self) -> str:
        return self.source

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_source(self.source)
        _check_text(self.text)
        provision = text.provision(self.eid)
        found = _segment(text, provision, self.segment)
        if isinstance(found, Bracket):
            raise DraftingError(
                f"the span overlaps a bracket already in provision {_called(text, self.eid)}; brackets cannot overlap — add an alternative to that bracket instead"
            )
        # An empty span is a place where `source` inserts words: its bracket holds no
        # text against the words inserted.
        if not 0 <= self.start <= self.end or (self.start == self.end and not self.text):
            raise DraftingError(
                f"the span {self.start}–{self.end} is empty or reversed; give a start before the end"
            )
        if self.end > len(found):
            following = self.segment + 1 < len(provision.segments)
            if following:
                raise DraftingError(
                    f"the span {self.start}–{self.end} runs into the bracket that follows the agreed text (which has {len(found)} characters); brackets cannot overlap"
                )
            raise DraftingError(
                f"the span {self.start}–{self.end} is outside the text: that agreed text has {len(found)} characters"
            )
        span = found[self.start : self.end]
        if span == self.text:
            raise DraftingError("the proposed wording is the same as the bracketed text")
        bracket = Bracket((Alternative(span, (BASE,)), Alternative(self.text, (self.source,))))
        segments = list(provision.segments)
        segments[self.segment : self.segment + 1] = [
            found[: self.start],
            bracket,
            found[self.end :],
        ]
        return _with_segments(text, provision, segments)


@dataclass(frozen=True)
class Difference:
    """Where two wordings differ: characters ``start:end`` of the old one (``old``)
    give way to ``new``; what comes before and after is common to both."""

    start: int
    end: int
    old: str
    new: str


def smallest_difference(old: str, new: str) -> Difference | None:
    """The shortest stretch, on word boundaries, outside which two wordings agree.

    Words (tokens, :mod:`plenipot.engine.tokens`) common to the start of both, then to
    the end of both, stay out of it, so a bracket made of it holds only what the two
    wordings dispute: "to give [high | the highest] priority", not the whole sentence
    twice. A word is never split ("high" against "highest" disputes the whole word).
    ``None`` when the wordings are the same."""
    if old == new:
        return None
    a, b = tokenize(old), tokenize(new)
    p = 0
    while p < len(a) and p < len(b) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    start = sum(len(t) for t in a[:p])
    end = len(old) - sum(len(t) for t in a[len(a) - s :])
    return Difference(start, end, old[start:end], "".join(b[p : len(b) - s]))


def bracket_difference(
    old: str, new: str, *, old_sources: tuple[str, ...] = (BASE,), new_sources: tuple[str, ...]
) -> tuple[Segment, ...]:
    """``old`` with one bracket on the words where ``new`` differs (see
    :func:`smallest_difference`): the old words credited to ``old_sources``, the new
    ones to ``new_sources``. Choosing either alternative gives that text back exactly;
    the same wording twice gives the text without a bracket."""
    difference = smallest_difference(old, new)
    if difference is None:
        return (old,) if old else ()
    bracket = Bracket(
        (Alternative(difference.old, old_sources), Alternative(difference.new, new_sources))
    )
    pieces: list[Segment] = [old[: difference.start], bracket, old[difference.end :]]
    return tuple(piece for piece in pieces if not isinstance(piece, str) or piece)


@dataclass(frozen=True)
class AddAlternative(Operation):
    """Add a delegation's wording to a bracket (or credit it to an identical one)."""

    name: ClassVar[str] = "add_alternative"
    segment: int
    source: str
    text: str

    def credit(self) -> str:
        return self.source

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_source(self.source)
        _check_text(self.text)
        provision = text.provision(self.eid)
        bracket = _bracket(text, provision, self.segment)
        alternatives = list(bracket.alternatives)
        for alternative in alternatives:
            if self.source in alternative.sources:
                raise DraftingError(
                    f"{self.source} already has an alternative in this bracket; edit that one instead"
                )
        for k, alternative in enumerate(alternatives):
            if alternative.text == self.text:
                alternatives[k] = Alternative(
                    alternative.text, tuple(sorted({*alternative.sources, self.source}))
                )
                break
        else:
            alternatives.append(Alternative(self.text, (self.source,)))
        segments = list(provision.segments)
        segments[self.segment] = Bracket(tuple(alternatives))
        return _with_segments(text, provision, segments)


@dataclass(frozen=True)
class RemoveBrackets(Operation):
    """Agree a provision as it reads: every bracket keeps its first wording, and a new
    provision is no longer marked as added by its sponsors."""

    name: ClassVar[str] = "remove_brackets"

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        provision = text.provision(self.eid)
        if not provision.sponsors and all(isinstance(s, str) for s in provision.segments):
            raise DraftingError(f"provision {_called(text, self.eid)} has no brackets to remove")
        segments = [s if isinstance(s, str) else s.alternatives[0].text for s in provision.segments]
        return _with_segments(text, replace(provision, sponsors=()), segments)


def _structure_error(provisions: tuple[DraftProvision, ...] | list[DraftProvision]) -> str:
    try:
        build([Unit(p.eid, p.kind, p.depth, "x") for p in provisions])
    except ValueError as exc:
        return str(exc)
    return ""


def _check_structure(before: NegotiatingText, provisions: list[DraftProvision]) -> None:
    """Refuse a change that breaks the structure. A consolidated draft can hold new
    provisions of several sponsors side by side that no single text would, so only a
    draft that had a sound structure is held to it."""
    error = _structure_error(provisions)
    if error and not _structure_error(before.draft.provisions):
        raise DraftingError(f"the draft would not form an instrument: {error}")


@dataclass(frozen=True)
class AddProvision(Operation):
    """Add a provision after another one (``sponsors`` mark it as proposed by them)."""

    name: ClassVar[str] = "add_provision"
    after: str
    kind: str
    depth: int
    text: str
    sponsors: tuple[str, ...] = ()

    def credit(self) -> str:
        return "+".join(self.sponsors) if self.sponsors else PEN

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_text(self.text)
        try:
            kind = Kind(self.kind)
        except ValueError:
            raise DraftingError(f"'{self.kind}' is not a kind of provision") from None
        if kind.is_front:
            raise DraftingError(f"the {kind} cannot be added; it is there once, at the top")
        if any(p.eid == self.eid for p in text.draft.provisions):
            raise DraftingError(f"there is already a provision '{self.eid}'; choose another id")
        if not self.eid or not all(c.isalnum() or c in "_.-" for c in self.eid):
            raise DraftingError("a provision id is letters, digits, '_', '.' and '-'")
        for sponsor in self.sponsors:
            _check_source(sponsor)
        i = text.index(self.after)
        if i < 2:
            raise DraftingError("provisions stand after the formula, not before it")
        provisions = list(text.draft.provisions)
        segments = (self.text,) if self.text else ()
        provisions.insert(
            i + 1,
            DraftProvision(self.eid, kind, self.depth, segments, tuple(sorted(set(self.sponsors)))),
        )
        _check_structure(text, provisions)
        return replace(text, draft=Draft(tuple(provisions)))


@dataclass(frozen=True)
class DeleteProvision(Operation):
    name: ClassVar[str] = "delete_provision"

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        i = text.index(self.eid)
        provisions = list(text.draft.provisions)
        if provisions[i].kind.is_front:
            raise DraftingError(f"the {provisions[i].kind} cannot be deleted")
        del provisions[i]
        _check_structure(text, provisions)
        statuses = {k: v for k, v in text.statuses.items() if k != self.eid}
        footnotes = {k: v for k, v in text.footnotes.items() if k != self.eid}
        return NegotiatingText(Draft(tuple(provisions)), statuses, footnotes)


@dataclass(frozen=True)
class MoveProvision(Operation):
    """Move a provision to stand after another one; its id and history go with it."""

    name: ClassVar[str] = "move_provision"
    after: str

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        i = text.index(self.eid)
        if text.index(self.after) < 2:
            raise DraftingError("provisions stand after the formula, not before it")
        if self.after == self.eid:
            raise DraftingError("a provision cannot be moved after itself")
        provisions = list(text.draft.provisions)
        moved = provisions.pop(i)
        if moved.kind.is_front:
            raise DraftingError(f"the {moved.kind} cannot be moved")
        j = next(k for k, p in enumerate(provisions) if p.eid == self.after)
        provisions.insert(j + 1, moved)
        _check_structure(text, provisions)
        return replace(text, draft=Draft(tuple(provisions)))


@dataclass(frozen=True)
class AddFootnote(Operation):
    name: ClassVar[str] = "add_footnote"
    text: str

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        _check_text(self.text)
        text.index(self.eid)
        if not self.text.strip():
            raise DraftingError("a footnote needs some text")
        footnotes = dict(text.footnotes)
        footnotes[self.eid] = (*footnotes.get(self.eid, ()), self.text)
        return replace(text, footnotes=footnotes)


@dataclass(frozen=True)
class SetStatus(Operation):
    name: ClassVar[str] = "set_status"
    status: str

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        provision = text.provision(self.eid)
        try:
            status = Status(self.status)
        except ValueError:
            raise DraftingError(
                f"'{self.status}' is not a status; expected one of {', '.join(s.value for s in Status)}"
            ) from None
        bracketed = provision.sponsors or any(isinstance(s, Bracket) for s in provision.segments)
        if bracketed and status in (Status.AGREED, Status.AGREED_AD_REFERENDUM):
            raise DraftingError(
                f"provision {_called(text, self.eid)} still has brackets; remove them before marking it agreed"
            )
        statuses = dict(text.statuses)
        if status is Status.OPEN:
            statuses.pop(self.eid, None)
        else:
            statuses[self.eid] = status
        return replace(text, statuses=statuses)


@dataclass(frozen=True)
class Restore(Operation):
    """Put a provision back as it was: its content, place, status and footnotes
    (``provision`` None removes it). The inverse of every other operation."""

    name: ClassVar[str] = "restore"
    provision: DraftProvision | None
    after: str | None
    status: str = Status.OPEN.value
    footnotes: tuple[str, ...] = ()

    def apply(self, text: NegotiatingText) -> NegotiatingText:
        provisions = [p for p in text.draft.provisions if p.eid != self.eid]
        statuses = {k: v for k, v in text.statuses.items() if k != self.eid}
        footnotes = {k: v for k, v in text.footnotes.items() if k != self.eid}
        if self.provision is not None:
            if self.provision.eid != self.eid:
                raise DraftingError("the restored provision has another id")
            if self.after is None:
                at = 0
            else:
                at = next((k + 1 for k, p in enumerate(provisions) if p.eid == self.after), None)
                if at is None:
                    raise DraftingError(
                        "the provision it stood after is no longer in the draft; undo the later changes first"
                    )
            provisions.insert(at, self.provision)
            if self.status != Status.OPEN:
                statuses[self.eid] = Status(self.status)
            if self.footnotes:
                footnotes[self.eid] = self.footnotes
        return NegotiatingText(Draft(tuple(provisions)), statuses, footnotes)


OPERATIONS: dict[str, type[Operation]] = {
    cls.name: cls
    for cls in (
        ChooseAlternative,
        EditText,
        EditAlternative,
        BracketSpan,
        AddAlternative,
        RemoveBrackets,
        AddProvision,
        DeleteProvision,
        MoveProvision,
        AddFootnote,
        SetStatus,
        Restore,
    )
}


def apply(text: NegotiatingText, operation: Operation) -> NegotiatingText:
    """The text after ``operation``. Raises :class:`DraftingError`; ``text`` is unchanged."""
    return operation.apply(text)


def inverse(text: NegotiatingText, operation: Operation) -> Restore:
    """The operation that undoes ``operation`` applied to ``text``."""
    i = next((k for k, p in enumerate(text.draft.provisions) if p.eid == operation.eid), None)
    if i is None:
        return Restore(operation.eid, None, None)
    return Restore(
        operation.eid,
        text.draft.provisions[i],
        text.draft.provisions[i - 1].eid if i else None,
        text.status(operation.eid).value,
        tuple(text.footnotes.get(operation.eid, ())),
    )


# --- plain data ------------------------------------------------------------------------


def provision_to_dict(provision: DraftProvision) -> dict[str, Any]:
    return {
        "eid": provision.eid,
        "kind": provision.kind.value,
        "depth": provision.depth,
        "sponsors": list(provision.sponsors),
        "segments": [
            s
            if isinstance(s, str)
            else [{"text": a.text, "sources": list(a.sources)} for a in s.alternatives]
            for s in provision.segments
        ],
    }


def provision_from_dict(data: Mapping[str, Any]) -> DraftProvision:
    try:
        segments: list[Segment] = []
        for s in data["segments"]:
            if isinstance(s, str):
                segments.append(s)
            else:
                alternatives = tuple(
                    Alternative(str(a["text"]), tuple(str(x) for x in a["sources"])) for a in s
                )
                if len(alternatives) < 2:
                    raise DraftingError("a bracket holds at least two alternatives")
                segments.append(Bracket(alternatives))
        return DraftProvision(
            str(data["eid"]),
            Kind(data["kind"]),
            int(data["depth"]),
            tuple(segments),
            tuple(str(s) for s in data.get("sponsors", ())),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DraftingError):
            raise
        raise DraftingError(
            f"expected a provision with eid, kind, depth and segments: {exc}"
        ) from None


def operation_to_dict(operation: Operation) -> dict[str, Any]:
    data: dict[str, Any] = {"op": operation.name}
    for f in fields(operation):
        value = getattr(operation, f.name)
        if isinstance(value, DraftProvision):
            value = provision_to_dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


def operation_from_dict(data: Mapping[str, Any]) -> Operation:
    """Read an operation from plain data; raises :class:`DraftingError` for anything else."""
    if not isinstance(data, Mapping):
        raise DraftingError("expected an operation as an object with an 'op' key")
    cls = OPERATIONS.get(data.get("op"))  # type: ignore[arg-type]
    if cls is None:
        raise DraftingError(
            f"unknown operation {data.get('op')!r}; expected one of {', '.join(sorted(OPERATIONS))}"
        )
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            if f.default is not MISSING or f.default_factory is not MISSING:
                continue
            raise DraftingError(f"the operation {cls.name} needs '{f.name}'")
        value = data[f.name]
        expected = str(f.type)
        if f.name == "provision":
            value = None if value is None else provision_from_dict(value)
        elif expected == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise DraftingError(f"'{f.name}' must be a whole number")
        elif expected == "str":
            if not isinstance(value, str):
                raise DraftingError(f"'{f.name}' must be text")
        elif expected == "str | None":
            if value is not None and not isinstance(value, str):
                raise DraftingError(f"'{f.name}' must be text or null")
        elif expected.startswith("tuple"):
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise DraftingError(f"'{f.name}' must be a list of text")
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


def text_to_dict(text: NegotiatingText) -> dict[str, Any]:
    return {
        "provisions": [provision_to_dict(p) for p in text.draft.provisions],
        "statuses": {k: v.value for k, v in text.statuses.items()},
        "footnotes": {k: list(v) for k, v in text.footnotes.items()},
    }


def text_from_dict(data: Mapping[str, Any]) -> NegotiatingText:
    return NegotiatingText(
        Draft(tuple(provision_from_dict(p) for p in data["provisions"])),
        {k: Status(v) for k, v in data.get("statuses", {}).items()},
        {k: tuple(v) for k, v in data.get("footnotes", {}).items()},
    )


# --- provenance ------------------------------------------------------------------------

#: Origins per provision: one origin per token of the provision's pieces, in order.
Provenance = dict[str, tuple[str, ...]]

_OPEN, _BAR, _CLOSE = "\x00[", "\x00|", "\x00]"


def provision_pieces(provision: DraftProvision) -> list[tuple[int, int | None, str]]:
    """The pieces of a provision as (segment, alternative or None, text), in order."""
    pieces: list[tuple[int, int | None, str]] = []
    for k, segment in enumerate(provision.segments):
        if isinstance(segment, str):
            pieces.append((k, None, segment))
        else:
            pieces.extend((k, a, alt.text) for a, alt in enumerate(segment.alternatives))
    return pieces


def _flat(provision: DraftProvision) -> list[str]:
    out: list[str] = []
    for segment in provision.segments:
        if isinstance(segment, str):
            out.extend(tokenize(segment))
            continue
        out.append(_OPEN)
        for a, alternative in enumerate(segment.alternatives):
            if a:
                out.append(_BAR)
            out.extend(tokenize(alternative.text))
        out.append(_CLOSE)
    return out


def _is_mark(token: str) -> bool:
    return token in (_OPEN, _BAR, _CLOSE)


def _initial(provision: DraftProvision) -> tuple[str, ...]:
    agreed = ", ".join(provision.sponsors) if provision.sponsors else BASE
    out: list[str] = []
    for segment in provision.segments:
        if isinstance(segment, str):
            out.extend([agreed] * len(tokenize(segment)))
        else:
            for alternative in segment.alternatives:
                origin = ", ".join(alternative.sources)
                out.extend([origin] * len(tokenize(alternative.text)))
    return tuple(out)


def initial_provenance(draft: Draft) -> Provenance:
    """Provenance of a freshly consolidated draft: agreed text from the base (or the
    sponsors of a new provision), each alternative from its sources."""
    return {p.eid: _initial(p) for p in draft.provisions}


def carry_provenance(
    before: NegotiatingText,
    after: NegotiatingText,
    provenance: Provenance,
    eids: tuple[str, ...],
    origin: str,
) -> Provenance:
    """Provenance after an operation that changed ``eids``: surviving tokens keep their
    origin, new ones get ``origin``."""
    out = dict(provenance)
    old_by_eid = {p.eid: p for p in before.draft.provisions}
    new_by_eid = {p.eid: p for p in after.draft.provisions}
    for eid in eids:
        new = new_by_eid.get(eid)
        if new is None:
            out.pop(eid, None)
            continue
        old = old_by_eid.get(eid)
        new_flat = _flat(new)
        if old is None:
            out[eid] = tuple(origin for t in new_flat if not _is_mark(t))
            continue
        old_flat = _flat(old)
        old_origins = list(provenance.get(eid, _initial(old)))
        # Origins indexed by position in old_flat (marks carry none).
        by_position: list[str | None] = []
        it = iter(old_origins)
        for token in old_flat:
            by_position.append(None if _is_mark(token) else next(it, origin))
        carried: list[str | None] = [None] * len(new_flat)
        for tag, i1, i2, j1, j2 in Indel.opcodes(old_flat, new_flat):
            if tag == "equal":
                carried[j1:j2] = by_position[i1:i2]
        out[eid] = tuple(
            c if c is not None else origin
            for c, t in zip(carried, new_flat, strict=True)
            if not _is_mark(t)
        )
    return out


def provision_reading(provision: DraftProvision) -> str:
    """A provision's text as one line, brackets written out: for diffs and marks."""
    out: list[str] = []
    if provision.sponsors:
        out.append(f"[ADD {', '.join(provision.sponsors)}] ")
    for k, segment in enumerate(provision.segments):
        if isinstance(segment, str):
            out.append(segment)
        else:
            # Wordings trimmed, a space they carry shown outside (``bracket_margins``).
            lead, trail = bracket_margins(provision.segments, k)
            out.append(
                lead
                + "["
                + " | ".join(
                    f"{', '.join(a.sources)}: {a.text.strip() or a.text}"
                    if a.text
                    else f"{', '.join(a.sources)} (no text)"
                    for a in segment.alternatives
                )
                + "]"
                + trail
            )
    return "".join(out)
