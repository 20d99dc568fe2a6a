"""`compile(root, inputs)`: a fixed graph as Python over floats, a line per node and per edge, re-run on new values.

The graph is read once into a `Shape` (ops, wiring, inputs, constants, names); its code is
generated, `compile()`d once and cached by that shape, so building the same graph again reuses
the code object. Calls that meet a domain error, a nan or an inf re-run the graph with Values
(`replay`), so errors are exactly the engine's, naming the op and the operand.
"""

from __future__ import annotations

import builtins
from collections import OrderedDict

from ..errors import as_float, short
from ..mode import enable_grad, no_grad
from ..ops import lookup
from ..value import Value, apply
from .codegen import forward_source, function_source, helpers, interior, many_source
from .tape import Shape, read_graph, read_outputs

_CACHE: OrderedDict = OrderedDict()  # Shape -> _Code, least recently used first
_FORWARD_CACHE: OrderedDict = OrderedDict()  # (Shape, output nodes, number of shared inputs) -> function
_CACHE_SIZE = 256


class _Code:
    """The generated functions of one shape, each written and compiled on first use: the single call, and `many`.

    `fit(compile=True)` calls only `many`: writing and compiling the single call too would double its start-up.
    """

    def __init__(self, shape: Shape):
        self.shape = shape
        self._source = self._function = None
        self.many = {}  # n_shared -> function

    @property
    def source(self) -> str:
        if self._source is None:
            self._source = function_source(self.shape)
        return self._source

    @property
    def function(self):
        if self._function is None:
            self._function = _define(self.source, "_forward_backward")
        return self._function


def _define(source: str, name: str):
    """The function `name` defined by `source`, which holds only names and numbers we wrote."""
    namespace = helpers()
    exec(builtins.compile(source, f"<chainrule compiled {name}>", "exec"), namespace)
    return namespace[name]


def _code_for(shape: Shape) -> _Code:
    """The cached code of `shape` (written and compiled on first sight), now the most recently used."""
    return _cached(_CACHE, shape, lambda: _Code(shape))


def _cached(cache: OrderedDict, key, make):
    """`cache[key]`, made by `make()` on first sight, now the most recently used; the oldest beyond the size go."""
    item = cache.pop(key, None) or make()
    cache[key] = item
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return item


def compile(root: Value, inputs=None) -> Compiled:  # noqa: A001 (the contract's name: autograd.compile)
    """Forward + backward of the graph behind `root` as generated Python: `f(*values) -> (output, grads)`.

    `inputs` (Values, leaves of the graph) default to all its leaves in topological order; the
    other leaves are constants, baked into the code. An input not in the graph gets gradient 0.
    """
    if not isinstance(root, Value):
        raise TypeError(f"compile: expected a Value as root, got {short(root)}")
    shape, labels, inputs = read_graph(root, inputs)
    return Compiled(_code_for(shape), inputs, labels)


class Compiled:
    """A compiled graph. `f(*values)` -> (output, grads aligned with `f.inputs`); `f.source` is its code."""

    __slots__ = ("_code", "inputs", "_labels")

    def __init__(self, code: _Code, inputs: tuple, labels: tuple):
        self._code, self.inputs, self._labels = code, inputs, labels

    @property
    def source(self) -> str:
        """The generated Python: forward one line per node, backward one line per edge."""
        return self._code.source

    def __repr__(self) -> str:
        names = ", ".join(self._code.shape.names[i] if i >= 0 else "?" for i in self._code.shape.inputs)
        return f"<compiled graph of {len(self._code.shape.nodes)} nodes, inputs ({names})>"

    def __call__(self, *values) -> tuple:
        """Output and gradients (d output / d input_i) at these input values, as floats."""
        if len(values) != len(self.inputs):
            raise TypeError(f"compiled graph: expected {len(self.inputs)} values ({self._names()}), got {len(values)}")
        if not _floats(values):
            values = tuple(as_float(v, "compiled graph") for v in values)
        try:
            result = self._code.function(*values)
        except (ArithmeticError, ValueError):
            result = None
        return self.replay(values) if result is None else result

    def many(self, rows, *shared) -> tuple:
        """Sum of `f(*shared, *row)` over rows: (total output, summed grads aligned with `f.inputs`).

        `shared` gives the first inputs (say the parameters), the same for every row; each row
        gives the rest (say one sample's x and y). The loop runs inside the generated code.
        """
        shared, rows = self._check_many(rows, shared)
        function = self._code.many.get(len(shared))
        if function is None:
            function = self._code.many[len(shared)] = _define(many_source(self._code.shape, len(shared)), "_many")
        try:
            result = function(rows, *shared)
        except (ArithmeticError, ValueError):
            result = None
        return self._replay_many(rows, shared) if result is None else result

    def replay(self, values) -> tuple:
        """The plain path: rebuild the graph with Values at `values` and run `backward()` on it."""
        with enable_grad():
            nodes = _rebuild(self._code.shape, self._labels, [as_float(v, "compiled graph") for v in values])
            nodes[-1].backward()
        return nodes[-1].data, tuple(nodes[i].grad if i >= 0 else 0.0 for i in self._code.shape.inputs)

    def _replay_many(self, rows: list, shared: tuple) -> tuple:
        total, grads = 0.0, [0.0] * len(self.inputs)
        for row in rows:
            out, row_grads = self.replay((*shared, *row))
            total += out
            grads = [a + b for a, b in zip(grads, row_grads)]
        return total, tuple(grads)

    def _check_many(self, rows, shared: tuple) -> tuple:
        return _checked_rows(rows, shared, len(self.inputs))

    def _names(self) -> str:
        shape = self._code.shape
        return ", ".join(shape.names[i] if i >= 0 else "unused" for i in shape.inputs)


def compile_forward(outputs, inputs) -> Forward:
    """The values of several nodes of one graph as generated Python, forward only: `g.many(rows, *shared)`.

    `outputs` are Values of one graph (a model's k outputs, say); `inputs` are leaves, as for `compile`.
    No gradient is computed: this is the cheap way to evaluate a fixed graph on many samples.
    """
    shape, labels, inputs, at = read_outputs(outputs, inputs)
    return Forward(shape, labels, inputs, at)


class Forward:
    """A compiled forward pass. `g.many(rows, *shared)` -> per row, the tuple of the outputs' values."""

    __slots__ = ("_shape", "_labels", "inputs", "_at", "_functions")

    def __init__(self, shape: Shape, labels: tuple, inputs: tuple, at: tuple):
        self._shape, self._labels, self.inputs, self._at = shape, labels, inputs, at
        self._functions = {}  # n_shared -> function, so a call does not hash the whole shape again

    def source(self, n_shared: int = 0) -> str:
        """The generated Python of `many` with `n_shared` shared inputs: forward one line per node."""
        return forward_source(self._shape, self._at, n_shared)

    def many(self, rows, *shared) -> list:
        """`[outputs at (*shared, *row)] for row in rows`, each a tuple of floats aligned with the outputs.

        As in `Compiled.many`, `shared` gives the first inputs and each row the rest. A domain error,
        a nan or an inf re-runs the rows with Values, so errors (and infs) are exactly the engine's.
        """
        shared, rows = _checked_rows(rows, shared, len(self.inputs))
        function = self._functions.get(len(shared)) or self._function(len(shared))
        try:
            result = function(rows, *shared)
        except (ArithmeticError, ValueError):
            result = None
        return self._replay(rows, shared) if result is None else result

    def _function(self, n_shared: int):
        key = (self._shape, self._at, n_shared)
        function = _cached(_FORWARD_CACHE, key, lambda: _define(self.source(n_shared), "_outputs"))
        self._functions[n_shared] = function
        return function

    def _replay(self, rows: list, shared: tuple) -> list:
        """The plain path: each row's graph rebuilt with Values (no parents kept), in the current mode."""
        with no_grad():
            graphs = (_rebuild(self._shape, self._labels, [*shared, *row]) for row in rows)
            return [tuple(nodes[i].data for i in self._at) for nodes in graphs]


def _checked_rows(rows, shared: tuple, n_inputs: int) -> tuple:
    """(shared, rows) as tuples of floats, each row filling the inputs after the shared ones."""
    width = n_inputs - len(shared)
    if width < 0:
        raise TypeError(f"compiled graph: many() got {len(shared)} shared values for {n_inputs} inputs")
    if not _floats(shared):
        shared = tuple(as_float(v, "compiled graph") for v in shared)
    rows = [row if type(row) is tuple else tuple(row) for row in rows]
    for i, row in enumerate(rows):
        if len(row) != width:
            raise TypeError(f"compiled graph: many() row {i} has {len(row)} values, expected {width}")
        if not _floats(row):
            rows[i] = tuple(as_float(v, "compiled graph") for v in row)
    return shared, rows


_FLOAT = frozenset({float})


def _floats(values) -> bool:
    """True when every value is a float (checked in C); else the caller converts, naming bad values."""
    return not values or set(map(type, values)) <= _FLOAT


def _rebuild(shape: Shape, labels: tuple, values: list) -> list:
    """The graph of `shape` made of fresh Values, inputs set to `values`: the engine's own path."""
    nodes = [None] * len(shape.nodes)
    for position, i in enumerate(shape.inputs):
        if i >= 0:
            nodes[i] = Value(values[position], labels[i])
    for i, entry in enumerate(shape.nodes):
        if entry[0] == "const":
            nodes[i] = Value(float(entry[1]), labels[i])
        elif interior(entry):
            nodes[i] = _apply(entry[0], [nodes[p] for p in entry[1]])
            nodes[i].label = labels[i]
    return nodes


def _apply(symbol: str, parents: list) -> Value:
    op, params = lookup(symbol)
    return apply(op, *parents, params=params)
