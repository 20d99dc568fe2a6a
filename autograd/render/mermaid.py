"""`to_mermaid(root)`: the graph as a Mermaid flowchart, for Markdown lecture notes (as the textbook draws it)."""

from __future__ import annotations

from ..errors import short
from ..teach.names import NodeNames, fmt, summary
from ..teach.text import visible
from ..value import Value
from .style import op_text, ordered

_DIRECTIONS = {"LR": "LR", "TB": "TD", "TD": "TD", "RL": "RL", "BT": "BT"}


class Mermaid(str):
    """Mermaid source (a str) that Jupyter shows as a diagram inside a ```mermaid block."""

    def _repr_markdown_(self) -> str:
        return f"```mermaid\n{self}```\n"


def escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label: on one line (`visible`), with entity codes for # " < > & and `
    (a backtick would start Markdown in the label, three would close the notebook's ```mermaid block)."""
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
    return "".join(codes.get(ch, ch) for ch in visible(text))


def to_mermaid(root: Value, rankdir: str = "LR", show_grad: bool = True, max_nodes: int = 200) -> Mermaid:
    """Mermaid flowchart text: a rounded box per value (name, data, grad) and a circle per op."""
    if not isinstance(root, Value):
        raise TypeError(f"to_mermaid: expected a Value (the root, e.g. the loss), got {short(root)}")
    if rankdir not in _DIRECTIONS:
        raise ValueError(f"to_mermaid: rankdir must be one of {', '.join(_DIRECTIONS)}, got {rankdir!r}")
    if type(max_nodes) is not int or max_nodes < 1:
        raise ValueError(f"to_mermaid: max_nodes must be an int >= 1, got {max_nodes!r}")
    kept, hidden, more_than = summary(root, max_nodes)  # a graph larger than max_nodes: only the part drawn is read
    names = NodeNames(root, who="to_mermaid", within=kept)
    lines = [f"flowchart {_DIRECTIONS[rankdir]}"]
    for node in names.reading_order():
        lines += _node_lines(names, node, show_grad)
    if hidden:
        more = f"more than {hidden}" if more_than else hidden
        lines.insert(1, f'    more["... {more} more nodes (max_nodes={max_nodes})"]')
    lines.append("    classDef op fill:#fff1c9,stroke:#b08a00")
    lines.append("    classDef input fill:#dbe9f6,stroke:#35597a")
    lines.append("    classDef parameter fill:#fde2c4,stroke:#a05a00,stroke-width:2px")
    lines.append("    classDef constant fill:#f2f2f2,stroke:#777777,stroke-dasharray:4 3")
    return Mermaid("\n".join(lines) + "\n")


def _node_lines(names: NodeNames, node: Value, show_grad: bool) -> list:
    """A value as a rounded box: name, data and grad; a constant shows `y = 2.5` (or `2.5`) and no gradient."""
    i = names.index[node]
    if not node.requires_grad:
        text = f"{escape(names.name(node))} = {fmt(node.data, 4)}" if node.label else fmt(node.data, 4)
    else:
        text = f"{escape(names.name(node))}<br/>data {fmt(node.data, 4)}"
        if show_grad:
            text += f"<br/>grad {fmt(node.grad, 4)}"
    role = names.role(node)
    lines = [f'    n{i}("{text}")' + ("" if role == "node" else f":::{role}")]
    if node.parents:
        order = ordered(node)
        op = order[0] if order else op_text(node)
        lines += [f'    n{i}op(("{escape(op)}")):::op', f"    n{i}op --> n{i}"]
        if order:  # two operands, each named on its edge: a - b
            edges = [(p, f"-- {order[1 + k]} -->") for k, p in enumerate(node.parents) if p in names]
        else:
            edges = [(p, "-->") for p in names.parents(node)]
        if len(names.parents(node)) < len(node.parents):  # the hidden ones: one arrow from the summary box
            lines.append(f"    more --> n{i}op")
        lines += [f"    n{names.index[p]} {arrow} n{i}op" for p, arrow in edges]
    return lines
