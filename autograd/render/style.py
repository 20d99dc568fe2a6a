"""What `draw` puts on each node and edge: ASCII HTML-like labels, role styles, the legend, the flow overlay.

Leaves are styled by role, so inputs, parameters and constants tell apart on a projector and in
greyscale print: inputs square and blue, parameters rounded with a thick orange border, constants
dashed and grey with no gradient field (they get none). In SVG, labels keep what the student wrote
(Value(1.0, "损失")) and the heading (title, notes, legend) speaks the picture's language: the
browser has the fonts, and each such cell gets a width hint that counts a wide character as a full
em, since the bundled renderer would measure it too narrow. For a PNG or PDF without CJK fonts
everything is ASCII, as the bundled renderer has no CJK glyphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from contextvars import ContextVar

from ..ops import lookup
from ..teach.names import SATURATED, NodeNames, fmt
from ..value import Value

# Colours chosen to stay distinct on a projector and in greyscale print.
LEAF, CONSTANT, INTERIOR, ROOT = "#dbe9f6", "#f2f2f2", "#ffffff", "#d4f0d4"
PARAMETER = "#fde2c4"
OP, DEAD, SATURATED_FILL = "#fff1c9", "#c8c8c8", "#ffb4a2"
HIGHLIGHT, ACCENT = "#ffe066", "#d62728"
# role -> (fill, border colour, border width, table style)
ROLE_STYLE = {
    "input": (LEAF, "#35597a", 1, ""),
    "parameter": (PARAMETER, "#a05a00", 2, "rounded"),
    "constant": (CONSTANT, "#777777", 1, "dashed"),
    "node": (INTERIOR, "#333333", 1, ""),
    "root": (ROOT, "#2e7d32", 2, ""),
    "again": (INTERIOR, "#333333", 1, "dotted"),
}
ROLE_WORDS = {"input": "input", "parameter": "parameter", "constant": "constant (no gradient)",
              "node": "node an op made", "root": "the root", "again": "repeated from the row above"}  # fmt: skip
# The heading's words, by language: the legend's roles and the notes `draw` adds under the title.
WORDS = {
    "en": {
        "roles": ROLE_WORDS,
        "nearest": "Showing the {kept} nodes nearest to the root; {hidden} more are summarised in one box "
        "(max_nodes={max_nodes})",
        "nearest_over": "Showing the {kept} nodes nearest to the root; more than {hidden} more are summarised in one "
        "box (max_nodes={max_nodes})",
        "more": "... {hidden} more nodes",
        "more_than": "... more than {hidden} more nodes",
        "flow": "Edge width and colour: |gradient contribution|; grey op = dead ReLU, red op = saturated",
    },
    "zh": {
        "roles": {"input": "输入", "parameter": "参数", "constant": "常数（没有梯度）", "node": "运算得到的节点",
                  "root": "根节点", "again": "上一行已出现的节点"},
        "nearest": "只画出离根节点最近的 {kept} 个节点；其余 {hidden} 个归入一个方框（max_nodes={max_nodes}）",
        "nearest_over": "只画出离根节点最近的 {kept} 个节点；其余超过 {hidden} 个归入一个方框（max_nodes={max_nodes}）",
        "more": "…… 还有 {hidden} 个节点",
        "more_than": "…… 还有超过 {hidden} 个节点",
        "flow": "边的粗细和颜色：|梯度贡献|；灰色运算 = 死掉的 ReLU，红色运算 = 饱和",
    },
}  # fmt: skip


def ordered(node: Value) -> tuple | None:
    """For an op whose operand order matters (a - b, a / b, a^b): the op's symbol between `a` and `b`."""
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
    # accents go (é -> e), but a mark with nothing under it stays, as U+0301: a name never reads as empty
    text = "".join(ch for i, ch in enumerate(text) if not (i and unicodedata.combining(ch)))
    text = "".join(ch if ch.isascii() and ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
    return elide(text, limit)


def elide(text: str, limit: int) -> str:
    """`text`, or if longer than `limit` its start, "..." and its last characters: two long labels told apart by
    their ends (`w1#1`, `w1#2`, `loss_a`, `loss_b`) stay apart."""
    if len(text) <= limit:
        return text
    tail = max(limit // 5, 1)
    return text[: max(limit - 3 - tail, 0)] + "..." + text[-tail:]


# While draw builds an SVG: labels keep their non-ASCII text (a student's 损失), the browser has the fonts.
UNICODE: ContextVar = ContextVar("chainrule_draw_unicode", default=False)


def cell(text: str, limit: int = 40, unicode: bool | None = None) -> str:
    """Text for an HTML-like label: ASCII (or as written in an SVG: `unicode`, by default while UNICODE is
    set), with & < > " escaped and backslashes doubled (in a label's text Graphviz reads \\N as the node's
    name, \\G as the graph's)."""
    if UNICODE.get() if unicode is None else unicode:  # printable characters as written, the rest as U+XXXX
        text = "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
        text = elide(text, limit)
    else:
        text = ascii_text(text, limit)
    return html.escape(text, quote=True).replace("\\", "\\\\")


def quoted(text: str) -> str:
    """Text for a quoted DOT string (the graphviz package adds the quotes): ASCII, with backslashes and
    quotes escaped, so no escape sequence forms and no trailing backslash swallows the closing quote."""
    return re.sub(r'([\\"])', r"\\\1", ascii_text(text))


def role(names: NodeNames, node: Value) -> str:
    """The role that picks a node's style: input, parameter, constant, node, or root."""
    if node is names.root:
        return "root"
    return names.role(node)


def table(cells: list, style_of: str, highlight: bool = False, first_bold: bool = True, widths=None) -> str:
    """One HTML-like table row of cells with the style of a role (or highlighted); `widths` in points."""
    fill, border, width, table_style = ROLE_STYLE[style_of]
    if highlight:
        fill, border, width = HIGHLIGHT, ACCENT, 3
    parts = [f"<B>{c}</B>" if i == 0 and first_bold and c else c for i, c in enumerate(cells)]  # no <B></B>: an error
    sizes = [f' WIDTH="{w}"' for w in widths] if widths else [_hint(c, UNICODE.get(), 10) for c in cells]
    row = "<VR/>".join(f"<TD{size}>{part}</TD>" for part, size in zip(parts, sizes))
    attrs = f'BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR="{fill}" COLOR="{border}"'
    attrs += f' STYLE="{table_style}"' if table_style else ""
    return f"<<TABLE {attrs}><TR>{row}</TR></TABLE>>"


def value_cells(names: NodeNames, node: Value, show_grad: bool, show_index: bool) -> list:
    """`[name, data 0.1, grad -1.608]`; a constant is one cell, `y = 2.5` or `2.5`, and has no gradient."""
    name = names.name(node)
    prefix = f"[{names.index[node]}] " if show_index else ""
    if not node.requires_grad:
        return [cell(prefix + (f"{name} = {fmt(node.data, 4)}" if node.label else fmt(node.data, 4)))]
    cells = [cell(prefix + name), cell(f"data {fmt(node.data, 4)}")]
    if show_grad:
        cells.append(cell(f"grad {fmt(node.grad, 4)}"))
    return cells


def value_label(names: NodeNames, node: Value, show_grad: bool, show_index: bool, highlight: bool = False,
                widths=None) -> str:  # fmt: skip
    """A value node's HTML-like label: name | data | grad, styled by the node's role."""
    cells = value_cells(names, node, show_grad, show_index)
    return table(cells, role(names, node), highlight, first_bold=node.requires_grad, widths=widths)


def table_label(names: NodeNames, params: list, show_grad: bool, show_index: bool, highlight: bool = False) -> str:
    """A neuron's parameters as one table: a header row, then `w1 | data | grad` per parameter."""
    fill, border, width, _ = ROLE_STYLE["parameter"]
    if highlight:
        fill, border, width = HIGHLIGHT, ACCENT, 3
    columns = 3 if show_grad else 2
    rows = ["".join(f"<TD><B>{h}</B></TD>" for h in ("param", "data", "grad")[:columns])]
    for node in params:
        own = names.label(node) or names.name(node)  # inside its neuron's box a shared label (w1) is clear as it is
        name = f"[{names.index[node]}] {own}" if show_index else own
        values = [name, fmt(node.data, 4), fmt(node.grad, 4)][:columns]
        rows.append("".join(f"<TD>{cell(v)}</TD>" for v in values))
    attrs = f'BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="{fill}" COLOR="{border}"'
    return f'<<TABLE {attrs} STYLE="rounded">' + "<HR/>".join(f"<TR>{r}</TR>" for r in rows) + "</TABLE>>"


def legend(roles: list, title_lines: list, lang: str = "en", unicode: bool = False) -> str:
    """The picture's heading: the title and notes, then a legend of the leaf roles shown (one chip each, as
    the leaves are drawn). Two spacer cells take up the notes' width, so the chips keep their own size.
    `lang` picks the legend's words; `unicode` keeps non-ASCII text (SVG), with width hints."""
    said = WORDS[lang]["roles"]
    chips = [f'<TD BGCOLOR="{ROLE_STYLE[r][0]}" COLOR="{ROLE_STYLE[r][1]}" BORDER="{ROLE_STYLE[r][2]}"'
             + (f' STYLE="{ROLE_STYLE[r][3]}"' if ROLE_STYLE[r][3] else "") + _hint(said[r], unicode, 10)
             + f">{cell_text(said[r], unicode)}</TD>" for r in roles]  # fmt: skip
    legend_width = sum(text_width(said[r]) + 24 for r in roles)
    widest = max((text_width(line) for line in title_lines), default=0.0)
    spacer = f'<TD WIDTH="{max(1, round((widest - legend_width) / 2))}"></TD>'
    columns = len(chips) + 2
    rows = [f'<TR><TD COLSPAN="{columns}"{_hint(line, unicode)}>{cell_text(line, unicode)}</TD></TR>'
            for line in title_lines]  # fmt: skip
    if chips:
        rows.append(f"<TR>{spacer}{''.join(chips)}{spacer}</TR>")
    return f'<<TABLE BORDER="0" CELLSPACING="6">{"".join(rows)}</TABLE>>'


# Helvetica's advance widths (per 1000 units of the font size) for printable ASCII, space to ~.
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip


def text_width(text: str, size: float = 14.0, bold: bool = False) -> float:
    """How wide `text` is set in Helvetica, in points (bold about 8% wider): to size boxes alike. A wide
    (CJK) character takes a full em, other non-ASCII ones 0.6 em."""
    text = html.unescape(text)
    units = sum(_HELVETICA[ord(ch) - 32] if 32 <= ord(ch) < 127 else _other(ch) for ch in text)
    return units * size / 1000 * (1.08 if bold else 1.0)


def _other(ch: str) -> int:
    return 1000 if unicodedata.east_asian_width(ch) in ("W", "F") else 600


def cell_text(text: str, unicode: bool = False) -> str:
    """A longer text (a title, a note) for an HTML-like label: ASCII, or as written (`unicode`, an SVG)."""
    return cell(text, 160, unicode)


def _hint(text: str, unicode: bool, pad: float = 4.0) -> str:
    """A TD's WIDTH, only for text the renderer cannot measure (non-ASCII): at least its true width."""
    if not unicode or text.isascii():
        return ""
    return f' WIDTH="{round(text_width(text) + pad)}"'


def value_fill(node: Value, root: Value) -> str:
    if node is root:
        return ROOT
    if node.parents:
        return INTERIOR
    return LEAF if node.requires_grad else CONSTANT


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


def op_attrs(node: Value, flow: bool, lr: bool = True) -> dict:
    """An op node: an ellipse with the op, or, where operand order matters, a box with ports a and b."""
    state = op_state(node) if flow else ""
    fill = {"dead": DEAD, "saturated": SATURATED_FILL}.get(state, OP)
    order = ordered(node)
    if order is not None:
        symbol = cell(_infix(node) or op_text(node))
        ports = '<TD PORT="a">a</TD>', '<TD PORT="b">b</TD>'
        body = (f'<TR>{ports[0]}<TD ROWSPAN="2" CELLPADDING="6"><B>{symbol}</B></TD></TR><TR>{ports[1]}</TR>' if lr
                else f'<TR>{ports[0]}<TD CELLPADDING="6"><B>{symbol}</B></TD>{ports[1]}</TR>')  # fmt: skip
        label = f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="{fill}" STYLE="rounded">'
        return {"label": label + body + "</TABLE>>", "shape": "plain"}
    label = quoted(op_text(node)) + {"dead": "\\noff", "saturated": "\\nsat."}.get(state, "")  # DOT's \n
    attrs = {"label": label, "shape": "ellipse", "style": "filled", "fillcolor": fill}
    if state == "dead":
        attrs.update(fontcolor="#555555", color="#888888")
    return attrs


def _infix(node: Value) -> str:
    """The symbol between the operands of an infix op ("-" of a - b), or '' for one written like a call."""
    op, params = lookup(node.op)
    if op.arity != 2:
        return ""
    names = {**{key: str(value) for key, value in params.items()}, **dict(zip(op.args, ("\x00", "\x01")))}
    names.update({key: key for key in op.params if key not in names})
    text = op.reads(names)
    if text.startswith("\x00") and text.endswith("\x01"):
        return text[1:-1].strip()
    return ""


def contribution(child: Value, i: int) -> float:
    """What edge i of child added to its parent's gradient in the latest backward (0 into a constant)."""
    if not child.parents[i].requires_grad:
        return 0.0
    return child.grad * child.local_grads[i] if child.grad else 0.0


def flow_attrs(size: float, largest: float) -> dict:
    """Edge width and colour by |contribution|: thin grey for nothing, thick dark blue for the largest."""
    if largest <= 0.0 or size == 0.0 or size != size:
        return {"color": "#bbbbbb", "style": "dashed", "penwidth": "0.8"}
    share = min(1.0, (size / largest) ** 0.5)  # square root, so small flows stay visible
    light, dark = (198, 219, 239), (8, 48, 107)
    rgb = "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark))
    return {"color": f"#{rgb}", "penwidth": f"{0.8 + 4.2 * share:.2f}"}
