"""What `draw` puts on each node and edge: ASCII record labels, colours, and the gradient-flow overlay."""

from __future__ import annotations

import re
import unicodedata

from ..ops import lookup
from ..teach.names import SATURATED, NodeNames, fmt
from ..value import Value

# Colours chosen to stay distinct on a projector and in greyscale print.
LEAF, CONSTANT, INTERIOR, ROOT = "#dbe9f6", "#eeeeee", "#ffffff", "#d4f0d4"
OP, DEAD, SATURATED_FILL = "#fff1c9", "#c8c8c8", "#ffb4a2"
HIGHLIGHT, ACCENT = "#ffe066", "#d62728"


def ordered(node: Value) -> tuple | None:
    """For an op whose operand order matters (a - b, a / b, a^b): the op node's text and its edges' labels."""
    if len(node.parents) != 2:
        return None
    op, params = lookup(node.op)
    if "commutative" in op.tags or op.arity != 2:
        return None
    # The op's own argument names (atan2 reads y first) and its parameters' values: "atan2(a, b)".
    names = {key: fmt(v) if isinstance(v, float) else str(v) for key, v in params.items()}
    return op.reads({**names, **dict(zip(op.args, "ab"))}), "a", "b"


def ascii_text(text: str, limit: int = 40) -> str:
    """`text` in ASCII for the bundled renderer (no CJK fonts): y-hat -> y, others -> U+XXXX."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isascii() and ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def record_escape(text: str) -> str:
    """Escape what a Graphviz record label treats as structure: { } | < > " and backslash."""
    return re.sub(r'([\\{}|<>"])', r"\\\1", text)


def value_label(names: NodeNames, node: Value, show_grad: bool, show_index: bool, lr: bool) -> str:
    """A record `label | data | grad`, fields side by side in either rankdir."""
    name = names.name(node) if node.parents or node.label else f"const {names.name(node)}"
    fields = [f"[{names.index[node]}] {name}" if show_index else name]
    if node.parents or node.label:
        fields.append(f"data {fmt(node.data, 4)}")
    if show_grad:
        fields.append(f"grad {fmt(node.grad, 4)}")
    text = " | ".join(record_escape(ascii_text(field)) for field in fields)
    return "{" + text + "}" if lr else text


def table_label(names: NodeNames, params: list, show_grad: bool, show_index: bool, lr: bool) -> str:
    """A neuron's parameters as one record: a header row, then `w1 | data | grad` per parameter."""
    rows = [["param", "data", "grad"][: 3 if show_grad else 2]]
    for node in params:
        name = f"[{names.index[node]}] {names.name(node)}" if show_index else names.name(node)
        rows.append([name, fmt(node.data, 4), fmt(node.grad, 4)][: 3 if show_grad else 2])
    text = "|".join("{" + " | ".join(record_escape(ascii_text(f)) for f in row) + "}" for row in rows)
    return text if lr else "{" + text + "}"  # rows stack across the rank direction, fields along it


def value_fill(node: Value, root: Value) -> str:
    if node is root:
        return ROOT
    if node.parents:
        return INTERIOR
    return LEAF if node.label else CONSTANT


def op_text(node: Value) -> str:
    """The op as a reader writes it: + * tanh, x^2 for a constant power."""
    op, params = lookup(node.op)
    if op.name == "pow_const":
        return f"^{fmt(params['k'])}"
    return {"neg": "-x", "pow": "^"}.get(op.name, node.op)


def op_state(node: Value) -> str:
    """'dead' for a ReLU that is off, 'saturated' for a tanh/sigmoid with a tiny slope, else ''."""
    tags = lookup(node.op)[0].tags if node.parents else ()
    if "gate" in tags and node.local_grads[0] == 0.0:
        return "dead"
    if "saturates" in tags and abs(node.local_grads[0]) < SATURATED:
        return "saturated"
    return ""


def op_attrs(node: Value, flow: bool) -> dict:
    state = op_state(node) if flow else ""
    label = ascii_text(op_text(node)) + {"dead": "\\noff", "saturated": "\\nsat."}.get(state, "")  # DOT's \n
    fill = {"dead": DEAD, "saturated": SATURATED_FILL}.get(state, OP)
    attrs = {"label": label, "shape": "ellipse", "style": "filled", "fillcolor": fill}
    if state == "dead":
        attrs.update(fontcolor="#555555", color="#888888")
    return attrs


def contribution(child: Value, i: int) -> float:
    """What edge i of child added to its parent's gradient in the latest backward."""
    return child.grad * child.local_grads[i] if child.grad else 0.0


def flow_attrs(size: float, largest: float) -> dict:
    """Edge width and colour by |contribution|: thin grey for nothing, thick dark blue for the largest."""
    if largest <= 0.0 or size == 0.0 or size != size:
        return {"color": "#bbbbbb", "style": "dashed", "penwidth": "0.8"}
    share = min(1.0, (size / largest) ** 0.5)  # square root, so small flows stay visible
    light, dark = (198, 219, 239), (8, 48, 107)
    rgb = "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark))
    return {"color": f"#{rgb}", "penwidth": f"{0.8 + 4.2 * share:.2f}"}
