"""Value, the scalar node; `apply`, which defines how every node is made; and `backward`: the chain rule, written once.

A node records its parents (a tuple, in argument order) and the local derivative along each
edge (floats, computed when the node is made). `backward` walks the graph in reverse
topological order and adds upstream * local into each parent.

A node keeps its first two edges in four slots, parents `_x`, `_y` and their local derivatives
`_dx`, `_dy`, rather than in two tuples: one object per node instead of three, which halves the
memory of a graph and cuts the cyclic garbage collector's work while a forward pass builds it.
`.parents` and `.local_grads` read them back as tuples. A node with more parents (sum, dot)
keeps them as tuples in `_x` and `_dx`, with `_y` set to graph.MANY; a leaf has `_x` None.

`apply` is the definition. The operators and the one-argument methods (`x * y`, `x - 1`, `2 / x`,
`x.tanh()`) make their node themselves when nothing unusual is going on, several times faster
(see method(), __add__, __mul__); tests/test_value.py checks over random inputs, in every mode, that
they make exactly the node `apply` makes, or raise the same error.

An op's node object comes from `pool.take()`: a new object, or inside `recycle_nodes()` the node of
a graph the program has dropped (pool.py); every slot is set right after, as for a new one.
"""

from __future__ import annotations

from operator import attrgetter

from . import errors, mistakes, pool, watch
from .errors import as_float, short
from .graph import MANY, WALKING, interior_and_leaves
from .mode import MODE, NORMAL
from .ops import OPS, Op, symbol
from .scalar import Scalar

_new, _mode, _grad = object.__new__, MODE.get, attrgetter("grad")
POW_CONST = OPS["pow_const"]


def method(name: str, mirrored: bool = False):
    """The Value method of the op `name`: `x.tanh()` is `apply(OPS["tanh"], x)`, `x - y` is apply(op, x, y); with
    `mirrored`, the reflected operator, for a number on the left: `2 - x` (x.__rsub__(2)) is apply(op, 2, x).

    A method of a one- or two-argument op makes the node right here when it can (self a Value, no mode switched
    on; a number becomes a Constant leaf, as apply makes it), without apply's general checks; tests/test_value.py
    checks over random inputs that both make the same node. (So do __add__ and __mul__, below.)
    """
    op = OPS[name]
    fn, made = op.fn, op.symbol
    if op.params or op.arity > 2:

        def call(self, *args, **params):
            return apply(op, self, *args, params=params)

    elif op.arity == 2:

        def call(self, other):
            if type(self) is Value and _mode() is NORMAL:
                x, y = (lift(other, name), self) if mirrored else (self, lift(other, name))
                try:
                    out, (dx, dy) = fn(x.data, y.data)
                except (ArithmeticError, ValueError):
                    return apply(op, x, y)  # the error naming the operands
                if out == out:
                    node = pool.take()
                    node.data, node.grad, node.label = out, 0.0, ""
                    node.op, node._x, node._y = made, x, y
                    node._dx, node._dy, node._mark = dx, dy, None
                    return node
            return apply(op, other, self) if mirrored else apply(op, self, other)

    else:

        def call(self):
            if type(self) is Value and _mode() is NORMAL:
                try:
                    out, (dx,) = fn(self.data)
                except (ArithmeticError, ValueError):
                    return apply(op, self)  # the error naming the operand (or a wrong number of derivatives)
                if out == out:
                    node = pool.take()
                    node.data, node.grad, node.label = out, 0.0, ""
                    node.op, node._x, node._y = made, self, None
                    node._dx, node._mark = dx, None
                    return node
            return apply(op, self)

    call.__name__ = call.__qualname__ = f"__r{op.method[2:]}" if mirrored else op.method
    call.__doc__ = f"{op.reads(dict(zip(op.args, op.args)))} as a node. {op.rule}"
    return call


class Value(Scalar):
    """A scalar that remembers how it was made, so its gradient can flow back (float(), comparisons
    and its repr: scalar.py)."""

    __slots__ = ("data", "grad", "label", "op", "_x", "_y", "_dx", "_dy", "_mark", "__weakref__")

    def __init__(self, data, label: str = "", requires_grad: bool = True):
        self.data = data if type(data) is float and data == data else as_float(data, "Value")
        self.grad = 0.0
        if type(label) is not str:
            raise TypeError(f"Value: label must be a str, got {short(label)}")
        self.label, self.op = label, ""
        self._x, self._y, self._mark = None, None, None
        if requires_grad is not True:
            if requires_grad is not False:
                raise TypeError(f"Value: requires_grad must be True or False, got {short(requires_grad)}")
            try:
                self.__class__ = Constant  # same slots; only its gradient behaves differently
            except TypeError:  # a subclass that adds attributes (a __dict__ or slots) cannot become one
                raise TypeError(f"{type(self).__name__}: a Value subclass with attributes of its own cannot be a "
                                "constant; use Value(data, requires_grad=False)") from None  # fmt: skip

    @property
    def parents(self) -> tuple:
        """The Values this node was made from, in argument order (`x * x` has two); () for a leaf."""
        x, y = self._x, self._y
        if y is None:
            return () if x is None else (x,)
        return x if y is MANY else (x, y)

    @property
    def local_grads(self) -> tuple:
        """d self / d parent_i for each parent, recorded when the node was made."""
        x, y = self._x, self._y
        if y is None:
            return () if x is None else (self._dx,)
        return self._dx if y is MANY else (self._dx, self._dy)

    @local_grads.setter
    def local_grads(self, grads) -> None:
        _link(self, self.parents, tuple(grads))

    def detach(self) -> Value:
        """A leaf with the same data and label, cut off from the graph."""
        return Value(self.data, self.label, self.requires_grad)

    # Arithmetic: every operator is one entry of the op table (see ops.py); the two most used are
    # written out (as method() makes them, with the op's math inline: no call to add or mul).
    def __add__(self, other):
        if type(other) is Value and _mode() is NORMAL:
            out = self.data + other.data
            if out == out:
                node = pool.take()
                node.data, node.grad, node.label = out, 0.0, ""
                node.op, node._x, node._y = "+", self, other
                node._dx, node._dy, node._mark = 1.0, 1.0, None
                return node
        return _add(self, other)  # a number, a Constant, a mode switched on

    def __mul__(self, other):
        if type(other) is Value and _mode() is NORMAL:
            x, y = self.data, other.data
            out = x * y
            if out == out:
                node = pool.take()
                node.data, node.grad, node.label = out, 0.0, ""
                node.op, node._x, node._y = "*", self, other
                node._dx, node._dy, node._mark = y, x, None
                return node
        return _mul(self, other)

    __sub__, __truediv__ = method("sub"), method("truediv")
    __radd__, __rsub__, __rmul__, __rtruediv__, __rpow__ = (
        method(n, True) for n in ("add", "sub", "mul", "truediv", "pow")
    )

    def __pow__(self, other):
        if isinstance(other, Value):
            return _pow(self, other)
        return apply(POW_CONST, self, params={"k": as_float(other, "pow")})  # a number exponent is a parameter

    __neg__, exp, log, tanh, sigmoid, relu = map(method, ("neg", "exp", "log", "tanh", "sigmoid", "relu"))
    __abs__ = abs = method("abs")

    def backward(self, grad: float = 1.0, *, hook=None) -> None:
        """Fill `.grad` of every node behind this one with d self / d node.

        Leaves accumulate across calls, as in PyTorch; interior nodes are reset first, so they
        hold the gradient of this call only. `hook(child, i, parent_grad_before)` is called
        after each edge is applied; the teaching trace uses it to watch this very loop.
        """
        seed = errors.seed(grad)
        with WALKING:  # threads whose graphs share nodes take turns: each pass is whole
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
        pool.backpropagated()


pool.use(Value)
_add, _mul, _pow = method("add"), method("mul"), method("pow")  # with a number, a Constant, or a mode on


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
    """`chain_rule` with nothing to tell: the same arithmetic in the same order, read straight from the
    edge slots. tests/test_value.py checks over random graphs that both leave exactly the same gradients."""
    for node in reversed(order):
        upstream = node.grad
        if upstream == 0.0:
            continue
        if upstream - upstream:
            errors.nonfinite_gradient(node)
        x, y = node._x, node._y
        if y is None:
            x.grad += upstream * node._dx
        elif y is not MANY:
            x.grad += upstream * node._dx
            y.grad += upstream * node._dy
        else:
            for parent, local in zip(x, node._dx):
                parent.grad += upstream * local


def apply(op: Op, *args, params: dict | None = None) -> Value:
    """The node `op(*args)`: the one place where every node is made, in three steps.

    `params` are the op's constant parameters (the k of x ** k): numbers kept in the node's `.op`.
    """
    # 1. Unwrap: each argument a Value; a number becomes a Constant leaf, so the picture shows the 2
    #    in x * 2, and a node made only of Constants is a Constant. An n-ary node's many parents are
    #    read as they are, and lifted only when a number is among them.
    if not op.nary:
        args = tuple([lift(arg, op.name) for arg in args])
    try:
        data = [arg.data for arg in args]
    except AttributeError:  # a number among an n-ary node's parents
        args = tuple([lift(arg, op.name) for arg in args])
        data = [arg.data for arg in args]
    kind = Constant if args and type(args[0]) is Constant and all(type(a) is Constant for a in args) else Value
    # 2. Forward: floats in, the output and the local derivative along each edge out.
    try:
        arguments = (data,) if op.nary else data
        out, local = op.fn(*arguments, **params) if params else op.fn(*arguments)
    except (ArithmeticError, ValueError) as error:
        out, local = errors.op_failed(error, args, op, params)  # IEEE mode's result, or the error in names
    except TypeError:
        if not op.nary or all(type(arg) is Value for arg in args):
            raise
        return apply(op, *[lift(arg, op.name) for arg in args], params=params)  # a .data that is no float
    # 3. History: the parents and local derivatives, kept for backward unless gradients are off.
    node = pool.take() if kind is Value else _new(kind)
    node.data, node.grad, node.label = out, 0.0, ""
    node._mark = None
    if out != out or _mode() is not NORMAL:
        errors.check_result(op.name, out, args)
        if not _mode().grad_enabled:
            node.op, node._x, node._y = "", None, None
            return node
    node.op = symbol(op, params) if params else op.symbol
    if op.nary and len(args) == len(local) > 2:  # sum and dot: their tuples as they are
        node._x, node._y, node._dx = args, MANY, local
    else:
        _link(node, args, local)
    return node


def _link(node: Value, parents: tuple, local: tuple) -> None:
    """Keep the edges in the node's slots: one or two in `_x`, `_y`, `_dx`, `_dy`; more as tuples."""
    n = len(parents)
    if n != len(local) and n:  # (a node without parents, made under no_grad, keeps none)
        raise ValueError(f"{node.op}: {len(local)} local derivatives for {n} parents; an op gives one per argument")
    if n > 2:
        node._x, node._y, node._dx = parents, MANY, tuple(local)
    elif n == 2:
        (node._x, node._y), (node._dx, node._dy) = parents, local
    else:  # one parent, or none
        node._x, node._y, node._dx = (parents[0], None, local[0]) if n else (None, None, None)


def lift(x, who: str) -> Value:
    """`x` itself if it is a Value, else the number as a Constant leaf (or an error naming `who`)."""
    if type(x) is Value or isinstance(x, Value):
        return x
    constant = _new(Constant)
    constant.data, constant.label, constant.op = as_float(x, who), "", ""
    constant._x, constant._y, constant._mark = None, None, None
    return constant
