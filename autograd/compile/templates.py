"""The Python that `compile` writes for each op: its forward and each local derivative, as source.

Templates are over {x} {y} (the arguments), {out} (the node's own value) and the op's parameters
({k}); `sum` and `dot` are written term by term by codegen. Each computes exactly what the op's
`fn` computes, bit for bit. An op without a template (pow, pow_const, a user's `primitive`)
is compiled as a call of its `fn`, which returns the value and the local derivatives together; so are
the catalogue's ops whose `fn` guards infinities or thresholds (atan2, hypot, gelu, softplus, silu, softsign).
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
    "tan": ("_tan({x})", ("1.0 + {out} * {out}",)),
    "sinh": ("_sinh({x})", ("_cosh({x})",)),
    "cosh": ("_cosh({x})", ("_sinh({x})",)),
    "asin": ("_asin({x})", ("1.0 / _sqrt((1.0 - {x}) * (1.0 + {x}))",)),
    "acos": ("_acos({x})", ("-1.0 / _sqrt((1.0 - {x}) * (1.0 + {x}))",)),
    "atan": ("_atan({x})", ("1.0 / (1.0 + {x} * {x})",)),
    "log1p": ("_log1p({x})", ("1.0 / (1.0 + {x})",)),
    "expm1": ("_expm1({x})", ("{out} + 1.0",)),
    "log2": ("_log2({x})", ("1.0 / ({x} * _LN2)",)),
    "log10": ("_log10({x})", ("1.0 / ({x} * _LN10)",)),
    "exp2": ("2.0 ** {x}", ("{out} * _LN2",)),
    "erf": ("_erf({x})", ("_TWO_OVER_ROOT_PI * _exp(-{x} * {x})",)),
    "max": (
        "{x} if {x} >= {y} else {y}",
        ("1.0 if {x} > {y} else (0.5 if {x} == {y} else 0.0)", "1.0 if {y} > {x} else (0.5 if {x} == {y} else 0.0)"),
    ),
    "min": (
        "{x} if {x} <= {y} else {y}",
        ("1.0 if {x} < {y} else (0.5 if {x} == {y} else 0.0)", "1.0 if {y} < {x} else (0.5 if {x} == {y} else 0.0)"),
    ),
    "clamp": ("_min(_max({x}, {lo}), {hi})", ("1.0 if {lo} <= {x} <= {hi} else 0.0",)),
    "leaky_relu": ("{x} if {x} > 0.0 else {slope} * {x}", ("1.0 if {x} > 0.0 else {slope}",)),
    "elu": ("{x} if {x} > 0.0 else {alpha} * _expm1({x})", ("1.0 if {x} > 0.0 else {alpha} * _exp({x})",)),
    "sum": ("{terms}", ("1.0",)),
    "dot": ("{terms}", ("{partner}",)),
}

# Ops with a template whose result can be nan or inf without raising (inf - inf, 1e200 * 1e200,
# x / 1e-320). Their values join the final finiteness check, as do the ops compiled as a call of
# their `fn`; the other templates raise or map finite to finite.
# (leaky_relu and elu are checked: a huge slope or alpha can overflow without raising.)
UNCHECKED = frozenset({"neg", "abs", "exp", "log", "tanh", "sigmoid", "relu", "sqrt", "sin", "cos", "tan", "sinh",
                       "cosh", "asin", "acos", "atan", "log1p", "expm1", "log2", "log10", "exp2", "erf", "max", "min",
                       "clamp"})  # fmt: skip

MATH = ("exp", "log", "tanh", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan", "log1p", "expm1",
        "log2", "log10", "erf")  # fmt: skip
HELPERS = {
    **{f"_{name}": getattr(math, name) for name in MATH},
    "_abs": abs,
    "_sum": sum,
    "_min": min,
    "_max": max,
    "_INF": math.inf,
    "_NAN": math.nan,
    "_LN2": math.log(2.0),
    "_LN10": math.log(10.0),
    "_TWO_OVER_ROOT_PI": 2.0 / math.sqrt(math.pi),
}
