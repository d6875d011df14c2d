"""The body-tree layout: every body drawn once, nothing overlapping, children below."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.portal.chart import ChartLayout, ChartMetrics, ChartNode, layout_tree


def conference_tree() -> list[ChartNode]:
    """A tree shaped like the Busan conference: 7 columns, most groups under two."""
    nodes = [ChartNode("PL")]
    for code in ["COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "WGPL"]:
        nodes.append(ChartNode(code, "PL"))
    for i in range(12):
        nodes.append(ChartNode(f"COM5-AHG-{i}", "COM5"))
    for i in range(8):
        nodes.append(ChartNode(f"WGPL-AHG-{i}", "WGPL"))
    nodes.append(ChartNode("COM5-AHG-0-DG", "COM5-AHG-0"))
    nodes.append(ChartNode("COM5-AHG-0-DG-X", "COM5-AHG-0-DG"))
    return nodes


def assert_sound(nodes: list[ChartNode], layout: ChartLayout) -> None:
    keys = [n.key for n in nodes]
    assert sorted(map(repr, (b.key for b in layout.boxes))) == sorted(map(repr, keys))
    for a, b in itertools.combinations(layout.boxes, 2):
        assert not a.overlaps(b), (a, b)
    boxes = {b.key: b for b in layout.boxes}
    for box in layout.boxes:
        assert box.x >= 0 and box.y >= 0
        assert box.right <= layout.width and box.bottom <= layout.height
    for c in layout.connectors:
        parent, child = boxes[c.parent], boxes[c.child]
        assert child.y >= parent.bottom, "a child starts below its parent"
        # Lines are orthogonal and end on the child's edge.
        for (x1, y1), (x2, y2) in itertools.pairwise(c.points):
            assert x1 == x2 or y1 == y2
        end_x, end_y = c.points[-1]
        assert child.x <= end_x <= child.right and child.y <= end_y <= child.bottom


def test_conference_tree_is_sound_and_connected():
    nodes = conference_tree()
    layout = layout_tree(nodes)
    assert_sound(nodes, layout)
    with_parent = [n for n in nodes if n.parent is not None]
    assert {(c.parent, c.child) for c in layout.connectors} == {
        (n.parent, n.key) for n in with_parent
    }


def test_root_on_top_and_centred_over_committees():
    layout = layout_tree(conference_tree())
    root = layout.box("PL")
    assert root.y == min(b.y for b in layout.boxes)
    committees = [layout.box(c) for c in ["COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "WGPL"]]
    assert len({b.y for b in committees}) == 1, "committees share a row"
    assert [b.x for b in committees] == sorted(b.x for b in committees), "input order kept"
    left, right = committees[0].x, committees[-1].right
    assert abs(root.centre_x - (left + right) / 2) < 1


def test_groups_stack_below_and_right_of_their_committee():
    layout = layout_tree(conference_tree())
    com5 = layout.box("COM5")
    groups = [layout.box(f"COM5-AHG-{i}") for i in range(12)]
    assert all(g.x > com5.x and g.y > com5.bottom for g in groups)
    assert [g.y for g in groups] == sorted(g.y for g in groups)
    grandchild = layout.box("COM5-AHG-0-DG")
    assert grandchild.x > groups[0].x
    # The chart grows downwards: twelve groups do not widen it beyond seven columns.
    assert layout.width < 8 * (ChartMetrics().box_width + ChartMetrics().column_gap) + 200


def test_wide_levels_wrap_into_rows():
    nodes = [ChartNode("root")] + [ChartNode(i, "root") for i in range(10)]
    layout = layout_tree(nodes, ChartMetrics(max_columns=4))
    assert_sound(nodes, layout)
    rows = sorted({layout.box(i).y for i in range(10)})
    assert len(rows) == 3
    assert layout.width < 5 * (ChartMetrics().box_width + ChartMetrics().column_gap) + 100


def test_several_roots_become_columns():
    nodes = [ChartNode("a"), ChartNode("b"), ChartNode("a1", "a")]
    layout = layout_tree(nodes)
    assert_sound(nodes, layout)
    assert layout.box("a").y == layout.box("b").y


def test_unknown_parent_and_cycles_still_draw_every_node():
    nodes = [ChartNode("x", "missing"), ChartNode("p", "q"), ChartNode("q", "p")]
    layout = layout_tree(nodes)
    assert_sound(nodes, layout)


def test_empty_tree_and_duplicate_keys():
    assert layout_tree([]).boxes == ()
    with pytest.raises(ValueError):
        layout_tree([ChartNode("a"), ChartNode("a")])


@st.composite
def trees(draw):
    size = draw(st.integers(min_value=1, max_value=45))
    nodes = [ChartNode(0)]
    for key in range(1, size):
        parent = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=key - 1)))
        nodes.append(ChartNode(key, parent))
    return nodes


@settings(max_examples=60, deadline=None)
@given(trees(), st.integers(min_value=1, max_value=9))
def test_any_tree_is_sound(nodes, columns):
    assert_sound(nodes, layout_tree(nodes, ChartMetrics(max_columns=columns)))


def test_mirrored_chart_keeps_the_tree_sound_and_flips_columns():
    nodes = conference_tree()
    layout = layout_tree(nodes)
    mirrored = layout.mirrored()
    assert_sound(nodes, mirrored)
    assert mirrored.box("COM1").x > mirrored.box("WGPL").x
    assert mirrored.box("COM5-AHG-0").right < mirrored.box("COM5").right
