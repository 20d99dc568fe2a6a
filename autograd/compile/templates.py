"""The Python that `compile` writes for each op: its forward and each local derivative, as source.

Templates are over {x} {y} (the arguments), {out} (the node's own value) and the op's parameters
({k}); `sum` and `dot` are written term by term by codegen. Each computes exactly what the op's
`fn` computes, bit for bit. An op without a template (pow, pow_const, a user's `primitive`)
is compiled as a call of its `fn`, which returns the value and the local derivatives together.
Helpers the generated code calls start with `_` (`_exp` is math.exp).
"""

from __future__ import annotations

import math

# op name -> (forward, (d out / d argument_i, ...))
TEMPLATES = {
    "add": ("{x} + {y}", ("1.0", "1.0")),
    "sub": ("{x} - {y}", ("1.0", "-1.0")),
    "mul": ("{x} * {y}", ("{y}", "{x}")),
    "truediv": ("{x} / {y}", ("1.0 / {y}", "-{out} / {y}")),
    "neg": ("-{x}", ("-1.0",)),
    "abs": ("_abs({x})", ("1.0 if {x} > 0.0 else (-1.0 if {x} < 0.0 else 0.0)",)),
    "exp": ("_exp({x})", ("{out}",)),
    "log": ("_log({x})", ("1.0 / {x}",)),
    "tanh": ("_tanh({x})", ("1.0 - {out} * {out}",)),
    "sigmoid": (
        "1.0 / (1.0 + _exp(-{x})) if {x} >= 0.0 else _exp({x}) / (1.0 + _exp({x}))",
        ("{out} * (1.0 - {out})",),
    ),
    "relu": ("{x} if {x} > 0.0 else 0.0", ("1.0 if {x} > 0.0 else 0.0",)),
    "sqrt": ("_sqrt({x})", ("0.5 / {out} if {out} else _INF",)),
    "sin": ("_sin({x})", ("_cos({x})",)),
    "cos": ("_cos({x})", ("-_sin({x})",)),
    "sum": ("{terms}", ("1.0",)),
    "dot": ("{terms}", ("{partner}",)),
}

# Ops with a template whose result can be nan or inf without raising (inf - inf, 1e200 * 1e200,
# x / 1e-320). Their values join the final finiteness check, as do the ops compiled as a call of
# their `fn`; the other templates raise or map finite to finite.
UNCHECKED = frozenset({"neg", "abs", "exp", "log", "tanh", "sigmoid", "relu", "sqrt", "sin", "cos"})

HELPERS = {
    **{f"_{name}": getattr(math, name) for name in ("exp", "log", "tanh", "sqrt", "sin", "cos")},
    "_abs": abs,
    "_sum": sum,
    "_INF": math.inf,
    "_NAN": math.nan,
}
