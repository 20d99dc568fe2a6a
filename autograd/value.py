"""Value, the scalar node, and `backward`: the chain rule, written once.

A node records its parents (a tuple, in argument order) and the local derivative along each
edge (floats, computed when the node is made). `backward` walks the graph in reverse
topological order and adds upstream * local into each parent.
"""

from __future__ import annotations

import numbers
import warnings
import weakref

from .mode import MODE, NORMAL
from .ops import OPS, lookup, pow_symbol

_new = object.__new__
_ADD, _SUB, _MUL, _DIV, _POW = OPS["add"], OPS["sub"], OPS["mul"], OPS["truediv"], OPS["pow"]
_NEG, _ABS, _EXP, _LOG, _TANH = OPS["neg"], OPS["abs"], OPS["exp"], OPS["log"], OPS["tanh"]
_POW_CONST = OPS["pow_const"]
_SIGMOID, _RELU, _SQRT, _SIN, _COS = OPS["sigmoid"], OPS["relu"], OPS["sqrt"], OPS["sin"], OPS["cos"]


class Value:
    """A scalar that remembers how it was made, so its gradient can flow back."""

    __slots__ = ("data", "grad", "label", "op", "parents", "local_grads", "__weakref__")
    __array_ufunc__ = None  # numpy scalars on the left defer to Value's reflected operators

    def __init__(self, data, label: str = ""):
        self.data = data if type(data) is float and data == data else as_float(data, "Value")
        self.grad = 0.0
        if type(label) is not str:
            raise TypeError(f"Value: label must be a str, got {short(label)}")
        self.label = label
        self.op = ""
        self.parents = ()
        self.local_grads = ()

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("label", "op") if getattr(self, k))
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"

    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        """The float inside (PyTorch's name)."""
        return self.data

    def detach(self) -> Value:
        """A leaf with the same data and label, cut off from the graph."""
        return Value(self.data, self.label)

    # Arithmetic: every operator is one entry of the op table (see ops.py).
    def __add__(self, other):
        return _binary(_ADD, self, other)

    def __radd__(self, other):
        return _binary(_ADD, _lift(other, _ADD), self)

    def __sub__(self, other):
        return _binary(_SUB, self, other)

    def __rsub__(self, other):
        return _binary(_SUB, _lift(other, _SUB), self)

    def __mul__(self, other):
        return _binary(_MUL, self, other)

    def __rmul__(self, other):
        return _binary(_MUL, _lift(other, _MUL), self)

    def __truediv__(self, other):
        return _binary(_DIV, self, other)

    def __rtruediv__(self, other):
        return _binary(_DIV, _lift(other, _DIV), self)

    def __pow__(self, other):
        if type(other) is Value:
            return _binary(_POW, self, other)
        return _pow_const(self, as_float(other, "pow"))

    def __rpow__(self, other):
        return _binary(_POW, _lift(other, _POW), self)

    def __neg__(self):
        return _unary(_NEG, self)

    def __abs__(self):
        return _unary(_ABS, self)

    def exp(self):
        return _unary(_EXP, self)

    def log(self):
        return _unary(_LOG, self)

    def tanh(self):
        return _unary(_TANH, self)

    def sigmoid(self):
        return _unary(_SIGMOID, self)

    def relu(self):
        return _unary(_RELU, self)

    def sqrt(self):
        return _unary(_SQRT, self)

    def sin(self):
        return _unary(_SIN, self)

    def cos(self):
        return _unary(_COS, self)

    abs = __abs__

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

    def backward(self, grad: float = 1.0, *, hook=None) -> None:
        """Fill `.grad` of every node behind this one with d self / d node.

        Leaves accumulate across calls, as in PyTorch; interior nodes are reset first, so they
        hold the gradient of this call only. `hook(child, i, parent_grad_before)` is called
        after each edge is applied; the teaching trace uses it to watch this very loop.
        """
        grad = as_float(grad, "backward")
        if grad - grad:
            grad = _nonfinite_seed(grad)
        global _backward_calls
        _backward_calls += 1
        stale = _stale_gradients() if _AFTER_STEP else None
        if _ROOTS.get(self) == _zeroings:
            warnings.warn(_AGAIN, stacklevel=2)
        order = topological_order(self, leaves=False)
        for node in order:
            node.grad = 0.0
        self.grad = grad if order else self.grad + grad
        mode = MODE.get()
        if hook is None and mode is NORMAL:
            _chain_rule(order)
        else:
            _chain_rule_observed(order, hook, mode)
        _ROOTS[self] = _zeroings
        global _last_root_data
        _last_root_data = self.data
        if stale:
            _warn_if_added_up(stale)


# Bookkeeping for the warnings about common mistakes. It runs once per backward() call, per
# zero_grad() and per optimizer step, never per node or edge.
_AGAIN = (
    "backward() called again on the same graph with no zero_grad() since: leaf gradients add up "
    "(now counted twice). Call zero_grad() first if you meant a fresh gradient."
)
_ADDED_UP = (
    "the gradients from before the last step() were not zeroed, so this backward() added to them. "
    "Call optimizer.zero_grad() (or model.zero_grad()) before backward() in each step."
)
_backward_calls = 0  # backward() calls so far: an optimizer asks whether one ran since its last step
_last_root_data = 0.0  # the value of the latest backward()'s root (a loss of exactly 0 has no gradient)
_zeroings = 0  # official zero_grad() calls so far (autograd's, a Module's or an Optimizer's)
_ROOTS = weakref.WeakKeyDictionary()  # root -> _zeroings when it was last backpropagated
_AFTER_STEP = {}  # id(optimizer) -> weak reference: optimizers that stepped, checked by the next backward()


def gradients_zeroed() -> None:
    """Record an official zero_grad(): a second backward() of the same root is then a fresh gradient."""
    global _zeroings
    _zeroings += 1


def last_backward() -> tuple[int, float]:
    """How many times backward() has run, and the value of the latest root (optimizers check both)."""
    return _backward_calls, _last_root_data


def check_after_step(optimizer) -> None:
    """Ask the next backward() to warn if it adds to gradients left over from `optimizer`'s step().

    `optimizer.params` is its list of Values. Held by a weak reference: a forgotten optimizer is freed.
    """
    key = id(optimizer)
    if key not in _AFTER_STEP:
        _AFTER_STEP[key] = weakref.ref(optimizer, lambda _, key=key: _AFTER_STEP.pop(key, None))


def _stale_gradients() -> list:
    """Per stepped optimizer, the (parameter, gradient) pairs still nonzero; zeroed optimizers are done."""
    stale = []
    for key, ref in list(_AFTER_STEP.items()):
        optimizer = ref()
        left = [(p, p.grad) for p in getattr(optimizer, "params", ()) if p.grad]
        if left:
            stale.append((key, left))
        else:
            del _AFTER_STEP[key]  # zeroed since its step (or gone): nothing to check
    return stale


def _warn_if_added_up(stale: list) -> None:
    # Only a backward that reached those parameters did harm; otherwise keep watching them.
    for key, left in stale:
        if any(p.grad != before for p, before in left):
            _AFTER_STEP.pop(key, None)
            warnings.warn(_ADDED_UP, stacklevel=3)
            return


def _nonfinite_seed(grad: float) -> float:
    if not MODE.get().ieee:
        raise ValueError(f"backward: the seed gradient must be finite, got {grad!r}")
    return grad


def _chain_rule(order: list) -> None:
    """The backward pass: children before parents, dL/dparent += dL/dchild * dchild/dparent."""
    for node in reversed(order):
        upstream = node.grad
        if upstream == 0.0:
            continue  # nothing flows back through this node (a dead ReLU stops here)
        if upstream - upstream:  # inf or nan: inf - inf is nan, and nan is truthy
            _nonfinite_gradient(node)
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += upstream * local


def _chain_rule_observed(order: list, hook, mode) -> None:
    """`_chain_rule`, edge by edge, for a hook, anomaly mode or IEEE mode. Same arithmetic."""
    for node in reversed(order):
        upstream = node.grad
        if upstream - upstream and not mode.ieee:
            _nonfinite_gradient(node)
        for i, (parent, local) in enumerate(zip(node.parents, node.local_grads)):
            before = parent.grad
            if upstream != 0.0:
                parent.grad = before + upstream * local
            if mode.anomaly and parent.grad - parent.grad and not before - before:
                _anomaly_in_backward(node, i, before)
            if hook is not None:
                hook(node, i, before)


def topological_order(root: Value, leaves: bool = True) -> list:
    """Every node behind `root`, each after all its parents: leaves first, root last.

    Iterative depth-first search (no recursion limit) that visits each node once.
    With `leaves=False` only interior nodes are listed: that is what backward walks.
    """
    if type(root) is not Value:
        raise TypeError(f"topological_order: expected a Value, got {short(root)}")
    order = []
    if not (leaves or root.parents):
        return order
    seen = {root}
    done = seen.issuperset
    stack = [(root, iter(root.parents))]
    try:  # free in Python 3.11 until something that is not a Value turns up among the parents
        while stack:
            node, pending = stack[-1]
            for parent in pending:
                if parent in seen:
                    continue
                seen.add(parent)
                parents = parent.parents
                if not parents:
                    if leaves:
                        order.append(parent)
                elif done(parents):
                    # All its parents are seen, so all are ordered (in a DAG no parent of a new node is
                    # still on the stack): it is finished now. The check runs in C, so the wide `dot`
                    # nodes that share inputs cost no Python work per edge.
                    order.append(parent)
                else:
                    stack.append((parent, iter(parents)))
                    break
            else:
                stack.pop()
                order.append(node)
    except (AttributeError, TypeError):
        _foreign_parent(stack[-1][0])
        raise
    return order


def _foreign_parent(node) -> None:
    """Name the parent of `node` that is not a Value (say, a micrograd Value or a tensor handed to `dot`)."""
    for parent in getattr(node, "parents", ()):
        if type(parent) is not Value:
            raise TypeError(
                f"{node.op}: a parent of this node is {short(parent)}, which is not a chainrule Value; "
                "give ops chainrule Values or plain numbers"
            ) from None


# Building nodes -----------------------------------------------------------------------------


def _binary(op, x: Value, y) -> Value:
    if type(y) is not Value:
        y = _lift(y, op)
    try:
        out, local = op.fn(x.data, y.data)
    except (ArithmeticError, ValueError) as error:
        out, local = _op_failed(error, (x, y))
    return _node(out, op.symbol, (x, y), local)


def _unary(op, x: Value) -> Value:
    """A one-parent node."""
    try:
        out, local = op.fn(x.data)
    except (ArithmeticError, ValueError) as error:
        out, local = _op_failed(error, (x,))
    return _node(out, op.symbol, (x,), local)


def _pow_const(x: Value, k: float) -> Value:
    """x ** k for a number k: one edge, to x (the exponent is not a node; it lives in `.op`)."""
    try:
        out, local = _POW_CONST.fn(x.data, k)
    except (ArithmeticError, ValueError) as error:
        out, local = _op_failed(error, (x,))
    return _node(out, pow_symbol(k), (x,), local)


def _node(data: float, symbol: str, parents: tuple, local_grads: tuple) -> Value:
    """A new interior node: the one place nodes are made, so the modes are checked once."""
    node = _new(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    if data == data and MODE.get() is NORMAL:
        node.op = symbol
        node.parents = parents
        node.local_grads = local_grads
        return node
    return _node_in_mode(node, symbol, parents, local_grads)


def _node_in_mode(node: Value, symbol: str, parents: tuple, local_grads: tuple) -> Value:
    mode = MODE.get()
    data = node.data
    if data != data and not mode.ieee:
        raise ValueError(f"{lookup(symbol)[0].name}: the result is nan for {_describe(parents)}")
    if mode.anomaly and data - data:
        raise FloatingPointError(f"detect_anomaly: {lookup(symbol)[0].name} made {data!r} from {_describe(parents)}")
    if mode.grad_enabled:
        node.op, node.parents, node.local_grads = symbol, parents, local_grads
    else:
        node.op, node.parents, node.local_grads = "", (), ()
    return node


def _op_failed(error: Exception, parents: tuple) -> tuple:
    """IEEE mode takes the op's IEEE result; otherwise re-raise, naming the operands' labels."""
    if MODE.get().ieee and hasattr(error, "ieee"):
        return error.ieee
    labels = [f"'{p.label}'" for p in parents if p.label]
    where = f" (operand {', '.join(labels)})" if labels else ""
    raise type(error)(f"{error}{where}") from None


# Numbers in, errors out ---------------------------------------------------------------------


def as_float(x, op: str) -> float:
    """`x` as a float, or a TypeError/ValueError naming `op` and the bad value."""
    if type(x) is float:
        if x != x and not MODE.get().ieee:
            raise ValueError(f"{op}: got nan; chainrule refuses nan (use autograd.ieee_mode() to allow it)")
        return x
    if type(x) is int:
        try:
            return float(x)
        except OverflowError:
            raise ValueError(f"{op}: the int {short(x)} is too large for a float") from None
    if isinstance(x, (bool, str, bytes, complex)) or x is None or type(x).__name__ in ("bool", "bool_"):
        raise TypeError(f"{op}: expected a real number, got {short(x)}")
    if isinstance(x, numbers.Complex) and not isinstance(x, numbers.Real):
        raise TypeError(f"{op}: expected a real number, got the complex {short(x)}")
    try:
        number = float(x)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{op}: expected a real number, got {short(x)}") from None
    return as_float(number, op)  # a nan that came through float() is still refused as nan


def _lift(x, op) -> Value:
    """A number as a constant leaf, so `x + 2` shows the 2 in the picture."""
    if type(x) is Value:
        return x
    return Value(as_float(x, op.name))


def _data(x) -> float:
    return x.data if type(x) is Value else as_float(x, "compare")


def shown(x) -> str:
    """`repr(x)` cut to a readable length, for error messages about anything a user may pass."""
    try:
        text = repr(x)
    except (RecursionError, ValueError):  # nested thousands deep, or an int too long to print
        return f"a very large {type(x).__name__}"
    return text if len(text) <= 60 else f"{text[:40]}...{text[-10:]}"


def short(x) -> str:
    """`shown(x)` with its type: "'a' (str)"."""
    return f"{shown(x)} ({type(x).__name__})"


def _describe(nodes) -> str:
    return ", ".join(f"{n.label or 'operand'} = {n.data!r}" for n in nodes)


def _nonfinite_gradient(node: Value) -> None:
    name = f"'{node.label}'" if node.label else f"a {node.op or 'leaf'} node"
    raise FloatingPointError(
        f"backward: the gradient reaching {name} (data = {node.data!r}) is {node.grad!r}; "
        "run backward under autograd.detect_anomaly() to find the op that made it"
    )


def _anomaly_in_backward(node: Value, i: int, before: float) -> None:
    parent, local = node.parents[i], node.local_grads[i]
    op = lookup(node.op)[0].name
    raise FloatingPointError(
        f"detect_anomaly: backward through {op} node '{node.label or node.op}' (inputs {_describe(node.parents)}) "
        f"made the gradient of input {i} '{parent.label or parent.op or 'leaf'}' {parent.grad!r}: "
        f"{before!r} + upstream {node.grad!r} * local {local!r}"
    )
