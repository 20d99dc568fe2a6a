"""Number checks and the engine's error messages, so that the core reads as the math it does.

Every message names the op and the value at fault, in one line, as Python's `math` module does.
"""

from __future__ import annotations

import math
import numbers
import re
import sys

from .messages import text as msg
from .mode import MODE


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


def as_float(x, op: str) -> float:
    """`x` as a float, or a TypeError/ValueError naming `op` and the bad value."""
    if type(x) is float:
        if x != x and not MODE.get().ieee:
            raise ValueError(msg("nan", op=op))
        return x
    if type(x) is int:
        try:
            return float(x)
        except OverflowError:
            raise _overflow(x, op) from None
    if isinstance(x, (bool, str, bytes, complex)) or x is None or type(x).__name__ in ("bool", "bool_"):
        raise TypeError(msg("not_real", op=op, got=short(x)))
    if isinstance(x, numbers.Complex) and not isinstance(x, numbers.Real):
        raise TypeError(msg("complex", op=op, got=short(x)))
    try:
        number = float(x)
    except OverflowError:  # Fraction(10**400, 3): a real number, beyond the largest float
        raise _overflow(x, op) from None
    except (TypeError, ValueError):
        raise TypeError(msg("not_real", op=op, got=short(x))) from None
    if number in (math.inf, -math.inf) and _finite(x):  # Decimal("1e400") rounds to inf without a word
        raise _overflow(x, op)
    return as_float(number, op)  # a nan that came through float() is still refused as nan


def _overflow(x, op: str) -> ValueError:
    return ValueError(msg("too_large", op=op, kind=type(x).__name__, value=shown(x), most=sys.float_info.max))


def _finite(x) -> bool:
    """True if the number `x` itself is finite (it then overflowed on its way to a float)."""
    try:
        return bool(x == x and x not in (math.inf, -math.inf))
    except (TypeError, ValueError, ArithmeticError):
        return False


def labels(nodes, who: str) -> tuple:
    """Each node's `.label` as a str, for the tools that write labels out (explain, draw, stepper, compile).

    `.label` is free text that any code may reassign, and Value keeps no check on assignment (its
    slots are the engine's hot path). A str subclass reads as its str; anything else is a TypeError
    naming `who`, the node, and what the label is, before the tool has written anything.
    """
    found = tuple(node.label for node in nodes)
    if set(map(type, found)) <= _STR:
        return found
    for node, label in zip(nodes, found):
        if not isinstance(label, str):
            raise bad_label(who, node)
    return tuple(str.__str__(label) for label in found)


_STR = frozenset({str})


def bad_label(who: str, node) -> TypeError:
    """The error for a node whose `.label` is not text: v.label = 3, None, or a list."""
    what = msg("the_node", op=node.op) if getattr(node, "op", "") else msg("a_leaf")
    return TypeError(msg("bad_label", who=who, got=short(node.label), what=what, data=node.data))


def fail(kind: type, message: str, ieee: tuple) -> Exception:
    """An error like Python's `math` raises, carrying the IEEE result `(output, local derivatives)`."""
    error = kind(message)
    error.ieee = ieee
    return error


def domain(op: str, need: str, x: float, ieee: tuple) -> Exception:
    """`log: math domain error, log(x) needs x > 0, got x = 0.0`."""
    return fail(ValueError, msg("domain", op=op, need=need, x=x), ieee)


def op_failed(error: Exception, parents: tuple, op=None, params: dict | None = None) -> tuple:
    """IEEE mode takes the op's IEEE result; otherwise re-raise in the student's names (see `in_names`)."""
    if MODE.get().ieee and hasattr(error, "ieee"):
        return error.ieee
    raise type(error)(in_names(str(error), parents, op, error, params)) from None


# Errors in the student's names ----------------------------------------------------------------
# An op's message speaks of its own arguments (`x / y`, `exp needs x < 709.78`). The student wrote
# `y / x` or `exp(2*x)`: the message is retold with their operands, by label or sub-expression.

LONGEST = 40  # a sub-expression longer than this is shortened: the message stays one readable line


def in_names(message: str, parents: tuple, op=None, error: Exception | None = None, params: dict | None = None) -> str:
    """`message` with the op's argument names replaced by the operands as the student wrote them:
    `division by zero: in y / x the divisor x is 0.0`; `exp: ... for 2 * x = 1000.0 ..., in exp(2 * x)`."""
    if op is None or not op.args or len(op.args) != len(parents):
        labels = [f"'{p.label}'" for p in parents if getattr(p, "label", "")]
        return msg("operands", message=message, labels=", ".join(labels)) if labels else message
    parts = [_written(p, 3) for p in parents]
    names = dict(zip(op.args, (text for text, _ in parts)))
    expression = reads(op, list(names.values()), params or {}, [level for _, level in parts])
    if isinstance(error, ZeroDivisionError) and op.name == "truediv":
        dividend, divisor = (names[a] for a in op.args)
        also = "" if _is_number(dividend) else msg("dividend", name=dividend, value=parents[0].data)
        if _is_number(divisor):
            return msg("divisor_number", expression=expression, value=parents[1].data, dividend=also)
        return msg("divisor_named", expression=expression, divisor=divisor, value=parents[1].data, dividend=also)
    renamed = {arg: text for arg, text in names.items() if text != arg}
    if not renamed:
        return message
    told = message
    for arg, text in renamed.items():  # a number operand only where its value is given: "x = 2.0" -> "2.0"
        where = r"(?= = -?(?:\d|inf|nan))" if _is_number(text) else r"(?![\w(])"
        told = re.sub(r"(?<![\w.])" + re.escape(arg) + where, lambda m, text=text: f"\x00{text}\x00", told)
    told = _SAME_NUMBER.sub(_one_number, told.replace("\x00", ""))
    return told if expression in told else msg("in_expression", message=told, expression=expression)


_SAME_NUMBER = re.compile(r"(?<![\w.])(-?(?:\d[\d.]*(?:e[-+]?\d+)?|inf|nan)) = (-?(?:\d[\d.]*(?:e[-+]?\d+)?|inf|nan))")


def _one_number(match) -> str:
    """`2 = 2.0` (a number operand named by itself) reads as `2.0`."""
    left, right = match.groups()
    return right if _is_number(left) and _is_number(right) and float(left) == float(right) else match.group()


def reads(op, texts: list, params: dict, levels: list | None = None) -> str:
    """The node `op(texts)` as written, operands in parentheses only where needed: `x * w + 1`, `exp(2 * x)`,
    `y / (a - b)`. `levels` are how tightly each operand binds (see `_LEVEL`; a bare name binds tightest)."""
    marks = [f"\x00{i}\x00" for i in range(len(texts))]
    numbers = {key: _number(value) for key, value in params.items()}
    form = op.reads({**dict(zip(op.args, marks)), **numbers}) if op.args else op.reads({"args": marks, **numbers})
    need = _LEVEL.get(op.name, 4)
    for i, (mark, text) in enumerate(zip(marks, texts)):
        at = form.find(mark)
        alone = at > 0 and form[at - 1] in "(," and form[at + len(mark) : at + len(mark) + 1] in (")", ",")
        level = levels[i] if levels else (4 if " " not in text and not text.startswith("-") else 0)
        wrap = not alone and (level < need or (level == need and i > 0 and op.name in _ORDERED))
        form = form.replace(mark, f"({text})" if wrap else text)
    return form


_LEVEL = {"add": 1, "sub": 1, "mul": 2, "truediv": 2, "neg": 2, "pow": 3, "pow_const": 3}  # else 4: calls, names
_ORDERED = {"sub", "truediv", "pow"}  # a - (b - c) needs its parentheses; a + (b + c) does not


def written(node, depth: int = 3) -> str:
    """How the student wrote a node: its label, its number, or (unlabelled) its expression: `2 * x`."""
    return _written(node, depth)[0]


def _written(node, depth: int) -> tuple[str, int]:
    label = getattr(node, "label", "")
    if label:
        return label, 4
    parents = getattr(node, "parents", ())
    if not parents:
        text = _number(node.data)
        return text, 2 if text.startswith("-") else 4
    from .ops import lookup  # the table imports this module, so it is looked up when an error is written

    op, params = lookup(node.op)
    if depth == 0:
        return "...", 4  # deeper than a message needs: x + x + ... reads as "... + x + x"
    parts = [_written(p, depth - 1) for p in parents]
    text = reads(op, [t for t, _ in parts], params, [level for _, level in parts])
    return (text if len(text) <= LONGEST else f"{text[: LONGEST - 3]}..."), _LEVEL.get(op.name, 4)


def _number(x) -> str:
    if not isinstance(x, float):
        return str(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def describe(nodes) -> str:
    """The operands of a failed op: `x = inf, operand = 0.0` (a plain number is just an operand)."""
    parts = []
    for node in nodes:
        name = written(node)
        parts.append(f"{msg('operand') if _is_number(name) else name} = {node.data!r}")
    return ", ".join(parts)


def check_result(name: str, data: float, parents: tuple) -> None:
    """A nan result outside IEEE mode, or any nan/inf under detect_anomaly, raises naming the op."""
    mode = MODE.get()
    if data != data and not mode.ieee:
        raise ValueError(msg("nan_result", op=name, operands=describe(parents)))
    if mode.anomaly and data - data:
        raise FloatingPointError(msg("anomaly_forward", op=name, data=data, operands=describe(parents)))


def seed(grad) -> float:
    """The gradient backward starts from: a finite float (IEEE mode also lets inf and nan through)."""
    grad = as_float(grad, "backward")
    if grad - grad and not MODE.get().ieee:
        raise ValueError(msg("seed", grad=grad))
    return grad


def nonfinite_gradient(node) -> None:
    """An inf or nan reached `node` in backward: raise, unless IEEE mode lets it flow on."""
    if MODE.get().ieee:
        return
    if node.label:
        name = msg("labelled", label=node.label)
    else:
        name = msg("op_node", op=node.op) if node.op else msg("leaf_node")
    raise FloatingPointError(msg("gradient_reaching", name=name, data=node.data, grad=node.grad))


def nonfinite_leaves(leaves: list, order: list) -> None:
    """After backward: a leaf whose gradient is inf or nan raises, naming it and the edges that made it."""
    if MODE.get().ieee:
        return
    for leaf in leaves:
        if leaf.grad - leaf.grad:
            edges = [
                msg("edge_into_leaf", op=child.op, label=" " + repr(child.label) if child.label else "",
                     upstream=child.grad, local=child.local_grads[i], product=child.grad * child.local_grads[i])
                for child in order
                for i, parent in enumerate(child.parents)
                if parent is leaf and child.grad
            ]  # fmt: skip
            name = msg("labelled", label=leaf.label) if leaf.label else msg("leaf_with_data", data=leaf.data)
            shown_edges = msg("list_separator").join(edges[:4])
            raise FloatingPointError(msg("leaf_gradient", name=name, grad=leaf.grad, n=len(edges), edges=shown_edges,
                                          more=" ..." if len(edges) > 4 else ""))  # fmt: skip


def anomaly_in_backward(name: str, child, i: int, before: float) -> FloatingPointError:
    """detect_anomaly: edge `i` of `child` (an op called `name`) made its parent's gradient inf or nan."""
    parent = child.parents[i]
    message = msg("anomaly_backward", op=name, node=child.label or child.op, operands=describe(child.parents), i=i,
                  parent=parent.label or parent.op or "leaf", grad=parent.grad, before=before, upstream=child.grad,
                  local=child.local_grads[i])  # fmt: skip
    return FloatingPointError(message)


def foreign_parent(node) -> None:
    """Name the parent of `node` that is not a Value (say, a micrograd Value or a tensor handed to `dot`)."""
    for parent in getattr(node, "parents", ()):
        if not isinstance(getattr(parent, "parents", None), tuple):
            raise TypeError(msg("foreign_parent", op=node.op, got=short(parent))) from None


def not_a_value(who: str, x, what: str | None = None) -> TypeError:
    return TypeError(msg("not_a_value", who=who, what=what or msg("a_value"), got=short(x)))
