"""The shape of a fixed graph, as `compile` sees it: ops, wiring, inputs, constants and names.

A `Shape` holds everything the generated code depends on and nothing else, so it is also the
cache key. Names come from labels reduced to `[A-Za-z0-9_]` identifiers that never start with
`_` (those are the library's), so no label text can reach the generated source.
"""

from __future__ import annotations

import functools
import keyword
import re
from typing import NamedTuple

from ..errors import labels, short
from ..graph import MANY, topological_order
from ..ops import lookup
from ..value import Value


class Shape(NamedTuple):
    """All the generated code depends on, and so the cache key: ops, wiring, names, inputs."""

    nodes: tuple  # per node, leaves first: ("in",) | ("const", repr(value)) | (symbol, parent indices)
    names: tuple  # per node, its variable name; "" for an unlabelled constant, written inline
    inputs: tuple  # per input, its node index, or -1 when the input is not in the graph


def read_graph(root: Value, inputs) -> tuple[Shape, tuple, tuple]:
    """The shape of the graph behind `root`, each node's raw label (for error messages), and the inputs."""
    return _read(topological_order(root), inputs)


def read_outputs(outputs, inputs) -> tuple[Shape, tuple, tuple, tuple]:
    """`read_graph` for the graph behind several outputs, and the node index of each output."""
    outputs = list(outputs)
    for i, value in enumerate(outputs):
        if not isinstance(value, Value):
            raise TypeError(f"compile_forward: outputs[{i}] must be a Value, got {short(value)}")
    if not outputs:
        raise ValueError("compile_forward: outputs is empty; give at least one Value")
    order = _merged_order(outputs)
    shape, labels, inputs = _read(order, inputs)
    index = {id(node): i for i, node in enumerate(order)}
    return shape, labels, inputs, tuple(index[id(value)] for value in outputs)


class _Outputs:
    """A stand-in node whose parents are the outputs, so that one walk orders the graph behind all of them."""

    __slots__ = ("parents", "_x", "_y", "_mark")  # the edge slots the fast walk reads (see value.py)

    def __init__(self, outputs: list):
        self.parents = self._x = tuple(outputs)
        self._y, self._mark = MANY, None


def _merged_order(outputs: list) -> list:
    """Every node behind the outputs, parents first, in one walk: the outputs share their graph, so a walk
    per output would cost outputs * nodes. The stand-in root, listed last, is left out."""
    return topological_order(_Outputs(outputs))[:-1]


def _read(order: list, inputs) -> tuple[Shape, tuple, tuple]:
    """The Shape of the nodes `order` (parents first), their labels, and the inputs (default: the leaves)."""
    index = {id(node): i for i, node in enumerate(order)}
    leaves = [node for node in order if not node.parents]
    inputs = leaves if inputs is None else _check_inputs(inputs, index, order)
    positions = tuple(index.get(id(v), -1) for v in inputs)
    taken = set(positions)
    nodes = tuple(_entry(node, i in taken, index) for i, node in enumerate(order))
    texts = labels(order, "compile")  # v.label = 3 is refused here, naming the node, not deep in the naming
    names = _names(order, nodes, texts, {i: p for p, i in enumerate(positions)})
    return Shape(nodes, names, positions), texts, tuple(inputs)


def _check_inputs(inputs, index: dict, order: list) -> list:
    inputs = list(inputs)
    for i, value in enumerate(inputs):
        if not isinstance(value, Value):
            raise TypeError(f"compile: inputs[{i}] must be a Value, got {short(value)}")
        if id(value) in index and order[index[id(value)]].parents:
            raise ValueError(f"compile: inputs[{i}] ({value!r}) is not a leaf; only leaves can be inputs")
    if len({id(v) for v in inputs}) != len(inputs):
        raise ValueError("compile: the same Value appears twice in inputs")
    return inputs


def _entry(node: Value, is_input: bool, index: dict) -> tuple:
    if not node.parents:
        return ("in",) if is_input else ("const", repr(node.data))
    try:
        lookup(node.op)
    except (KeyError, ValueError):
        raise ValueError(f"compile: a node has op {node.op!r}, which is not in the op table") from None
    return (node.op, tuple(index[id(parent)] for parent in node.parents))


def _names(order: list, nodes: tuple, texts: tuple, input_at: dict) -> tuple:
    """A distinct identifier per node: its label made safe, else `in2` (inputs[2]), `const1`, `dot3`, `relu7`."""
    taken, names, counts, suffixes = set(), [], {}, {}
    for i, (node, entry, label) in enumerate(zip(order, nodes, texts)):
        if entry[0] == "const" and not label:
            names.append("")
            continue
        kind = "in" if i in input_at else "const" if not node.parents else lookup(node.op)[0].name
        counts[kind] = counts.get(kind, 0) + 1
        fallback = f"in{input_at[i]}" if i in input_at else f"{kind}{counts[kind]}"
        names.append(unique(identifier(label) or fallback, taken, suffixes))
    return tuple(names)


@functools.lru_cache(maxsize=4096)  # an MLP repeats a few labels (w1, w2, b) hundreds of times
def identifier(label: str) -> str:
    """`label` as a Python identifier made of [A-Za-z0-9_] only, never starting with `_`; "" if none is left."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", label)[:40].lstrip("_0123456789")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def unique(name: str, taken: set, suffixes: dict | None = None) -> str:
    """`name`, or `name_2`, `name_3`, ... the first that is free; the result is added to `taken`.

    `suffixes` (name -> the last suffix given) lets the search start where it stopped last time: the
    names before it are all taken, so the answer is the same, without a loop as long as the repeats.
    """
    n = 1 if suffixes is None else suffixes.get(name, 1)
    candidate = name if n == 1 else f"{name}_{n}"
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    if suffixes is not None:
        suffixes[name] = n
    taken.add(candidate)
    return candidate
