"""Value, the scalar node; `apply`, which builds every node; and `backward`: the chain rule, written once.

A node records its parents (a tuple, in argument order) and the local derivative along each
edge (floats, computed when the node is made). `backward` walks the graph in reverse
topological order and adds upstream * local into each parent.
"""

from __future__ import annotations

from operator import attrgetter
from threading import RLock

from . import errors, mistakes, watch
from .errors import as_float, short
from .graph import interior_and_leaves
from .mode import MODE, NORMAL
from .ops import OPS, Op, symbol

_new = object.__new__
_grad = attrgetter("grad")
_ONE_PASS_AT_A_TIME = RLock()
ADD, SUB, MUL, DIV, POW, POW_CONST = (OPS[n] for n in ("add", "sub", "mul", "truediv", "pow", "pow_const"))


def method(name: str):
    """The Value method of the op `name`: `x.tanh()` is `apply(OPS["tanh"], x)`."""
    op = OPS[name]
    if op.params or op.arity != 1:

        def call(self, *args, **params):
            return apply(op, self, *args, params=params)

    else:

        def call(self):
            return apply(op, self)

    call.__name__ = call.__qualname__ = op.method
    call.__doc__ = f"{op.reads(dict(zip(op.args, op.args)))} as a node. {op.rule}"
    return call


class Value:
    """A scalar that remembers how it was made, so its gradient can flow back."""

    __slots__ = ("data", "grad", "label", "op", "parents", "local_grads", "__weakref__")
    __array_ufunc__ = None  # numpy scalars on the left defer to Value's reflected operators
    requires_grad = True  # a Constant (requires_grad=False) gets no gradient

    def __init__(self, data, label: str = "", requires_grad: bool = True):
        self.data = data if type(data) is float and data == data else as_float(data, "Value")
        self.grad = 0.0
        if type(label) is not str:
            raise TypeError(f"Value: label must be a str, got {short(label)}")
        self.label, self.op, self.parents, self.local_grads = label, "", (), ()
        if requires_grad is not True:
            if requires_grad is not False:
                raise TypeError(f"Value: requires_grad must be True or False, got {short(requires_grad)}")
            try:
                self.__class__ = Constant  # same slots; only its gradient behaves differently
            except TypeError:  # a subclass that adds attributes (a __dict__ or slots) cannot become one
                raise TypeError(f"{type(self).__name__}: a Value subclass with attributes of its own cannot be a "
                                "constant; use Value(data, requires_grad=False)") from None  # fmt: skip

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("label", "op") if getattr(self, k))
        constant = "" if self.requires_grad else ", requires_grad=False"
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra}{constant})"

    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        """The float inside (PyTorch's name)."""
        return self.data

    def detach(self) -> Value:
        """A leaf with the same data and label, cut off from the graph."""
        return Value(self.data, self.label, self.requires_grad)

    # Arithmetic: every operator is one entry of the op table (see ops.py).
    def __add__(self, other):
        return apply(ADD, self, other)

    def __radd__(self, other):
        return apply(ADD, other, self)

    def __sub__(self, other):
        return apply(SUB, self, other)

    def __rsub__(self, other):
        return apply(SUB, other, self)

    def __mul__(self, other):
        return apply(MUL, self, other)

    def __rmul__(self, other):
        return apply(MUL, other, self)

    def __truediv__(self, other):
        return apply(DIV, self, other)

    def __rtruediv__(self, other):
        return apply(DIV, other, self)

    def __pow__(self, other):
        if isinstance(other, Value):
            return apply(POW, self, other)
        return apply(
            POW_CONST, self, params={"k": as_float(other, "pow")}
        )  # a number exponent is a parameter, not a node

    def __rpow__(self, other):
        return apply(POW, other, self)

    __neg__ = method("neg")
    __abs__ = abs = method("abs")
    exp = method("exp")
    log = method("log")
    tanh = method("tanh")
    sigmoid = method("sigmoid")
    relu = method("relu")

    # Comparisons look at data and build no node (== stays identity, so Values can live in sets).
    def __lt__(self, other):
        return self.data < _data(other)

    def __le__(self, other):
        return self.data <= _data(other)

    def __gt__(self, other):
        return self.data > _data(other)

    def __ge__(self, other):
        return self.data >= _data(other)

    __hash__ = object.__hash__

    @property
    def _prev(self) -> set:
        """micrograd's name: the parents, as a set (read-only; `.parents` keeps their order and repeats)."""
        return set(self.parents)

    @property
    def _op(self) -> str:
        """micrograd's name for `.op` (read-only)."""
        return self.op

    def backward(self, grad: float = 1.0, *, hook=None) -> None:
        """Fill `.grad` of every node behind this one with d self / d node.

        Leaves accumulate across calls, as in PyTorch; interior nodes are reset first, so they
        hold the gradient of this call only. `hook(child, i, parent_grad_before)` is called
        after each edge is applied; the teaching trace uses it to watch this very loop.
        """
        seed = errors.seed(grad)
        with _ONE_PASS_AT_A_TIME:  # threads whose graphs share nodes take turns: each pass is whole
            order, leaves = interior_and_leaves(self)  # interior nodes, each after its parents
            stale = mistakes.before_backward(self, leaves)
            for node in order:
                node.grad = 0.0
            self.grad = seed if order else self.grad + seed  # a leaf root accumulates, as every leaf does
            observer = watch.observer(hook)
            try:
                chain_rule(order, observer) if observer is not None else chain_rule_unobserved(order)
            except BaseException:  # a hook that raised, Ctrl-C: the leaves hold part of this pass
                mistakes.interrupted(leaves)
                raise
            total = sum(map(_grad, leaves))  # inf or nan if a leaf's gradient is (or if they add up past 1e308)
            if total - total:
                errors.nonfinite_leaves(leaves, order)
            mistakes.after_backward(self, stale)


class Constant(Value):
    """A number, not a variable (PyTorch's requires_grad=False): its gradient stays 0, backward skips it.

    Numbers in an expression (the 2 in `x * 2`) become Constants, and so does a node made only of them.
    """

    __slots__ = ()
    requires_grad = False
    grad = property(lambda self: 0.0, lambda self, value: None, doc="Always 0.0: a constant has no gradient.")


def chain_rule(order: list, observer=None) -> None:
    """The backward pass: children before parents, d root/d parent += d root/d child * d child/d parent.

    `observer` (the teaching trace, detect_anomaly) is told of every edge right after it is applied.
    """
    for node in reversed(order):
        upstream = node.grad  # every node that uses this one is done, so its gradient is complete
        if upstream - upstream:  # inf or nan: inf - inf is nan, and nan is truthy
            errors.nonfinite_gradient(node)  # raises, unless IEEE mode lets it flow on
        if upstream == 0.0:
            if observer is not None:
                observer.still(node)
            continue  # nothing flows back through this node (a dead ReLU stops here)
        for parent, local in zip(node.parents, node.local_grads):
            before = parent.grad
            parent.grad = before + upstream * local
            if observer is not None:
                observer.edge(node, parent, before)


def chain_rule_unobserved(order: list) -> None:
    """`chain_rule` with nothing to tell: the same arithmetic in the same order, without the per-edge
    bookkeeping (a few percent of a training step). tests/test_value.py checks over random graphs
    that both leave exactly the same gradients."""
    for node in reversed(order):
        upstream = node.grad
        if upstream == 0.0:
            continue
        if upstream - upstream:
            errors.nonfinite_gradient(node)
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += upstream * local


def apply(op: Op, *args, params: dict | None = None) -> Value:
    """The node `op(*args)`: the one place where every node is made, in three steps.

    `params` are the op's constant parameters (the k of x ** k): numbers kept in the node's `.op`.
    """
    # 1. Unwrap: each argument a Value; a number becomes a Constant leaf, so the picture shows the 2
    #    in x * 2 (a node made only of Constants is a Constant too). The floats of an n-ary node's
    #    many parents are read here; one or two arguments, most nodes, are read by the call itself.
    kind, data = Value, None
    if params or op.nary:
        try:
            data = [arg.data for arg in args]
        except AttributeError:  # a number among them
            args, kind = _lifted(op, args)
            data = [arg.data for arg in args]
    elif len(args) == 1:
        if type(args[0]) is not Value:
            args, kind = _lifted(op, args)
    elif type(args[0]) is not Value or type(args[1]) is not Value:
        args, kind = _lifted(op, args)
    # 2. Forward: floats in, the output and the local derivative along each edge out.
    try:
        if data is None:
            out, local = op.fn(args[0].data) if len(args) == 1 else op.fn(args[0].data, args[1].data)
        elif params:
            out, local = op.fn(data, **params) if op.nary else op.fn(*data, **params)
        else:
            out, local = op.fn(data)
    except (ArithmeticError, ValueError) as error:
        out, local = errors.op_failed(error, args, op, params)  # IEEE mode's result, or the error in names
    except TypeError:
        if not op.nary or all(type(arg) is Value for arg in args):
            raise
        return apply(op, *_lifted(op, args)[0], params=params)  # a .data that is no float (a numpy scalar)
    # 3. History: the parents and local derivatives, kept for backward unless gradients are off.
    node = _new(kind)
    node.data = out
    node.grad = 0.0
    node.label = ""
    if out == out and MODE.get() is NORMAL:
        node.op = symbol(op, params) if params else op.symbol
        node.parents = args
        node.local_grads = local
        return node
    errors.check_result(op.name, out, args)
    recorded = MODE.get().grad_enabled
    node.op = (symbol(op, params) if params else op.symbol) if recorded else ""
    node.parents, node.local_grads = (args, local) if recorded else ((), ())
    return node


def _lifted(op: Op, args: tuple) -> tuple:
    """The arguments as Values (numbers become Constant leaves), and the kind of node they make."""
    if len(args) == 2:  # the usual case, x * 2, without building a list
        x, y = lift(args[0], op.name), lift(args[1], op.name)
        return (x, y), Constant if type(x) is Constant and type(y) is Constant else Value
    args = tuple([lift(arg, op.name) for arg in args])
    return args, Constant if all(type(arg) is Constant for arg in args) and args else Value


def lift(x, who: str) -> Value:
    """`x` itself if it is a Value, else the number as a Constant leaf (or an error naming `who`)."""
    if type(x) is Value or isinstance(x, Value):
        return x
    constant = _new(Constant)
    constant.data, constant.label, constant.op, constant.parents, constant.local_grads = (
        as_float(x, who),
        "",
        "",
        (),
        (),
    )
    return constant


def _data(x) -> float:
    return x.data if isinstance(x, Value) else as_float(x, "compare")
