"""Your own ops: `primitive` turns a float function into an op of the table, exactly as the built-in
ones are (a Value method, an `autograd` function, its rule for the teaching tools, compile);
`check_op` runs on any op the value and finite-difference checks the test suite runs on the built-ins;
`forget` undoes a `primitive`.
"""

from __future__ import annotations

import builtins
import inspect
import keyword
import math
import numbers
import random
import sys
from collections.abc import Callable, Iterable

from . import messages
from .errors import short
from .functions import _DEFAULTS, TAGS, _names, call_op, function
from .ops import _MADE, _SYMBOLS, OPS, Op, register
from .value import Value, apply, method


def primitive(name: str | Callable | None = None, *, rule: str = "", form: str | Callable = "",
              local: tuple | Callable = (), domain=None, avoid: tuple = (), constants: tuple = (),
              tags: Iterable = (), symbol: str = "", check: bool = True) -> Callable:  # fmt: skip
    """Register a float function `f(x, ..., p=default) -> (output, local derivatives)` as a new op.

        @autograd.primitive(local=("3 * {x}^2",))
        def cube(x):
            return x**3, (3 * x**2,)

    Arguments without defaults become the node's parents; arguments with defaults are constant
    parameters (numbers, or str). The op joins `autograd.OPS` and gets a Value method and an `autograd`
    function of its name (`x.cube()`, `autograd.cube(x)`), so traces, explanations, pictures, the stepper,
    the expression parser and `compile` know it as they know a built-in. `local` gives each argument's
    local derivative as text over {x} {y} (the arguments), {out} (the node) and the parameters; `rule`
    overrides the whole rule ("d/dx cube(x) = 3 x^2"); `domain` gives a (low, high) range per argument
    where the checks sample it, `avoid` the kinks they keep away from, `constants` sample parameter values.

    Checked when defined: the name must be free (a built-in op's name is an error; defining a user
    op again, as re-running a notebook cell does, replaces it), the function must return one float
    and one local derivative per argument, and those must agree with central differences at two
    points of `domain` (`check=False` skips the sampling, for an op that is wrong on purpose).
    Every call of a user's function is checked for the same shape. `autograd.check_op(name)` runs
    the full check; `autograd.forget(name)` removes the op again.
    """
    if callable(name):  # used bare: @autograd.primitive
        return primitive()(name)

    def define(fn: Callable) -> Callable:
        args, defaults = _arguments(fn)
        op_name = _free_name(name or getattr(fn, "__name__", ""))
        fields = {
            "form": form or _default_form(op_name, args, tuple(defaults)),
            "local": local or _default_local(op_name, args),
            "args": args,
            "params": tuple(defaults),
            "symbol": symbol,
            "rule": rule,
            "domain": _domain(op_name, domain, len(args)),
            "avoid": tuple(avoid),
            "constants": tuple(constants),
            "tags": _tags(op_name, tags),
        }
        op = _made(op_name, fn if _builtin(fn) else _checked(fn, op_name, args), fields)
        if check and not _builtin(fn):  # the catalogue is checked by the test suite, not at every import
            _sample(op, defaults)
        if op_name in OPS:
            forget(op_name)  # the same name defined again: the new definition replaces the old
        return _install(op, defaults)

    return define


def _arguments(fn) -> tuple[tuple, dict]:
    """(names of the arguments without defaults, {parameter: default}) of a primitive's function."""
    if not callable(fn):
        raise TypeError(f"primitive: expected a function, got {short(fn)}")
    who = f"primitive: {getattr(fn, '__name__', 'the function')}"
    args, defaults = [], {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(f"{who} takes *{p.name}; name each argument (x, y, ...), so each is one edge")
        if p.default is p.empty:
            if p.kind is p.KEYWORD_ONLY or defaults:
                raise TypeError(f"{who}: argument {p.name!r} has no default but comes after a parameter")
            args.append(p.name)
        elif isinstance(p.default, str) or isinstance(p.default, numbers.Real) and not isinstance(p.default, bool):
            defaults[p.name] = p.default
        else:
            raise TypeError(f"{who}: parameter {p.name!r} defaults to {short(p.default)}; give a number or a str")
    if not args:
        raise TypeError(f"{who} has no argument without a default; an op needs at least one input (x)")
    return tuple(args), defaults


def _builtin(fn) -> bool:
    """True for the catalogue in more_ops.py: chainrule's own functions are trusted to return floats."""
    return (getattr(fn, "__module__", None) or "").split(".")[0] == __package__  # None: made by exec


def _free_name(name: str) -> str:
    """`name`, if an op may take it: a built-in op's name or any other attribute of Value or autograd is refused;
    a user op of that name will be replaced (once the new definition has passed its checks), so that
    re-running a notebook cell works."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        raise ValueError(f"primitive: the op's name must be a Python name not starting with _, got {name!r}")
    if name in OPS:
        if not _user_op(OPS[name]):
            raise ValueError(f"primitive: {name!r} is a built-in op of chainrule; give yours another name, "
                             f"e.g. name='my_{name}'")  # fmt: skip
        return name  # its method and function are its own
    package = sys.modules.get(__package__)
    if hasattr(Value, name) or name in vars(package or Value) or name in getattr(package, "__all__", ()):
        raise ValueError(f"primitive: {name!r} is already a name of autograd or of Value; give the op another name")
    return name


def _user_op(op: Op) -> bool:
    return not _builtin(getattr(op.fn, "__wrapped__", op.fn))


def _default_form(name: str, args: tuple, params: tuple) -> str:
    return f"{name}({', '.join('{' + a + '}' for a in args + params)})"


def _default_local(name: str, args: tuple) -> tuple:
    """Without a `local`: "cube'(x)" for one argument, "∂f/∂x" for several, as a reader would write it."""
    if len(args) == 1:
        return (f"{name}'({{{args[0]}}})",)
    return tuple(f"∂{name}/∂{a}" for a in args)


def _domain(name: str, domain, arity: int) -> tuple:
    domain = ((-3.0, 3.0),) * arity if domain is None else tuple(domain)
    try:
        ok = len(domain) == arity and all(float(lo) < float(hi) for lo, hi in domain)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"primitive: {name}: domain must give one (low, high) range per argument, low < high, "
                         f"got {short(domain)}")  # fmt: skip
    return tuple((float(lo), float(hi)) for lo, hi in domain)


def _tags(name: str, tags: Iterable) -> frozenset:
    tags = frozenset([tags] if isinstance(tags, str) else tags)
    if not tags <= TAGS:
        raise ValueError(f"primitive: {name}: unknown tags {sorted(tags - TAGS)}; use some of {sorted(TAGS)}")
    return tags


def _made(name: str, fn: Callable, fields: dict) -> Op:
    """The Op, once its form and local texts are known to name only its arguments, "out" and its parameters."""
    names = {**{a: a for a in (*fields["args"], *fields["params"])}, "args": list(fields["args"]), "out": "out"}
    try:
        op = Op(name, fn, **fields)  # writes the rule from the texts
        op.reads(names)
        for i in range(op.arity):
            op.local_text(i, names)
    except (KeyError, IndexError) as error:
        known = ", ".join("{" + n + "}" for n in (*fields["args"], "out", *fields["params"]))
        used = "{" + str(error.args[0]) + "}"
        raise ValueError(f"primitive: {name}: its text uses {used}, but only {known} can be used") from None
    if not op.rule.startswith("d/d"):
        raise ValueError(f"primitive: {name}: a rule reads 'd/dx ... = ...', got {op.rule!r}")
    return op


def _checked(fn: Callable, name: str, args: tuple) -> Callable:
    """A user's function, wrapped so that each call's result is checked: one float, a local derivative per argument."""

    def checked(*values, **params):
        return result(name, args, fn(*values, **params))

    checked.__wrapped__ = fn
    checked.__name__, checked.__qualname__ = getattr(fn, "__name__", name), getattr(fn, "__qualname__", name)
    checked.__module__, checked.__doc__ = getattr(fn, "__module__", None), getattr(fn, "__doc__", None)
    return checked


def result(name: str, args: tuple, returned) -> tuple:
    """`returned` as (output, (local derivatives...)) of floats, or a TypeError saying what the function gave."""
    arity = len(args)
    want = f"(output, ({', '.join(f'd out/d {a}' for a in args)},))"
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        raise TypeError(f"{name}: the function must return {want}, got {short(returned)}")
    out, local = returned
    if not isinstance(local, (tuple, list)) or len(local) != arity:
        got = f"{len(local)} local derivatives" if isinstance(local, (tuple, list)) else short(local)
        raise TypeError(f"{name}: the function must return {want}: one local derivative per argument "
                        f"({arity}), got {got}")  # fmt: skip
    return _float(name, "output", out), tuple([_float(name, f"local derivative {i}", d) for i, d in enumerate(local)])


def _float(name: str, what: str, x) -> float:
    if type(x) is float:
        return x
    if isinstance(x, Value):
        raise TypeError(f"{name}: the function returned a Value as its {what}; a primitive computes with floats "
                        "(it gets x.data, not x): return plain numbers")  # fmt: skip
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name}: the function must return real numbers, got {short(x)} as its {what}")
    return float(x)


def _install(op: Op, defaults: dict) -> Callable:
    """Put `op` in the table, give Value its method and autograd its function; returns the function."""
    register(op, defaults if op.params else None)
    if op.params:
        _DEFAULTS[op.name] = dict(defaults)
    made = function(op.name)
    if op.params or op.arity > 1:

        def call(self, *args, **params):
            return call_op(op, (self, *args), params)

        call.__name__ = call.__qualname__ = op.method
        call.__doc__ = made.__doc__
        setattr(Value, op.method, call)
    else:
        setattr(Value, op.method, method(op.name))
    package = sys.modules.get(__package__)
    if package is not None:
        setattr(package, op.name, made)
    return made


def forget(name: str) -> None:
    """Undo `primitive` for a user's op: it leaves the table, its Value method and `autograd` function go."""
    op = OPS.get(name)
    if op is None or not _user_op(op):
        raise ValueError(f"forget: {name!r} is not an op defined with autograd.primitive")
    _unregister(op)
    _DEFAULTS.pop(name, None)
    if op.method in vars(Value):
        delattr(Value, op.method)
    package = sys.modules.get(__package__)
    if package is not None and getattr(package, op.name, None) is not None:
        delattr(package, op.name)


def _unregister(op: Op) -> None:
    """Take `op` out of the table, and the symbols of its nodes (ops.register's inverse)."""
    del OPS[op.name]
    for key in [key for key, (entry, _) in _SYMBOLS.items() if entry is op]:
        del _SYMBOLS[key]
    for key in [key for key in _MADE if key[0] == op.name]:
        del _MADE[key]


# Checking an op against central differences -----------------------------------------------------


def check_op(name: str | Op, points: int = 6, seed: int = 0) -> bool:
    """The checks every built-in op gets, on the op `name`: at seeded points of its test domain (away
    from its kinks) and for its default and sample parameters, the node's value is the function's output
    and each local derivative agrees with a central difference (rel 1e-5, abs 1e-6). Returns True, or
    raises ValueError naming the argument and the point that fail."""
    op = _op(name)
    rng = random.Random(seed)
    for params in parameter_samples(op):
        for point in sample_points(op, rng, points):
            _check_point(op, point, params, "check_op")
    return True


def _op(name) -> Op:
    if isinstance(name, Op):
        return name
    if name not in OPS:
        raise ValueError(f"check_op: there is no op {name!r}; the ops are {', '.join(sorted(OPS))}")
    return OPS[name]


def parameter_samples(op: Op) -> list[dict]:
    """The parameters an op is checked with: its defaults (if any), then each of its `constants`."""
    samples = [dict(_DEFAULTS[op.name])] if op.name in _DEFAULTS else []
    for c in op.constants:
        c = c if isinstance(c, dict) else dict(zip(op.params, c if isinstance(c, (tuple, list)) else (c,)))
        samples.append({**_DEFAULTS.get(op.name, {}), **c})
    return samples or [{}]


def sample_points(op: Op, rng: random.Random, n: int = 6) -> list[tuple]:
    """`n` seeded points of the op's test domain, each coordinate at least 0.01 from the op's kinks;
    an n-ary op (sum, dot) gets points of 5 coordinates (for dot: 2 weights, 2 inputs, a bias)."""
    domain = op.domain * 5 if op.nary else op.domain
    found = []
    while len(found) < n:
        point = tuple(rng.uniform(lo, hi) for lo, hi in domain)
        if all(builtins.abs(x - kink) > 1e-2 for x in point for kink in op.avoid):
            found.append(point)
    return found


def _check_point(op: Op, point: tuple, params: dict, who: str) -> None:
    """Value and central differences of `op` at one point, or a ValueError naming the argument and point."""

    def f(*xs):
        return op.fn(list(xs), **params)[0] if op.nary else op.fn(*xs, **params)[0]

    where = _where(op, point, params)
    node = apply(op, *[Value(x) for x in point], params=params or None)
    if node.data != f(*point) or not math.isfinite(node.data):
        raise ValueError(f"{who}: {op.name}: the node's value {node.data!r} is not the function's {f(*point)!r} "
                         f"{where}")  # fmt: skip
    if len(node.local_grads) != len(point):
        raise ValueError(f"{who}: {op.name}: {len(node.local_grads)} local derivatives for {len(point)} inputs {where}")
    for i, local in enumerate(node.local_grads):
        h = 1e-6 * max(1.0, builtins.abs(point[i]))
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        numerical = (f(*up) - f(*down)) / (2 * h)
        if not builtins.abs(local - numerical) <= max(1e-5 * builtins.abs(numerical), 1e-6):
            arg = op.args[i] if op.args else f"argument {i}"
            rule = op.local_text(i, _names(op))
            raise ValueError(messages.text("wrong_local", who=who, op=op.name, arg=arg, local=local, rule=rule,
                                           numerical=numerical, where=where))  # fmt: skip


def _where(op: Op, point: tuple, params: dict) -> str:
    names = op.args or [f"x{i + 1}" for i in range(len(point))]
    at = ", ".join(f"{a} = {x!r}" for a, x in zip(names, point))
    return messages.text("at_point", at=at + "".join(f", {k} = {v!r}" for k, v in params.items()))


def _rounded(x: float, lo: float, hi: float) -> float:
    """`x` to 3 decimals, so an error message reads 'at x = -1.14', if that stays inside (lo, hi)."""
    short = round(x, 3)
    return short if lo < short < hi else x


def _sample(op: Op, defaults: dict) -> None:
    """The cheap check when an op is defined: two fixed points of its domain, its default parameters."""
    fractions = (0.31, 0.73, 0.52, 0.17, 0.89)
    points = []
    for start in range(len(fractions)):
        at = [fractions[(start + 2 * i) % len(fractions)] for i in range(op.arity)]
        point = tuple(_rounded(lo + a * (hi - lo), lo, hi) for a, (lo, hi) in zip(at, op.domain))
        if all(builtins.abs(x - kink) > 1e-2 for x in point for kink in op.avoid):
            points.append(point)
        if len(points) == 2:
            break
    for point in points:
        try:
            op.fn(*point, **defaults)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(messages.text("raised_in_domain", op=op.name, kind=type(error).__name__, error=error,
                                           where=_where(op, point, {}), domain=op.domain)) from None  # fmt: skip
        _check_point(op, point, {}, "primitive")
