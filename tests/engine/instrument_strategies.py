"""Hypothesis strategies: instruments in the plain-text format and edited copies of them.

Instruments are generated as plain nested data and printed in the plain-text format,
so every generated base is something a person could have typed. Edited copies are made
the way a delegation edits: reword some provisions word by word, delete some items,
insert new ones (often the same or a near-identical sentence as another delegation,
to exercise the merging of new provisions), add a heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

WORDS = [
    "the", "Union", "Member", "States", "to", "report", "Council", "of", "and", "on",
    "development", "security", "Sectors", "annual", "shall", "ICT", "2014", "3",
    "télécommunications", "безопасность", "الاتحاد", "国际电联", "(IP)", "[sic]", "a|b",
    "{x}", "back\\slash", "data;", "cost,",
]  # fmt: skip
PREAMBLE = ["considering", "recognizing", "noting", "bearing in mind", "considering"]
OPERATIVE = [
    "resolves", "instructs the Secretary-General", "invites Member States",
    "instructs the Director of the Telecommunication Development Bureau", "resolves",
]  # fmt: skip
NEW_SENTENCES = [
    "to report to each session of the Council",
    "to assist developing countries in building capacity",
    "to cooperate with the relevant organizations",
]


@dataclass
class Node:
    text: str
    items: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    number: str
    title: str
    formula: str
    preamble: list[tuple[str, list[Node]]]
    operative: list[tuple[str, list[Node]]]
    annexes: list[tuple[str, list[Node]]]

    def copy(self) -> Tree:
        def nodes(ns: list[Node]) -> list[Node]:
            return [Node(n.text, nodes(n.items)) for n in ns]

        return Tree(
            self.number,
            self.title,
            self.formula,
            [(t, nodes(ns)) for t, ns in self.preamble],
            [(t, nodes(ns)) for t, ns in self.operative],
            [(t, nodes(ns)) for t, ns in self.annexes],
        )


def render(tree: Tree) -> str:
    """The tree in the plain-text format, numbered by position."""
    from plenipot.engine.instrument import letters, roman

    lines = [tree.number, tree.title, "", tree.formula]
    for title, items in tree.preamble:
        lines += ["", title]
        lines += [f"{letters(k)}) {n.text}" for k, n in enumerate(items, 1)]
    for title, items in tree.operative:
        lines += ["", title]
        for k, n in enumerate(items, 1):
            lines.append(f"{k} {n.text}")
            for kk, s in enumerate(n.items, 1):
                lines.append(f"  {letters(kk)}) {s.text}")
                lines += [f"    {roman(kkk)}) {ss.text}" for kkk, ss in enumerate(s.items, 1)]
    for title, paragraphs in tree.annexes:
        lines += ["", title]
        lines += [n.text for n in paragraphs]
    return "\n".join(lines) + "\n"


words = st.sampled_from(WORDS)
sentences = st.lists(words, min_size=1, max_size=9).map(" ".join)


def _nodes(depth: int, max_depth: int) -> st.SearchStrategy[list[Node]]:
    child = (
        _nodes(depth + 1, max_depth).map(lambda kids: kids) if depth < max_depth else st.just([])
    )
    node = st.builds(Node, sentences, child if depth < max_depth else st.just([]))
    return st.lists(node, min_size=1 if depth == 0 else 0, max_size=4 if depth == 0 else 2)


trees = st.builds(
    Tree,
    st.integers(1, 200).map(lambda n: f"Resolution {n} (Rev. Busan, 2014)"),
    sentences,
    st.just(
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),"
    ),
    st.lists(st.tuples(st.sampled_from(PREAMBLE), _nodes(0, 0)), max_size=2),
    st.lists(st.tuples(st.sampled_from(OPERATIVE), _nodes(0, 2)), min_size=1, max_size=2),
    st.lists(
        st.tuples(st.sampled_from(["Annex 1 to Resolution", "Annex"]), _nodes(0, 0)), max_size=1
    ),
)


def _reword(draw: st.DrawFn, text: str) -> str:
    ws = text.split(" ")
    for _ in range(draw(st.integers(1, 2))):
        op = draw(st.sampled_from(["replace", "insert", "delete"]))
        at = draw(st.integers(0, len(ws) - 1))
        if op == "replace":
            ws[at] = draw(words)
        elif op == "insert":
            ws.insert(at, draw(words))
        elif len(ws) > 1:
            del ws[at]
    return " ".join(ws)


def _new_text(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(NEW_SENTENCES))
    if draw(st.booleans()):
        text = _reword(draw, text)
    return text


def _edit_nodes(draw: st.DrawFn, nodes: list[Node], depth: int, max_depth: int) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        action = draw(st.sampled_from(["keep", "keep", "keep", "reword", "reword", "delete"]))
        if action == "delete":
            continue
        text = _reword(draw, node.text) if action == "reword" else node.text
        kids = _edit_nodes(draw, node.items, depth + 1, max_depth) if depth < max_depth else []
        out.append(Node(text, kids))
        if draw(st.integers(0, 5)) == 0:
            out.append(Node(_new_text(draw)))
    if draw(st.integers(0, 6)) == 0:
        out.insert(0, Node(_new_text(draw)))
    return out


@st.composite
def edited(draw: st.DrawFn, tree: Tree) -> Tree:
    """An edited copy of ``tree`` as a delegation would make it."""
    new = tree.copy()
    if draw(st.integers(0, 4)) == 0:
        new.title = _reword(draw, new.title)

    def parts(ps: list[tuple[str, list[Node]]], max_depth: int) -> list[tuple[str, list[Node]]]:
        out = []
        for title, nodes in ps:
            kept = _edit_nodes(draw, nodes, 0, max_depth)
            if kept:
                out.append((title, kept))
        return out

    new.preamble = parts(new.preamble, 0)
    new.operative = parts(new.operative, 2)
    new.annexes = parts(new.annexes, 0)
    if draw(st.integers(0, 5)) == 0:
        new.operative.append(("invites the Council", [Node(_new_text(draw))]))
    return new


@st.composite
def base_and_variants(draw: st.DrawFn, max_variants: int = 4) -> tuple[str, dict[str, str]]:
    """A base text and 1–``max_variants`` edited copies, keyed by source label."""
    tree = draw(trees)
    labels = draw(
        st.lists(
            st.sampled_from(["ARB", "EUR", "USA", "CAN", "B", "CHN", "RCC"]),
            min_size=1,
            max_size=max_variants,
            unique=True,
        )
    )
    return render(tree), {label: render(draw(edited(tree))) for label in labels}
