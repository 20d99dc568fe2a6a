"""Folding a wide picture into rows, as a long formula is broken over lines.

The graph's columns (op, value, op, value, ...) are cut into rows of about equal width, always right
after a column of values, so each op stays with its result and each leaf with the op it feeds. An
edge that crosses into a later row starts there from a copy of its tail, drawn with a dotted border
and the same name, so every row reads on its own. Graphviz stacks disconnected rows one above the other.
"""

from __future__ import annotations

import re

ASPECT = 16 / 9  # a slide
COLUMN_INCHES, ROW_INCHES = 1.1, 0.42  # one rank of boxes, one box high: rough, to pick a number of rows
MAX_ROWS = 4
NARROW = 8  # columns (about four ops deep): a graph this narrow fits a slide as it is, so True leaves it whole


def wrap_rows(wrap, columns: dict) -> int:
    """How many rows: `wrap` itself (a number), or with True the count that brings the picture nearest 16:9."""
    if wrap is False or wrap is None:
        return 1
    if wrap is not True:
        if isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 1:
            raise ValueError(f"draw: wrap must be True, False or a number of rows >= 1, got {wrap!r}")
        return wrap
    if not columns or max(columns.values()) < NARROW:
        return 1
    width = max(columns.values()) + 1
    height = max(list(columns.values()).count(c) for c in set(columns.values()))
    best = min(range(1, MAX_ROWS + 1), key=lambda r: abs(_aspect(width, height, r) - ASPECT))
    return best


def _aspect(width: int, height: int, rows: int) -> float:
    return (width / rows * COLUMN_INCHES) / (rows * (height + 1) * ROW_INCHES)


def fold(nodes: list, edges: list, columns: dict, rows: int) -> tuple[list, list]:
    """`nodes` [(id, attrs)] and `edges` [(tail, head, attrs)] folded into `rows` rows by column."""
    last = max(columns.values(), default=0)
    # Cut after an even (value) column near each k/rows of the width; a leaf sits half a column before its op.
    cuts = sorted({2 * round(last * k / rows / 2) for k in range(1, rows)})
    row_of = {name: sum(column > cut for cut in cuts) for name, column in columns.items()}
    attrs_of = dict(nodes)
    ghosts, folded = {}, []
    for tail, head, attrs in edges:
        tail_row, head_row = row_of.get(tail), row_of.get(_node_id(head))
        if tail_row is None or head_row is None or tail_row >= head_row:
            folded.append((tail, head, attrs))
            continue
        ghost = f"{tail}_row{head_row}"
        if ghost not in ghosts:
            ghosts[ghost] = (head_row, _ghost(attrs_of[tail], head_row))
        folded.append((ghost, head, attrs))  # the same edge (and id), now from the copy
    placed = [(row_of.get(name, 0), name, attrs) for name, attrs in nodes]
    placed += [(row, name, attrs) for name, (row, attrs) in ghosts.items()]
    placed.sort(key=lambda item: -item[0])  # Graphviz stacks components bottom up: the last row first
    return [(name, attrs) for _, name, attrs in placed], folded


def _node_id(head: str) -> str:
    return head.split(":", 1)[0]


def _ghost(attrs: dict, row: int) -> dict:
    """A copy of a node with a dotted border, to start a row with (the same name and numbers)."""
    label = attrs.get("label", "")
    label = re.sub(r' STYLE="[^"]*"', "", label, count=1).replace("<TABLE ", '<TABLE STYLE="dotted" ', 1)
    return dict(attrs, label=label, id=f"{attrs.get('id', 'node')}_again{row}", **{"class": "ghost"})
