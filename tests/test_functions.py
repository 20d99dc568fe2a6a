"""autograd/functions.py: the n-ary nodes `sum` and `dot`, built from any iterable, numbers or hostile objects."""

from __future__ import annotations

import math
import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, parser
from tests import fuzzcount
from tests.nodes import MODES, made, made_each, named_error_or_value
from tests.strategies import anything, floats


def test_dot_builds_the_same_node_from_lists_tuples_and_generators(rng):
    ws = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    b = Value(0.25)
    made = [autograd.dot(ws, xs, b), autograd.dot(tuple(ws), tuple(xs), b), autograd.dot(iter(ws), iter(xs), b)]
    for node in made:
        assert node.data == made[0].data and node.parents == (*ws, *xs, b)
        assert node.local_grads == made[0].local_grads and type(node.parents) is tuple
    assert autograd.dot(ws, xs).parents == (*ws, *xs)


def test_sum_and_dot_are_one_node_each():
    xs = [Value(float(i)) for i in range(1, 5)]
    ws = [Value(0.5 * i) for i in range(1, 5)]
    b = Value(1.0)
    s = autograd.sum(xs)
    d = autograd.dot(ws, xs, b)
    assert s.op == "sum" and len(s.parents) == 4
    assert d.op == "dot" and d.parents == (*ws, *xs, b)
    d.backward()
    assert [w.grad for w in ws] == [x.data for x in xs]
    assert [x.grad for x in xs] == [w.data for w in ws]
    assert b.grad == 1.0


def test_dot_equals_the_expanded_chain_bit_for_bit(rng):
    ws = [Value(rng.uniform(-1, 1)) for _ in range(16)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(16)]
    b = Value(rng.uniform(-1, 1))
    chain = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        chain = chain + w * x
    chain = chain + b
    assert autograd.dot(ws, xs, b).data == chain.data


def test_dot_and_sum_accept_numbers_and_check_sizes():
    x = Value(2.0)
    assert autograd.dot([1, 2], [x, 3], 0.5).data == 8.5
    assert autograd.sum([1, x, 2.5]).data == 5.5
    assert autograd.sum([]).data == 0.0
    with pytest.raises(ValueError, match="dot: 2 weights but 3 inputs"):
        autograd.dot([1, 2], [1, 2, 3])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["sum", "dot-weights", "dot-inputs", "dot-bias"]), anything, floats)
def fuzz_nary_items(where, obj, x):
    fuzzcount.count("ops: any object inside sum and dot")
    a, b = Value(0.5), Value(-2.0)
    calls = {
        "sum": lambda: autograd.sum([a, obj, b]),
        "dot-weights": lambda: autograd.dot([a, obj], [b, x]),
        "dot-inputs": lambda: autograd.dot([a, b], [obj, x]),
        "dot-bias": lambda: autograd.dot([a], [b], obj),
    }
    named_error_or_value(where.split("-")[0], calls[where])


def test_any_object_inside_sum_and_dot():
    fuzzcount.run("ops: any object inside sum and dot", fuzz_nary_items, at_least=150)


# Your own op: autograd.primitive, check_op, forget ---------------------------------------------


@pytest.fixture
def cube():
    """The micrograd lecture's exercise, the chainrule way: an op in five lines."""

    @autograd.primitive(local=("3 * {x}^2",))
    def cube(x):
        return x**3, (3 * x**2,)

    yield cube
    if "cube" in autograd.OPS:
        autograd.primitives.forget("cube")


def test_a_user_op_is_a_method_a_function_and_an_entry_of_the_table(cube):
    x = Value(2.0, "x")
    assert autograd.cube is cube and "cube" in autograd.OPS and autograd.OPS["cube"].rule == "d/dx cube(x) = 3 * x^2"
    y = x.cube()
    assert (y.data, y.op, y.parents, y.local_grads) == (8.0, "cube", (x,), (12.0,))
    assert type(y.data) is float and type(y.local_grads[0]) is float  # the int 3 * x**2 came back as a float
    assert cube(2).data == 8.0 and autograd.check_op("cube") is True


def test_a_user_op_shows_in_traces_explanations_why_pictures_and_the_stepper(cube):
    x = Value(0.5, "x")
    out = (x.cube() * 4.0).tanh()
    steps = autograd.backward_steps(out)
    step = next(s for s in steps if s.child.op == "cube")
    assert step.rule == "d/dx cube(x) = 3 * x^2" and step.local_rule == "3 · x²" and step.local == 0.75
    assert f"= {autograd.teach.names.fmt(x.grad)} (final" in step.formula
    for lang in ("en", "zh"):
        assert "∂cube(x)/∂x = 3 · x² = 3 · 0.5² = 0.75" in str(autograd.explain(out, lang=lang))
    flat = Value(0.0, "x")  # where cube's local derivative 3 x^2 is 0, `why` names the op and its rule
    root = flat.cube() * 2.0
    root.backward()
    said = str(autograd.why(flat, root))
    assert "n1 = cube(x)" in said and "(rule: ∂cube(x)/∂x = 3 · x²)" in said
    source = autograd.draw(out).source
    assert "cube" in source
    assert "cube" in autograd.to_mermaid(out)
    page = autograd.stepper_html(out).html
    assert "3 · x²" in page and "cube" in page


def test_a_user_op_compiles_and_parses(cube):
    x = Value(1.5, "x")
    out = x.cube() + x
    f = autograd.compile(out)
    assert f(1.5) == (out.data, (3 * 1.5**2 + 1,)) and f(-2.0) == (-10.0, (13.0,))
    assert "_fn_cube(x)" in f.source and "# " in f.source and "3 * x^2" in f.source
    root, leaves = parser.evaluate("cube(x) + x", {"x": 1.5})
    assert root.data == out.data and root.parents[0].op == "cube"


def test_a_user_op_with_two_arguments_and_a_parameter():
    @autograd.primitive(local=("{k} * {y}", "{k} * {x}"), tags=("commutative",))
    def scaled_product(x, y, k=2.0):
        return k * x * y, (k * y, k * x)

    try:
        a, b = Value(3.0, "a"), Value(-1.0, "b")
        assert a.scaled_product(b).op == "scaled_product" and a.scaled_product(b, 5).op == "scaled_product(5)"
        node = autograd.scaled_product(a, b, k=0.5)
        assert (node.data, node.local_grads) == (-1.5, (-0.5, 1.5))
        assert autograd.compile(node)(3.0, -1.0) == (-1.5, (-0.5, 1.5))
        steps = autograd.backward_steps(node)
        assert [s.local_rule for s in steps] == ["0.5·b", "0.5·a"]
        assert parser.evaluate("scaled_product(a, b, k=0.5)", {"a": 3.0, "b": -1.0})[0].data == -1.5
        with pytest.raises(TypeError, match=r"scaled_product\(\) takes 2 arguments \(x, y\) and the parameters k"):
            a.scaled_product(b, 1.0, 2.0)
    finally:
        autograd.primitives.forget("scaled_product")
    assert not hasattr(Value, "scaled_product") and not hasattr(autograd, "scaled_product")


def test_a_wrong_derivative_is_refused_when_defined_naming_the_argument_and_the_point():
    with pytest.raises(ValueError, match=r"primitive: bad_square: d/dx is .* by the op's local derivative .* but .* by "
                                         r"central differences at x = "):  # fmt: skip

        @autograd.primitive()
        def bad_square(x):
            return x * x, (3 * x,)

    assert "bad_square" not in autograd.OPS and not hasattr(Value, "bad_square")


def test_check_op_finds_a_derivative_wrong_only_away_from_where_it_was_sampled():
    @autograd.primitive(local=("cos({x})",), domain=[(-3.0, 3.0)])
    def sin_for_small_x(x):
        return math.sin(x), (math.cos(x) if abs(x) < 2.0 else 1.0,)  # wrong for |x| >= 2

    try:
        wrong = r"sin_for_small_x: d/dx is 1 by the op's local derivative \(cos\(x\)\) but -?0\.\d+ by central"
        with pytest.raises(ValueError, match=wrong + r" differences at x = -?2\.\d+$"):
            autograd.check_op("sin_for_small_x", points=40)
    finally:
        autograd.primitives.forget("sin_for_small_x")


def test_check_op_names_the_second_argument_and_the_parameters():
    @autograd.primitive(domain=[(0.5, 2.0), (0.5, 2.0)], check=False)
    def wrong_in_y(x, y, k=1.0):
        return k * x * y, (k * y, 2.0 * k * x)

    try:
        with pytest.raises(ValueError, match=r"wrong_in_y: d/dy is .* at x = .*, y = .*, k = 1.0"):
            autograd.check_op("wrong_in_y")
    finally:
        autograd.primitives.forget("wrong_in_y")


@pytest.mark.parametrize(("returned", "message"), [
    (lambda x: x * x, "the function must return (output, (d out/d x,)), got"),
    (lambda x: (x * x, (2 * x, 1.0)), "one local derivative per argument (1), got 2 local derivatives"),
    (lambda x: (x * x, 2 * x), "one local derivative per argument (1), got"),
    (lambda x: ("big", (2 * x,)), "must return real numbers, got 'big' (str) as its output"),
    (lambda x: (Value(x) * x, (2 * x,)), "returned a Value as its output; a primitive computes with floats"),
    (lambda x: (x * x, (None,)), "must return real numbers, got None (NoneType) as its local derivative 0"),
    (lambda x: (x * x, (True,)), "must return real numbers, got True (bool)"),
])  # fmt: skip
def test_a_wrong_shape_is_refused_when_defined(returned, message):
    def shaped(x):
        return returned(x)

    with pytest.raises(TypeError) as info:
        autograd.primitive(name="shaped")(shaped)
    assert message in str(info.value) and str(info.value).startswith("shaped: ")
    assert "shaped" not in autograd.OPS


def test_a_wrong_shape_at_some_points_only_is_a_clear_error_when_called():
    @autograd.primitive(local=("sign({x})",), domain=[(0.5, 2.0)])
    def careless_abs(x):
        return (x, (1.0,)) if x > 0 else -x  # forgot the derivative on one side

    try:
        assert Value(1.0).careless_abs().data == 1.0
        with pytest.raises(TypeError, match=r"careless_abs: the function must return \(output, \(d out/d x,\)\), got"):
            Value(-1.0).careless_abs()
        f = autograd.compile(Value(1.0, "x").careless_abs())
        with pytest.raises(TypeError, match="careless_abs: the function must return"):
            f(-1.0)
    finally:
        autograd.primitives.forget("careless_abs")


def test_built_in_ops_are_not_wrapped_so_they_pay_nothing():
    for name in ("tan", "gelu", "max", "sqrt"):
        assert (
            not hasattr(autograd.OPS[name].fn, "__wrapped__")
            and autograd.OPS[name].fn.__module__ == "autograd.more_ops"
        )


@pytest.mark.parametrize(("name", "message"), [
    ("tanh", "'tanh' is a built-in op of chainrule; give yours another name, e.g. name='my_tanh'"),
    ("gelu", "'gelu' is a built-in op"),
    ("backward", "'backward' is already a name of autograd or of Value"),
    ("grad", "'grad' is already a name"),
    ("compile", "'compile' is already a name"),
    ("draw", "'draw' is already a name"),  # a lazy name of autograd
    ("swish", "'swish' is already a name"),
    ("_private", "must be a Python name not starting with _"),
    ("not a name", "must be a Python name"),
    ("lambda", "must be a Python name"),
])  # fmt: skip
def test_a_name_already_taken_is_refused(name, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        autograd.primitive(name=name)(lambda x: (x, (1.0,)))
    assert autograd.OPS.get("tanh") is not None and callable(Value.backward)


def test_defining_a_user_op_again_replaces_it_as_rerunning_a_notebook_cell_does(cube):
    @autograd.primitive(name="cube", local=("3 * {x}^2",), rule="d/dx x^3 = 3 x^2")
    def cube_again(x):
        return x * x * x, (3.0 * x * x,)

    assert autograd.OPS["cube"].rule == "d/dx x^3 = 3 x^2" and autograd.cube is cube_again
    assert Value(2.0).cube().data == 8.0 and len([n for n in autograd.OPS if n == "cube"]) == 1


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: autograd.primitive()(lambda *xs: (0.0, ())), TypeError, "takes *xs; name each argument"),
    (lambda: autograd.primitive()(lambda k=1.0: (k, ())), TypeError, "has no argument without a default"),
    (lambda: autograd.primitive(name="p1")(lambda x, k=None: (x, (1.0,))), TypeError, "parameter 'k' defaults to None"),
    (lambda: autograd.primitive(name="p2", domain=[(1, 0)])(lambda x: (x, (1.0,))), ValueError, "(low, high) range"),
    (lambda: autograd.primitive(name="p3", domain=[(0, 1)] * 2)(lambda x: (x, (1.0,))), ValueError, "per argument"),
    (lambda: autograd.primitive(name="p4", local=("{z}",))(lambda x: (x, (1.0,))), ValueError,
     "its text uses {z}, but only {x}, {out} can be used"),
    (lambda: autograd.primitive(name="p5", tags=("fast",))(lambda x: (x, (1.0,))), ValueError, "unknown tags ['fast']"),
    (lambda: autograd.primitive(name="p6", rule="x^2")(lambda x: (x, (1.0,))), ValueError, "a rule reads 'd/dx"),
    (lambda: autograd.primitive(name="p7", domain=[(-1, 1)])(lambda x: (math.log(x), (1 / x,))), ValueError,
     "p7 raised ValueError (math domain error) at x = -0.38, inside its test domain"),
    (lambda: autograd.primitive(name="p8")(3), TypeError, "primitive: expected a function, got 3 (int)"),
])  # fmt: skip
def test_a_malformed_definition_is_refused_naming_the_problem(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert message in str(info.value), str(info.value)
    assert not any(name in autograd.OPS for name in ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "<lambda>"))


def test_check_op_covers_the_built_ins_and_refuses_an_unknown_name():
    assert autograd.check_op(autograd.OPS["pow_const"]) and autograd.check_op("dot") and autograd.check_op("sum")
    with pytest.raises(ValueError, match="check_op: there is no op 'nope'"):
        autograd.check_op("nope")


def test_forget_refuses_built_ins():
    with pytest.raises(ValueError, match="forget: 'tanh' is not an op defined with autograd.primitive"):
        autograd.primitives.forget("tanh")
    assert "tanh" in autograd.OPS


def test_a_user_op_with_its_own_argument_names_is_drawn_in_argument_order():
    @autograd.primitive(local=("1 / {den}", "-{num} / {den}^2"), domain=[(1.0, 2.0), (1.0, 2.0)])
    def ratio(num, den, scale=1.0):
        return scale * num / den, (scale / den, -scale * num / den**2)

    try:
        a, b = Value(1.0, "a"), Value(2.0, "b")
        for node in (a.ratio(b), a.ratio(b, scale=3.0)):
            source = autograd.draw(node).source
            assert "<B>ratio" in source and "n0 -> n2op:a" in source and "n1 -> n2op:b" in source
            assert "ratio" in autograd.to_mermaid(node)
    finally:
        autograd.primitives.forget("ratio")
    y, x = Value(1.0, "y"), Value(-2.0, "x")
    source = autograd.draw(autograd.atan2(y, x)).source
    assert "<B>atan2</B>" in source  # port a is the first parent, y: read as written, atan2(y, x)
    assert "n0 -> n2op:a" in source and "n1 -> n2op:b" in source  # n0 is y, the first leaf


def test_a_failed_redefinition_keeps_the_op_that_worked(cube):
    with pytest.raises(ValueError, match="central differences"):

        @autograd.primitive(name="cube")
        def cube_wrongly(x):
            return x**3, (2 * x,)

    assert autograd.cube is cube and Value(2.0).cube().local_grads == (12.0,)


def test_empty_sums_and_dots_are_the_float_zero():
    for node in (autograd.sum([]), autograd.sum(iter(())), autograd.dot([], []), autograd.dot((), ())):
        assert isinstance(node, Value) and type(node.data) is float and node.data == 0.0
        node.backward()  # a node with nothing behind it: backward runs and changes nothing
        assert node.grad == 1.0
    assert autograd.dot([], [], bias=Value(2.5)).data == 2.5
    assert autograd.sum([autograd.sum([]), Value(1.5)]).data == 1.5
    x = Value(-0.0)
    assert math.copysign(1.0, autograd.sum([x]).data) == math.copysign(1.0, sum([-0.0]))  # as Python adds


def test_numpy_scalars_and_arrays_mix_with_values_in_sum_and_dot():
    np = pytest.importorskip("numpy")
    x, w = Value(3.0, "x"), Value(0.5, "w")
    out = autograd.dot([np.float64(2.0), w], [x, np.float32(4.0)], bias=np.int64(1))
    assert out.data == 2.0 * 3.0 + 0.5 * 4.0 + 1.0 and type(out.data) is float
    out.backward()
    assert (x.grad, w.grad) == (2.0, 4.0)
    assert autograd.dot(np.array([2.0, 1.0]), [x, w]).data == 6.5
    assert autograd.sum([np.float64(1.5), x, *np.array([0.25, 0.25])]).data == 5.0


def test_a_primitive_defined_where_there_is_no_module_name_is_checked_and_forgotten():
    # exec() without __name__ (doctest pages, some notebook front ends): the function's __module__ is None
    namespace = {}
    exec("def square_it(x):\n    return x * x, (2 * x,)", namespace)
    assert namespace["square_it"].__module__ is None
    square_it = autograd.primitive(local=("2 * {x}",))(namespace["square_it"])
    try:
        x = Value(3.0, "x")
        square_it(x).backward()
        assert x.grad == 6.0 and autograd.check_op("square_it")
        with pytest.raises(TypeError, match="square_it"):  # a user's op is checked: not trusted as a built-in
            autograd.primitive(name="square_it")(lambda x: ("six", (1.0,)))
    finally:
        autograd.forget("square_it")
    assert "square_it" not in autograd.OPS and autograd.forget is autograd.primitives.forget


# autograd.dot's fast path (nn's neurons) beside apply: the same node, bit for bit ----------------

_finite_or_not = st.one_of(st.floats(-1e200, 1e200), st.sampled_from([0.0, -0.0, 1e308, -1e308, math.inf, math.nan]))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5), st.data(), st.sampled_from(sorted(MODES)), st.booleans())
def test_dot_makes_exactly_the_node_that_apply_makes(n, data, mode, with_bias):
    kinds = [data.draw(st.sampled_from(["value", "constant", "number"] if i else ["value", "constant"]))
             for i in range(2 * n + with_bias)]  # fmt: skip
    numbers = [data.draw(_finite_or_not) for _ in kinds]
    switch = MODES[mode]
    with switch() if switch else warnings.catch_warnings():
        try:
            parents = [x if kind == "number" else Value(x, f"p{i}", requires_grad=kind == "value")
                       for i, (kind, x) in enumerate(zip(kinds, numbers))]  # fmt: skip
        except ValueError:  # nan outside IEEE mode: no leaf to build from
            return
        ws, xs, bias = parents[:n], parents[n : 2 * n], parents[2 * n] if with_bias else None
        fast = made(lambda: autograd.dot(ws, xs, bias))
        plain = made(lambda: autograd.apply(autograd.OPS["dot"], *parents))
    assert fast == plain


# autograd.linear (nn's layers) beside dot: every row the node dot makes, or dot's own error ---------


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data(), st.sampled_from(sorted(MODES)), st.booleans())
def test_linear_makes_exactly_the_nodes_that_dot_makes(rows, n, data, mode, with_bias):
    def parent(i, first):
        kind = data.draw(st.sampled_from(["value", "constant"] if first else ["value", "constant", "number"]))
        x = data.draw(_finite_or_not)
        return x if kind == "number" else Value(x, f"p{i}", requires_grad=kind == "value")

    switch = MODES[mode]
    with switch() if switch else warnings.catch_warnings():
        try:
            xs = [parent(f"x{i}", False) for i in range(n)]
            weights = [tuple(parent(f"w{r}_{i}", i == 0) for i in range(n)) for r in range(rows)]
            biases = [parent(f"b{r}", False) for r in range(rows)] if with_bias else None
        except ValueError:  # nan outside IEEE mode: no leaf to build from
            return
        if data.draw(st.booleans()):
            weights[0] = list(weights[0])  # a list row, and a shorter one, go through dot itself
        if rows > 1 and data.draw(st.booleans()):
            weights[-1] = weights[-1][:-1]
        fast = made_each(lambda: autograd.linear(xs, weights, biases))
        plain = made_each(lambda: [autograd.dot(w, xs, b) for w, b in zip(weights, biases or [None] * rows)])
    assert fast == plain


def test_linear_takes_any_iterables_and_checks_the_biases():
    xs = [Value(1.0, "x1"), Value(2.0, "x2")]
    rows = [(Value(0.5, "w1"), Value(-1.0, "w2")), (Value(2.0, "v1"), Value(0.25, "v2"))]
    out = autograd.linear(iter(xs), iter(rows), (b for b in [Value(0.1, "b"), Value(0.2, "c")]))
    assert [node.data for node in out] == [0.5 * 1.0 + -1.0 * 2.0 + 0.1, 2.0 * 1.0 + 0.25 * 2.0 + 0.2]
    assert autograd.linear(xs, []) == []
    with pytest.raises(ValueError, match=r"^linear: 2 rows of weights but 1 biases; give one bias per row$"):
        autograd.linear(xs, rows, [Value(0.0)])


def test_linear_gives_what_torch_linear_gives_in_float64(torch, rng):
    n, k = 5, 3
    xs = [Value(rng.uniform(-2, 2), f"x{i}") for i in range(n)]
    rows = [tuple(Value(rng.uniform(-1, 1), f"w{j}_{i}") for i in range(n)) for j in range(k)]
    biases = [Value(rng.uniform(-1, 1), f"b{j}") for j in range(k)]
    out = autograd.linear(xs, rows, biases)
    autograd.sum([o.tanh() for o in out]).backward()
    tx = torch.tensor([x.data for x in xs], dtype=torch.float64, requires_grad=True)
    tw = torch.tensor([[w.data for w in row] for row in rows], dtype=torch.float64, requires_grad=True)
    tb = torch.tensor([b.data for b in biases], dtype=torch.float64, requires_grad=True)
    ty = torch.nn.functional.linear(tx, tw, tb)
    ty.tanh().sum().backward()
    assert [o.data for o in out] == pytest.approx(ty.tolist(), rel=1e-12)
    assert [x.grad for x in xs] == pytest.approx(tx.grad.tolist(), rel=1e-12)
    assert [[w.grad for w in row] for row in rows] == [pytest.approx(r, rel=1e-12) for r in tw.grad.tolist()]
    assert [b.grad for b in biases] == pytest.approx(tb.grad.tolist(), rel=1e-12)
