"""The JSON that `chainrule trace --format json` prints: one backward pass as plain data, for
notebooks, slides and autograders. Its structure is STRUCTURE (also shown by `chainrule trace --help`)."""

from __future__ import annotations

import math

from ..teach.names import NodeNames
from ..teach.trace import Step
from ..value import Value

STRUCTURE = """\
  {"format": "chainrule.trace", "version": 2, "expression": "...", "values": {name: number},
   "output": {"name": "f", "value": number},
   "gradients": {name: d output / d name},
   "nodes": [{"index", "name", "role", "op", "data", "grad", "parents": [indices]}],  topological order
   "steps": [{"number", "child", "parent", "child_index", "parent_index", "upstream",
              "local", "contribution", "parent_grad_before", "parent_grad_after",
              "accumulates", "path", "paths", "final", "rule", "rule_named", "local_rule",
              "formula", "formula_ascii", "formula_latex"}]}                         backward order
  role is input, parameter, constant or node; a constant's grad is null and no step leads to it.
  A step is path `path` of the `paths` edges into its parent; `final` marks the last, which completes
  the parent's gradient. A number that is not finite (inf, nan) is written as a string: "inf".
"""


def document(expression: str, values: dict, root: Value, leaves: dict, steps: list[Step]) -> dict:
    """The trace as plain JSON-able data; see STRUCTURE."""
    names = NodeNames(root, who="chainrule trace")
    nodes = [
        {"index": i, "name": names.name(n), "role": names.role(n), "op": n.op, "data": _number(n.data),
         "grad": _number(n.grad) if n.requires_grad else None, "parents": [names.index[p] for p in n.parents]}
        for i, n in enumerate(names.order)
    ]  # fmt: skip
    return {
        "format": "chainrule.trace",
        "version": 2,
        "expression": expression,
        "values": {name: values[name] for name in leaves},
        "output": {"name": root.label, "value": _number(root.data)},
        "gradients": {name: _number(leaf.grad) for name, leaf in leaves.items()},
        "nodes": nodes,
        "steps": [_step(step) for step in steps],
    }


def _step(step: Step) -> dict:
    numbers = ("upstream", "local", "contribution", "parent_grad_before", "parent_grad_after")
    record = {"number": step.number, "child": step.child_name, "parent": step.parent_name,
              "child_index": step.child_index, "parent_index": step.parent_index}  # fmt: skip
    record.update({key: _number(getattr(step, key)) for key in numbers})
    record.update(accumulates=step.accumulates, path=step.path, paths=step.paths, final=step.final)
    record.update(rule=step.rule, rule_named=step.rule_named, local_rule=step.local_rule, formula=step.formula)
    record.update(formula_ascii=step.written("ascii"), formula_latex=step.written("latex"))
    return record


def _number(x: float):
    """Finite floats as JSON numbers; inf and nan as strings, which every JSON reader accepts."""
    return x if math.isfinite(x) else repr(x)
