"""Check backward against central finite differences: (f(x + eps) - f(x - eps)) / (2 eps)."""

from __future__ import annotations

from .errors import as_float, short
from .mode import no_grad
from .value import Value


class GradcheckError(RuntimeError):
    """Backward and the finite difference disagree. `.index`, `.analytical`, `.numerical` tell where."""

    def __init__(self, message: str, index: int, analytical: float, numerical: float):
        super().__init__(message)
        self.index, self.analytical, self.numerical = index, analytical, numerical


def numerical_grad(f, xs: list, i: int, eps: float) -> float:
    """The central difference of `f` along input `i`."""
    up, down = list(xs), list(xs)
    up[i] += eps
    down[i] -= eps
    with no_grad():
        return (_scalar(f(*map(Value, up))) - _scalar(f(*map(Value, down)))) / (2.0 * eps)


def gradcheck(f, *inputs, eps: float = 1e-6, rtol: float = 1e-3, atol: float = 1e-5) -> bool:
    """True if backward agrees with the central difference for every input, else GradcheckError.

    `f` takes Values and returns a scalar Value. Tolerances as in torch.autograd.gradcheck:
    |analytical - numerical| <= atol + rtol * |numerical|. The error reports the worst input.
    """
    xs = [as_float(x, "gradcheck") for x in inputs]
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {short(out)}")
    out.backward()
    worst = None
    for i, leaf in enumerate(leaves):
        numerical = numerical_grad(f, xs, i, eps)
        excess = abs(leaf.grad - numerical) / (atol + rtol * abs(numerical))
        if excess > 1.0 and (worst is None or excess > worst[0]):
            worst = (excess, i, leaf.grad, numerical)
    if worst is not None:
        _, i, analytical, numerical = worst
        raise GradcheckError(
            f"gradcheck: input {i} (= {xs[i]!r}): backward gives {analytical!r}, "
            f"the central difference gives {numerical!r} (rtol={rtol}, atol={atol})",
            i,
            analytical,
            numerical,
        )
    return True


def _scalar(out) -> float:
    if isinstance(out, Value):
        return out.data
    return as_float(out, "gradcheck")
