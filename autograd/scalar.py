"""What a Value is as a plain number, apart from its graph: float(), .item(), comparisons, its repr,
and micrograd's read-only names `_prev` and `_op`. value.py builds Value on this; nothing here takes
part in building nodes or in the chain rule."""

from __future__ import annotations

from operator import attrgetter, ge, gt, le, lt

from .errors import as_float


def _compare(test):
    """A comparison of data with data (or with a number): it builds no node."""
    return lambda self, other: test(self.data, other.data if isinstance(other, Scalar) else as_float(other, "compare"))


class Scalar:
    """The number side of a Value (its slots, `data` among them, are Value's)."""

    __slots__ = ()
    __array_ufunc__ = None  # numpy scalars on the left defer to Value's reflected operators
    requires_grad = True  # a Constant (requires_grad=False) gets no gradient

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("label", "op") if getattr(self, k))
        constant = "" if self.requires_grad else ", requires_grad=False"
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra}{constant})"

    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        """The float inside (PyTorch's name)."""
        return self.data

    # Comparisons look at data and build no node (== stays identity, so Values can live in sets).
    __lt__, __le__, __gt__, __ge__ = map(_compare, (lt, le, gt, ge))
    _prev = property(lambda self: set(self.parents), doc="micrograd's name: the parents, as a set (read-only).")
    _op = property(attrgetter("op"), doc="micrograd's name for `.op` (read-only).")
