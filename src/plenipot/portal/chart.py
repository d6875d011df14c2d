"""Layout of the body tree ("offspring chart") as positioned boxes and connectors.

The conference tree is shallow and very uneven: one Plenary, seven committees and
working groups, and most ad hoc groups under two of them. A classic tidy tree would be
wide and mostly empty, so the chart mixes two layouts:

* the root sits at the top, its children form a row of *columns* (wrapped into several
  rows when there are more than ``max_columns``);
* inside a column, every deeper body is stacked below its parent and indented, like an
  outline, so a committee with twelve groups grows downwards, not sideways.

The function is pure: it knows nothing about Django or bodies, only keys and parents,
so it can be tested on any tree.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class ChartNode:
    """One node to place: a key and the key of its parent (None for a root)."""

    key: Hashable
    parent: Hashable | None = None


@dataclass(frozen=True)
class Box:
    """A placed node; (x, y) is the top-left corner."""

    key: Hashable
    x: float
    y: float
    width: float
    height: float
    depth: int

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class Connector:
    """An orthogonal line from a parent box to a child box, as a polyline."""

    parent: Hashable
    child: Hashable
    points: tuple[Point, ...]

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


@dataclass(frozen=True)
class ChartLayout:
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    width: float
    height: float

    def mirrored(self) -> ChartLayout:
        """The same chart flipped left to right, for right-to-left languages."""

        def flip(x: float) -> float:
            return self.width - x

        boxes = tuple(
            Box(b.key, flip(b.right), b.y, b.width, b.height, b.depth) for b in self.boxes
        )
        connectors = tuple(
            Connector(c.parent, c.child, tuple((flip(x), y) for x, y in c.points))
            for c in self.connectors
        )
        return ChartLayout(boxes, connectors, self.width, self.height)

    def box(self, key: Hashable) -> Box:
        for box in self.boxes:
            if box.key == key:
                return box
        raise KeyError(key)


@dataclass(frozen=True)
class ChartMetrics:
    """Sizes in SVG user units. Defaults suit a 12-13px font."""

    box_width: float = 200
    box_height: float = 70
    indent: float = 24
    column_gap: float = 28
    row_gap: float = 16
    level_gap: float = 44
    margin: float = 12
    max_columns: int = 7


def _children_map(nodes: Sequence[ChartNode]) -> tuple[list[Hashable], dict[Hashable, list]]:
    """Roots and children in input order. Unknown parents and cycles become roots."""
    keys = [node.key for node in nodes]
    if len(set(keys)) != len(keys):
        raise ValueError("chart node keys must be unique")
    known = set(keys)
    children: dict[Hashable, list[Hashable]] = {key: [] for key in keys}
    roots: list[Hashable] = []
    for node in nodes:
        if node.parent is None or node.parent not in known or node.parent == node.key:
            roots.append(node.key)
        else:
            children[node.parent].append(node.key)
    # Nodes caught in a parent cycle are unreachable from any root: promote the first
    # of each cycle so that every node is drawn exactly once.
    reached: set[Hashable] = set()

    def mark(key: Hashable) -> None:
        stack = [key]
        while stack:
            current = stack.pop()
            if current in reached:
                continue
            reached.add(current)
            stack.extend(children[current])

    for root in roots:
        mark(root)
    parent_of = {node.key: node.parent for node in nodes}
    for key in keys:
        if key not in reached:
            roots.append(key)
            parent = parent_of[key]
            if parent in children and key in children[parent]:
                children[parent].remove(key)
            mark(key)
    return roots, children


def layout_tree(nodes: Sequence[ChartNode], metrics: ChartMetrics | None = None) -> ChartLayout:
    """Place every node; children always end up below their parent, never overlapping."""
    m = metrics or ChartMetrics()
    if m.max_columns < 1:
        raise ValueError("max_columns must be at least 1")
    roots, children = _children_map(nodes)
    boxes: list[Box] = []
    connectors: list[Connector] = []
    if not roots:
        return ChartLayout((), (), 2 * m.margin, 2 * m.margin)

    # One root: it heads the chart and its children are the columns.
    # Several roots (no Plenary): the roots themselves are the columns.
    if len(roots) == 1:
        top = roots[0]
        heads = children[top]
        head_depth = 1
    else:
        top = None
        heads = roots
        head_depth = 0

    def column_extent(head: Hashable) -> tuple[float, float]:
        """Width and height of the outline stacked under a column head."""
        width = m.box_width
        height = m.box_height
        stack = [(child, 1) for child in reversed(children[head])]
        while stack:
            key, level = stack.pop()
            width = max(width, level * m.indent + m.box_width)
            height += m.row_gap + m.box_height
            stack.extend((child, level + 1) for child in reversed(children[key]))
        return width, height

    extents = {head: column_extent(head) for head in heads}
    rows = [heads[i : i + m.max_columns] for i in range(0, len(heads), m.max_columns)]
    # A trunk in the left margin reaches the rows below the first one.
    trunk_x = m.margin
    left = m.margin + (m.column_gap if top is not None and len(rows) > 1 else 0)
    # The root is centred over the heads of the first row, not over their outlines.
    first = rows[0] if rows else []
    first_span = sum(extents[h][0] + m.column_gap for h in first[:-1]) + m.box_width

    y = m.margin
    top_box: Box | None = None
    if top is not None:
        top_x = left + (first_span - m.box_width) / 2
        top_box = Box(top, top_x, y, m.box_width, m.box_height, 0)
        boxes.append(top_box)
        y = top_box.bottom + m.level_gap

    for row_index, row in enumerate(rows):
        x = left
        row_height = 0.0
        bus_y = y - m.level_gap / 2
        head_boxes: list[Box] = []
        for head in row:
            width, height = extents[head]
            head_box = Box(head, x, y, m.box_width, m.box_height, head_depth)
            boxes.append(head_box)
            head_boxes.append(head_box)
            _place_outline(head_box, children, m, boxes, connectors)
            x += width + m.column_gap
            row_height = max(row_height, height)
        if top_box is not None:
            if row_index == 0:
                # Root down to a horizontal bus, then down into each head.
                for head_box in head_boxes:
                    connectors.append(
                        Connector(
                            top,
                            head_box.key,
                            (
                                (top_box.centre_x, top_box.bottom),
                                (top_box.centre_x, bus_y),
                                (head_box.centre_x, bus_y),
                                (head_box.centre_x, head_box.y),
                            ),
                        )
                    )
            else:
                # Root's left side, along the trunk, then across the gap above the row.
                for head_box in head_boxes:
                    connectors.append(
                        Connector(
                            top,
                            head_box.key,
                            (
                                (top_box.x, top_box.middle_y),
                                (trunk_x, top_box.middle_y),
                                (trunk_x, bus_y),
                                (head_box.centre_x, bus_y),
                                (head_box.centre_x, head_box.y),
                            ),
                        )
                    )
        y += row_height + m.level_gap

    width = max(b.right for b in boxes) + m.margin
    height = max(b.bottom for b in boxes) + m.margin
    return ChartLayout(tuple(boxes), tuple(connectors), width, height)


def _place_outline(
    head: Box,
    children: dict[Hashable, list[Hashable]],
    m: ChartMetrics,
    boxes: list[Box],
    connectors: list[Connector],
) -> None:
    """Stack the descendants of a column head below it, indented by depth."""
    y = head.bottom + m.row_gap

    def place(parent: Box) -> None:
        nonlocal y
        for key in children[parent.key]:
            box = Box(key, parent.x + m.indent, y, m.box_width, m.box_height, parent.depth + 1)
            boxes.append(box)
            elbow_x = parent.x + m.indent / 2
            connectors.append(
                Connector(
                    parent.key,
                    key,
                    ((elbow_x, parent.bottom), (elbow_x, box.middle_y), (box.x, box.middle_y)),
                )
            )
            y = box.bottom + m.row_gap
            place(box)

    place(head)
