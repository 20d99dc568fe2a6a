"""chainrule's engine: scalar reverse-mode autodiff you can read in one sitting.

Every number is a `Value` that records its parents and the local derivative along each edge;
`backward()` applies the chain rule edge by edge in reverse topological order.
"""

from .compile import compile
from .functional import grad, value_and_grad
from .functions import abs, cos, dot, exp, log, relu, sigmoid, sin, sqrt, sum, tanh
from .gradcheck import GradcheckError, gradcheck, numerical_grad
from .graph import edges, leaves, nodes, zero_grad
from .mode import detect_anomaly, enable_grad, ieee_mode, is_grad_enabled, no_grad
from .ops import OPS, Op
from .value import Value, topological_order

__version__ = "0.1.0"

__all__ = [
    "OPS",
    "GradcheckError",
    "Op",
    "Value",
    "abs",
    "compile",
    "cos",
    "detect_anomaly",
    "dot",
    "edges",
    "enable_grad",
    "exp",
    "grad",
    "gradcheck",
    "ieee_mode",
    "is_grad_enabled",
    "leaves",
    "log",
    "no_grad",
    "nodes",
    "numerical_grad",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "sum",
    "tanh",
    "topological_order",
    "value_and_grad",
    "zero_grad",
]
