"""The activations a neuron can apply after its weighted sum, by name: every one-argument op of the
table tagged "activation" (relu, tanh, sigmoid, leaky_relu, elu, gelu, softplus, silu, softsign, and
an op of your own defined with `autograd.primitive(..., tags=("activation",))`), and "linear" for none.
Each uses its op's default parameters (leaky_relu's slope 0.01, elu's alpha 1, exact gelu), as the
torch.nn modules of those names do."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from autograd import OPS, Value, apply

from .messages import text

ALIASES = {"swish": "silu", "leakyrelu": "leaky_relu", "identity": "linear"}  # other names, torch's class names


class _Activations(Mapping):
    """name -> what makes the activation node (its op's Value method, which builds a one-argument node
    without apply's general checks, or apply of its op: one call per neuron); "linear" -> None, no node
    at all. Read from the op table each time, so an activation op defined later is one too."""

    def _table(self) -> dict:
        ops = {op.name: op for op in OPS.values() if "activation" in op.tags and op.arity == 1}
        return {
            **{name: getattr(Value, op.method, None) or partial(apply, op) for name, op in ops.items()},
            "linear": None,
        }

    def __getitem__(self, name: str):
        return self._table()[name]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


ACTIVATIONS = _Activations()


def activation_name(name, who: str) -> str:
    """The canonical name (`None` is "linear", "swish" is "silu", "ReLU" is "relu"), or a ValueError listing
    the valid ones."""
    if name is None:
        return "linear"
    if isinstance(name, str):
        for candidate in (name, name.lower()):
            candidate = ALIASES.get(candidate, candidate)
            if candidate in ACTIVATIONS:
                return candidate
    valid = ", ".join(repr(k) for k in ACTIVATIONS)
    raise ValueError(text("unknown_activation", who=who, name=name, valid=valid))
