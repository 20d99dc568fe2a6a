"""Straight-line Python for a `Shape`: forward one line per node, backward one line per edge.

The backward lines follow exactly the order in which `backward()` applies the chain rule, with
a comment per node giving its op's rule, so the generated code reads as a worked example.
Only names from the `Shape` (safe identifiers), op-table templates and `repr(float)` numbers
are written; helpers the code calls start with `_`.
"""

from __future__ import annotations

import math
import re

from ..ops import OPS, lookup
from .tape import Shape, unique
from .templates import HELPERS, TEMPLATES, UNCHECKED


def helpers() -> dict:
    """What generated code may call: math helpers, and `_fn_<op>` for each op compiled as a call."""
    return {**HELPERS, **{f"_fn_{op.name}": op.fn for op in OPS.values() if op.name not in TEMPLATES}}


def _literal(value) -> str:
    """A parameter as Python source: a number (see `number`), or the repr of a str such as "tanh"."""
    return number(value) if isinstance(value, float) else repr(value)


def comment(text: str) -> str:
    """Text for a `#` comment, on its one line: a line break in an op's rule would start a line of code,
    a NUL makes the source unreadable; those (and every other control character) are written escaped."""
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]", lambda m: repr(m.group())[1:-1], text)


def number(x: float) -> str:
    """A float as Python source: its repr (in brackets if negative), or _INF / _NAN."""
    if x != x:
        return "_NAN"
    if math.isinf(x):
        return "_INF" if x > 0 else "(-_INF)"
    return repr(x) if math.copysign(1.0, x) > 0 else f"({x!r})"


class Writer:
    """The expressions of one shape: each node's value and gradient variable, and its lines."""

    def __init__(self, shape: Shape):
        self.shape = shape
        taken = {name for name in shape.names if name}
        self.value = [name or number(float(entry[1])) for name, entry in zip(shape.names, shape.nodes)]
        self.needs = _needs_grad(shape)
        self.grad = [unique(f"d_{name}", taken) if need else "" for name, need in zip(shape.names, self.needs)]
        self.locals = {i: _local_names(i, e, shape.names[i], taken) for i, e in enumerate(shape.nodes) if _calls(e)}

    def constant_lines(self) -> list:
        """`name = 2.5` for each labelled constant."""
        nodes, names = self.shape.nodes, self.shape.names
        return [f"{names[i]} = {number(float(e[1]))}" for i, e in enumerate(nodes) if e[0] == "const" and names[i]]

    def forward_lines(self) -> list:
        """One assignment per interior node, parents first."""
        return [line for i, entry in enumerate(self.shape.nodes) if interior(entry) for line in self.forward(i)]

    def forward(self, i: int) -> list:
        entry, name = self.shape.nodes[i], self.shape.names[i]
        op, params = lookup(entry[0])
        args = [self.value[p] for p in entry[1]]
        if i in self.locals:  # no template: the op's `fn` gives the value and the local derivatives
            call = ", ".join([*args, *(f"{key}={_literal(value)}" for key, value in params.items())])
            return [f"{name}, ({', '.join(self.locals[i])},) = _fn_{op.name}({call})"]
        if op.arity == 0:
            return _sum_lines(name, _terms(op.name, args))
        fill = {**dict(zip(op.args, args)), **{key: _literal(value) for key, value in params.items()}}
        return [f"{name} = {TEMPLATES[op.name][0].format(**fill)}"]

    def local_grads(self, i: int) -> list:
        """d node_i / d parent_j for every edge j, as expressions over forward values.

        All of a node's edges at once: its operands are listed once, so a sum of n terms costs n, not n**2.
        """
        if i in self.locals:
            return list(self.locals[i])
        entry = self.shape.nodes[i]
        op, params = lookup(entry[0])
        args = [self.value[p] for p in entry[1]]
        local = TEMPLATES[op.name][1]
        if op.arity == 0:
            return [local[0].format(partner=partner) for partner in _partners(op.name, args)]
        fill = {**dict(zip(op.args, args)), "out": self.shape.names[i]}
        fill.update((key, _literal(value)) for key, value in params.items())
        return [template.format(**fill) for template in local]

    def backward_lines(self, accumulate: frozenset = frozenset()) -> list:
        """`d_parent = d_node * local` per edge, children first; `accumulate` nodes always use +=.

        As in backward(), nothing flows back through a node whose gradient is 0 (a dead ReLU, a hinge
        already met): its edges sit under `if d_node:`, and a parent they would have started is 0.0.
        """
        nodes, assigned, lines = self.shape.nodes, set(accumulate), []
        root = len(nodes) - 1
        if self.needs[root]:
            lines.append(f"{self.grad[root]} {'+=' if root in assigned else '='} 1.0")
            assigned.add(root)
        for i in range(root, -1, -1):
            if self.needs[i] and interior(nodes[i]):
                op = lookup(nodes[i][0])[0]
                lines.append(f"# {self.shape.names[i]} ({op.name}): {comment(op.rule)}")
                started = [self.grad[p] for p in dict.fromkeys(nodes[i][1]) if self.needs[p] and p not in assigned]
                edges = zip(self.local_grads(i), nodes[i][1])
                edge_lines = [self._edge(i, local, p, assigned) for local, p in edges if self.needs[p]]
                if i == root:  # its gradient is the seed, 1.0
                    lines += edge_lines
                    continue
                lines += [f"if {self.grad[i]}:", *_indent(edge_lines)]
                lines += ["else:", *_indent(f"{grad} = 0.0" for grad in started)] if started else []
        return lines

    def _edge(self, i: int, local: str, parent: int, assigned: set) -> str:
        upstream, target = self.grad[i], self.grad[parent]
        sign = "-" if local == "-1.0" else "+"
        term = upstream if local in ("1.0", "-1.0") else f"{upstream} * {_bracket(local)}"  # *1, *-1: exact
        if parent in assigned:
            return f"{target} {sign}= {term}"
        assigned.add(parent)
        return f"{target} = {'-' if sign == '-' else ''}{term}"

    def checked(self) -> list:
        """Values to sum for the finiteness check: any nan or inf among them makes the sum non-finite.

        The values of ops that can make nan/inf without raising, and not interior gradients: a
        non-finite gradient always reaches an input's gradient (inf * 0 is nan, inf * x is inf),
        and those are checked by the caller.
        """
        nodes = self.shape.nodes
        return [self.value[i] for i, e in enumerate(nodes) if interior(e) and lookup(e[0])[0].name not in UNCHECKED]


def _needs_grad(shape: Shape) -> list:
    """True for inputs and for nodes with an input behind them: only their gradients are computed."""
    needs = [False] * len(shape.nodes)
    for i in shape.inputs:
        if i >= 0:
            needs[i] = True
    for i, entry in enumerate(shape.nodes):
        if interior(entry):
            needs[i] = any(needs[p] for p in entry[1])
    return needs


def _calls(entry: tuple) -> bool:
    return interior(entry) and lookup(entry[0])[0].name not in TEMPLATES


def _local_names(i: int, entry: tuple, name: str, taken: set) -> tuple:
    return tuple(unique(f"{name}_local{j}", taken) for j in range(len(entry[1])))


def _terms(op_name: str, args: list) -> list:
    """The terms of a sum (a, b, c) or a dot (w1 * x1, w2 * x2, b), added left to right."""
    if op_name == "sum":
        return args or ["0.0"]
    n = len(args) // 2
    return ([f"{w} * {x}" for w, x in zip(args[:n], args[n : 2 * n])] or ["0.0"]) + args[2 * n :]


_CHUNK = 100  # terms per line: Python's compiler recurses once per `+`, and gives up near 3,000


def _sum_lines(name: str, terms: list) -> list:
    """`name = t1 + t2 + ...`, continued as `name = name + ...` every _CHUNK terms (same order of additions)."""
    lines = [f"{name} = {' + '.join(terms[:_CHUNK])}"]
    for start in range(_CHUNK, len(terms), _CHUNK):
        lines.append(f"{name} = {name} + {' + '.join(terms[start : start + _CHUNK])}")
    return lines


def _partners(op_name: str, args: list) -> list:
    """Per edge of a sum (1.0) or a dot (w_i's partner x_i, x_i's w_i, the bias 1.0): what upstream is multiplied by."""
    if op_name == "sum":
        return ["1.0"] * len(args)
    n = len(args) // 2
    return [*args[n : 2 * n], *args[:n], *["1.0"] * (len(args) - 2 * n)]


_ATOM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9.e+-]*|\(-[A-Za-z0-9_.e+-]+\)")


def _bracket(expr: str) -> str:
    """`expr`, in brackets unless it is a name or a number."""
    return expr if _ATOM.fullmatch(expr) else f"({expr})"


def interior(entry: tuple) -> bool:
    """True for a node an op made (its entry holds parent indices), False for a leaf."""
    return type(entry[-1]) is tuple


def function_source(shape: Shape) -> str:
    """`def _forward_backward(<inputs>)`: returns (output, gradients), or None if a nan or inf appeared."""
    w = Writer(shape)
    params = _params(shape)
    body = [
        "# forward: one line per node, parents first",
        *w.constant_lines(),
        *w.forward_lines(),
        "# backward: d_<node> is d output / d <node>; children before parents, edge by edge as backward() runs,",
        "# and, as there, a node whose d is 0 passes nothing back (a dead ReLU stops it)",
        *w.backward_lines(),
        "# a nan or inf anywhere makes this sum non-finite: return None and let the caller re-run with Values",
        f"_check = _sum(({_join([w.value[-1], *params, *w.checked(), *_input_grads(w)])}))",
        "if _check - _check:",
        "    return None",
        f"return {w.value[-1]}, ({''.join(g + ', ' for g in _input_grads(w))})",
    ]
    return _function("_forward_backward", params, body)


def many_source(shape: Shape, n_shared: int) -> str:
    """`def _many(_rows, <first n_shared inputs>)`: the function above summed over rows of the other inputs."""
    w = Writer(shape)
    params = _params(shape)
    shared = frozenset(i for i in shape.inputs[:n_shared] if i >= 0)
    grads = _input_grads(w)
    sums = [f"_sum{j}" for j in range(len(params) - n_shared)]
    row_check = _join([w.value[-1], *params[n_shared:], *w.checked(), *grads[n_shared:]])
    loop = [*w.forward_lines(), *w.backward_lines(accumulate=shared), f"_total += {w.value[-1]}"]
    loop += [f"{s} += {g}" for s, g in zip(sums, grads[n_shared:])] + [f"_check += _sum(({row_check}))"]
    body = [
        *w.constant_lines(),
        *[f"{w.grad[i]} = 0.0" for i in sorted(shared)],
        *[f"{name} = 0.0" for name in ["_total", "_check", *sums]],
        f"for {_join(params[n_shared:]).rstrip() or '_'} in _rows:",
        *["    " + line for line in loop],
        f"_check += _sum(({_join(params[:n_shared] + grads[:n_shared])}))",
        "if _check - _check:",
        "    return None",
        f"return _total, ({''.join(g + ', ' for g in grads[:n_shared] + sums)})",
    ]
    return _function("_many", ["_rows", *params[:n_shared]], body)


def forward_source(shape: Shape, at: tuple, n_shared: int) -> str:
    """`def _outputs(_rows, <first n_shared inputs>)`: per row of the other inputs, the values of the nodes `at`,
    forward only (no gradient is computed); None if a nan or inf appeared."""
    w = Writer(shape)
    params = _params(shape)
    loop = [*w.forward_lines(), f"_append(({''.join(w.value[i] + ', ' for i in at)}))"]
    loop.append(f"_check += _sum(({_join(w.checked())}))")
    body = [
        *w.constant_lines(),
        "_values = []",
        "_append = _values.append",
        "_check = 0.0",
        f"for {_join(params[n_shared:]).rstrip() or '_'} in _rows:",
        *["    " + line for line in loop],
        "if _check - _check:",
        "    return None",
        "return _values",
    ]
    return _function("_outputs", ["_rows", *params[:n_shared]], body)


def _join(names: list) -> str:
    """Distinct names, each followed by a comma (a tuple display); numbers left out, they are finite."""
    return "".join(f"{name}, " for name in dict.fromkeys(names) if not _NUMBER.fullmatch(name))


_NUMBER = re.compile(r"\(?-?[0-9][0-9.e+-]*\)?")


def _params(shape: Shape) -> list:
    return [shape.names[i] if i >= 0 else f"_unused{j}" for j, i in enumerate(shape.inputs)]


def _input_grads(w: Writer) -> list:
    return [w.grad[i] if i >= 0 else "0.0" for i in w.shape.inputs]


def _indent(lines) -> list:
    return ["    " + line for line in lines]


def _function(name: str, params: list, body: list) -> str:
    return f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
