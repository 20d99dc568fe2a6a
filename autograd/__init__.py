"""chainrule's engine: scalar reverse-mode autodiff you can read in one sitting.

Every number is a `Value` that records its parents and the local derivative along each edge;
`backward()` applies the chain rule edge by edge in reverse topological order.
"""

from . import _coexist  # noqa: F401  # isort: skip  -- first: one clear ImportError if HIPS autograd shares this folder
import importlib

from .compile import compile
from .functional import grad, value_and_grad
from .functions import abs, dot, edges, exp, leaves, linear, log, nodes, relu, sigmoid, sum, tanh, zero_grad
from .gradcheck import GradcheckError, gradcheck, numerical_grad
from .graph import topological_order
from .language import get_language, set_language
from .mode import detect_anomaly, enable_grad, ieee_mode, is_grad_enabled, no_grad
from .more_ops import (
    acos,
    asin,
    atan,
    atan2,
    clamp,
    cos,
    cosh,
    elu,
    erf,
    exp2,
    expm1,
    gelu,
    hypot,
    leaky_relu,
    log1p,
    log2,
    log10,
    silu,
    sin,
    sinh,
    softplus,
    softsign,
    sqrt,
    swish,
    tan,
)
from .more_ops import maximum as max  # noqa: A004 (the op's name, as torch.max(x, y))
from .more_ops import minimum as min  # noqa: A004
from .ops import OPS, Op
from .pool import recycle_nodes
from .primitives import check_op, forget, primitive
from .render.backends import GraphvizNotFoundError
from .render.mermaid import Mermaid, to_mermaid
from .teach.exercises import Exercise, Verdict, exercise
from .teach.explain import Explanation, explain
from .teach.trace import Step, backward_steps
from .teach.why import Why, why
from .value import Constant, Value, apply

from . import exercises as exercises  # noqa: E402  isort: skip  -- autograd.exercises.generate(level, seed)

__version__ = "0.1.0"

# The picture tools load graphviz, so they are imported on first use: `import autograd` stays
# dependency-free, and `autograd.draw` still works as a plain attribute.
_LAZY = {
    "draw": "render.draw",
    "save_graph": "render.draw",
    "Graph": "render.draw",
    "stepper_html": "render.stepper",
    "Stepper": "render.stepper",
    "stepper_widget": "render.widget",
    "StepperWidget": "render.widget",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "OPS",
    "Constant",
    "Exercise",
    "Explanation",
    "GradcheckError",
    "Graph",
    "GraphvizNotFoundError",
    "Mermaid",
    "Op",
    "Step",
    "Stepper",
    "StepperWidget",
    "Value",
    "Verdict",
    "Why",
    "abs",
    "acos",
    "apply",
    "asin",
    "atan",
    "atan2",
    "backward_steps",
    "check_op",
    "clamp",
    "compile",
    "cos",
    "cosh",
    "detect_anomaly",
    "dot",
    "draw",
    "edges",
    "elu",
    "enable_grad",
    "erf",
    "exercise",
    "exp",
    "exp2",
    "explain",
    "expm1",
    "forget",
    "gelu",
    "get_language",
    "grad",
    "gradcheck",
    "hypot",
    "ieee_mode",
    "is_grad_enabled",
    "leaky_relu",
    "leaves",
    "linear",
    "log",
    "log10",
    "log1p",
    "log2",
    "max",
    "min",
    "no_grad",
    "nodes",
    "numerical_grad",
    "primitive",
    "recycle_nodes",
    "relu",
    "save_graph",
    "set_language",
    "sigmoid",
    "silu",
    "sin",
    "sinh",
    "softplus",
    "softsign",
    "sqrt",
    "stepper_html",
    "stepper_widget",
    "sum",
    "swish",
    "tan",
    "tanh",
    "to_mermaid",
    "topological_order",
    "value_and_grad",
    "why",
    "zero_grad",
]
