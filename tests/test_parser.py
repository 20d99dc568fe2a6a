"""The safe expression parser: what it builds, and every hostile input it refuses without running it."""

from __future__ import annotations

import ast
import math
import multiprocessing
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.parser import (
    FUNCTIONS,
    MAX_LENGTH,
    ExpressionError,
    _parse_flat,
    evaluate,
    parse,
    parse_assignments,
    variables,
)
from tests import fuzzcount


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("tanh(x*w + b)", {"x": 2, "w": -3, "b": 6.8813735870195432}, math.tanh(2 * -3 + 6.8813735870195432)),
        ("log(1 + exp(-y*s))", {"y": 1, "s": 0.5}, math.log(1 + math.exp(-0.5))),
        ("x**2 / (1 + x)", {"x": 2}, 4 / 3),
        ("2 ** x - -x + +x", {"x": 3}, 8 + 3 + 3),
        ("sigmoid(relu(a) - abs(b)) * sqrt(c) + sin(a) * cos(b)", {"a": 0.5, "b": -1.0, "c": 4.0}, None),
        ("3 * 4", {}, 12.0),
    ],
)
def test_expressions_build_the_graph_the_user_wrote(text, values, expected):
    root, leaves = evaluate(text, values)
    if expected is not None:
        assert root.data == pytest.approx(expected, rel=1e-12)
    assert set(leaves) == set(values)
    for name, leaf in leaves.items():
        assert leaf.label == name and leaf.data == float(values[name])
    root.backward()


def test_constant_exponent_stays_a_constant_and_division_is_a_node():
    root, leaves = evaluate("x**2 / (1 + x)", {"x": 2.0})
    assert root.op == "/"
    assert root.parents[0].op == "**2" and root.parents[0].parents == (leaves["x"],)
    root.backward()
    assert leaves["x"].grad == pytest.approx((2 * 2 * 3 - 4) / 9)


@pytest.mark.parametrize(
    ("text", "op", "expected"),
    [
        ("atan2(y, x)", "atan2", math.atan2(-0.5, 1.5)),
        ("hypot(x, y)", "hypot", math.hypot(1.5, -0.5)),
        ("max(x, y) + 0 * min(x, y)", "+", 1.5),
        ("leaky_relu(y, 0.2)", "leaky_relu(0.2)", -0.1),
        ("leaky_relu(y, slope=-0.3)", "leaky_relu(-0.3)", 0.15),
        ("leaky_relu(y, slope=0.01)", "leaky_relu", -0.005),  # the default reads as the bare name
        ("elu(y, alpha=2)", "elu(2)", 2.0 * math.expm1(-0.5)),
        ("clamp(x, 0, 1)", "clamp(0, 1)", 1.0),
        ("clamp(y, lo=-0.25)", "clamp(-0.25, inf)", -0.25),
        ("gelu(x, approximate='tanh')", "gelu(tanh)", None),
        ("gelu(x, 'tanh')", "gelu(tanh)", None),
        ("swish(x)", "silu", 1.5 / (1.0 + math.exp(-1.5))),
    ],
)
def test_functions_of_several_arguments_and_constant_parameters(text, op, expected):
    root, leaves = evaluate(text, {"x": 1.5, "y": -0.5})
    assert root.op == op
    if expected is not None:
        assert root.data == pytest.approx(expected, rel=1e-12)
    assert all(p.label for p in root.parents) or op == "+"  # parameters are numbers in .op, not leaves
    root.backward()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("atan2(y)", r"atan2\(\) takes 2 arguments \(y, x\)"),
        ("max(x, y, x)", r"max\(\) takes 2 arguments \(x, y\)"),
        ("leaky_relu(x, y)", "the parameter slope must be a finite number"),
        ("leaky_relu(x, 2 * 0.1)", "the parameter slope must be a finite number"),
        ("leaky_relu(x, 1e999)", "the parameter slope must be a finite number"),
        ("leaky_relu(x, 0.1, 0.2)", r"takes 1 argument \(x\) and then the parameter slope, e.g. leaky_relu\(x, slo"),
        ("clamp(x, 0, lo=1)", "got the parameter lo twice"),
        ("clamp(x, low=1)", "clamp\\(\\) has no parameter 'low'"),
        ("gelu(x, approximate=1)", "approximate must be a quoted word"),
        ("gelu(x, approximate='erf')", "gelu: approximate must be 'none' or 'tanh', got 'erf'"),
        ("asin(x + 1)", "asin: math domain error, asin\\(x \\+ 1\\) needs -1 <= x \\+ 1 <= 1, got x \\+ 1 = 2.5"),
        ("log1p(-1 + 0 * x)", "log1p: math domain error"),
        ("clamp(*x)", "clamp\\(\\) takes 1 argument"),
        ("atan2", "atan2 is a function: call it"),
    ],
)
def test_calls_with_the_wrong_arguments_are_refused_naming_the_function(text, message):
    with pytest.raises(ExpressionError, match=message) as info:
        evaluate(text, {"x": 1.5, "y": -0.5})
    assert "\n" not in str(info.value)


def test_every_one_argument_function_has_a_reference_for_the_grammar_tests():
    assert set(UNARY) <= set(MATH), sorted(set(UNARY) - set(MATH))
    assert {"atan2", "hypot", "max", "min", "clamp", "leaky_relu", "elu", "gelu", "swish"} <= set(FUNCTIONS)


def test_variables_in_order_of_first_appearance():
    assert variables("a*b + tanh(c)*a") == ["a", "b", "c"]
    assert variables("exp(1)") == []


def test_missing_variables_are_named():
    with pytest.raises(ExpressionError, match="no value given for w, b"):
        evaluate("tanh(x*w + b)", {"x": 1.0})


def test_assignments():
    assert parse_assignments(["x=2", " w = -3.5 "]) == {"x": 2.0, "w": -3.5}
    for bad, message in [
        (["x=abc"], "x: 'abc' is not a finite number"),
        (["x=nan"], "not a finite number"),
        (["x"], "expected name=number"),
        (["1x=2"], "expected name=number"),
        (["tanh=1"], "is a function"),
        (["x=1", "x=2"], "x is given twice"),
    ]:
        with pytest.raises(ExpressionError, match=message):
            parse_assignments(bad)


HOSTILE = [
    ("__import__('os').system('touch PWNED')", "call is not allowed"),
    ("x.__class__", "attribute access"),
    ("x.__class__.__bases__[0].__subclasses__()", "not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("eval('1')", "unknown function 'eval'"),
    ("(lambda: 1)()", "lambda"),
    ("[x for x in range(10**9)]", "list comprehension"),
    ("{x: 1}", "dict"),
    ("x if x else x", "if/else"),
    ("x < 1", "comparison"),
    ("x and x", "and/or"),
    ("x // 2", "operator //"),
    ("x % 2", "operator %"),
    ("x[0]", "indexing"),
    ("'a' * 10**9", "only numbers"),
    ("True + x", "only numbers"),
    ("f'{x}'", "f-string"),
    ("tanh(x, x)", "exactly one argument"),
    ("tanh(*x)", "exactly one argument"),
    ("exp(x=1)", "exactly one argument"),
    ("_x + 1", "names starting with _"),
    ("(x := 5)", "assignment"),
    ("9**9**9", "overflows"),
    ("10**400", "overflows"),
    ("1e999 * x", "not a finite number"),
    ("log(0 * x)", "log: math domain error"),
    ("1 / (x - x)", "division by zero"),
    ("x +", "syntax error"),
    ("x = 1", "syntax error"),
    ("import os", "syntax error"),
    ("", "empty"),
    ("(" * 10_000 + "x" + ")" * 10_000, "too long"),
    ("(" * 300 + "x" + ")" * 300, "syntax error: too many nested parentheses"),
    ("-" * 9_000 + "x", "nested too deeply"),
    ("x" * 10_001, "too long"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[t[:40] for t, _ in HOSTILE])
def test_hostile_input_is_refused_with_a_one_line_message(text, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ExpressionError, match=message) as info:
        evaluate(text, {"x": 2.0})
    assert "\n" not in str(info.value)
    assert not (tmp_path / "PWNED").exists()


def _evaluate_in_child(text: str, queue) -> None:
    try:
        evaluate(text, {"x": 2.0})
        queue.put("built")
    except ExpressionError as error:
        queue.put(f"refused: {error}")


@pytest.mark.parametrize("text", ["9**9**9**9", "(" * 199 + "x" + ")" * 199, "+".join(["x"] * 3000)])
def test_nothing_hangs(text):
    queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_evaluate_in_child, args=(text, queue))
    start = time.monotonic()
    child.start()
    child.join(60)
    alive = child.is_alive()
    child.kill()
    assert not alive, f"evaluating {text[:30]!r} did not finish in {time.monotonic() - start:.0f} s"
    assert queue.get(timeout=5)


def test_column_points_at_the_problem():
    with pytest.raises(ExpressionError) as info:
        parse("x + y.real")
    assert info.value.column == 5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="xy0123456789.+-*/()_ eaptnhlog,[]:'\"=<>", max_size=60))
def test_any_text_builds_or_is_refused_cleanly(text):
    try:
        root, _ = evaluate(text, {"x": 1.5, "y": -0.5})
    except ExpressionError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(root.data, float)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("x +", 4),  # the text ends too early: just past the end
        ("  x + y.real", 7),  # leading spaces count: the column is in the text as typed
        ("é + y.a", 5),  # columns count characters, not UTF-8 bytes
        ("(x\n+ y.a)", 6),  # several lines: one position in the whole text
        ("x + (", 5),
        ("  log(0 * x)", 3),  # a math error points at the call that raised it
        ("x * 2 ** 9999", 7),  # ... and a failed operation at its operator
    ],
)
def test_columns_count_characters_of_the_text_as_typed(text, column):
    with pytest.raises(ExpressionError) as info:
        evaluate(text, {"x": 1.0, "y": 2.0})
    assert info.value.column == column
    assert str(info.value) == f"column {column}: {info.value.reason}"


VALUES = {"x": 1.5, "y": -0.5, "w": 2.0, "b": 0.25, "z": 0.0}


SEEDS = [
    "tanh(x*w + b)", "log(1 + exp(-y*x))", "x**2 / (1 + x)", "2 ** x - -x + +x", "sigmoid(relu(x) - abs(y)) * sqrt(w)",
    "sin(x) * cos(y)", "(x + y) * (x - y) / (w + b)", "1e-3 * x ** 0.5", "-log(w) + exp(b)", "x*x*x - 3*x",
    "relu(-x) + abs(-y) ** 2", "3 * 4", "((x))", "w**b**2",
]  # fmt: skip


TOKENS = ["x", "y", "w", "b", "z", "q", "1", "0", "2.5", "1e308", "1e-320", "0x10", "1_0", "(", ")", "+", "-", "*",
          "/", "**", "//", "%", "@", ",", ".", "=", ":=", "<", "and", "lambda", "if", "'", '"', "#", "\\", "[", "]",
          "{", "}", "tanh", "exp", "log", "eval", "__import__", "_x", " ", "\n", "\t", "\x00", "\u2028", "é",
          "ｘ"]  # fmt: skip


LEAVES = st.one_of(
    st.sampled_from(sorted(VALUES)).map(lambda name: (name, VALUES[name])),
    st.floats(0.0, 100.0).map(lambda c: (repr(c), c)),
    st.integers(0, 50).map(lambda c: (str(c), float(c))),
)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))


MATH = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sigmoid": _sigmoid, "relu": lambda v: max(v, 0.0),
        "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "abs": abs}  # fmt: skip
# The ops of more_ops.py called with one argument (their parameters at their defaults), from math directly.
MATH.update({name: getattr(math, name) for name in ("tan", "sinh", "cosh", "asin", "acos", "atan", "log1p", "expm1",
                                                    "log2", "log10", "erf")})  # fmt: skip
MATH.update({
    "exp2": lambda v: 2.0**v, "clamp": lambda v: v, "leaky_relu": lambda v: v if v > 0 else 0.01 * v,
    "elu": lambda v: v if v > 0 else math.expm1(v), "gelu": lambda v: v * 0.5 * (1.0 + math.erf(v / math.sqrt(2.0))),
    "softplus": lambda v: v if v > 20.0 else math.log1p(math.exp(v)), "silu": lambda v: v * _sigmoid(v),
    "swish": lambda v: v * _sigmoid(v), "softsign": lambda v: v / (1.0 + abs(v)),
})  # fmt: skip
UNARY = sorted(name for name, op in FUNCTIONS.items() if op.arity == 1)  # called as name(x), parameters at defaults


BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
          "**": lambda a, b: a**b}  # fmt: skip


def _extend(children):
    def unary(child):
        (text, value), name = child
        return f"{name}({text})", _apply(MATH[name], value)

    def binary(args):
        (left, a), op, (right, b), space = args
        if op == "**" and a is not None and a < 0.0 and not _is_number(right):
            return f"({left}{space}{op}{space}{right})", None  # a Value exponent: d/dy needs ln of the base
        return f"({left}{space}{op}{space}{right})", _apply(BINARY[op], a, b)

    def negate(child):
        text, value = child
        return f"(-({text}))", _apply(lambda v: -v, value)  # outer parentheses: `-a ** b` is `-(a ** b)`

    return st.one_of(
        st.tuples(children, st.sampled_from(UNARY)).map(unary),
        st.tuples(children, st.sampled_from(sorted(BINARY)), children, st.sampled_from(["", " "])).map(binary),
        children.map(negate),
    )


def _is_number(text: str) -> bool:
    """Whether the parser keeps `text` a plain number (a literal, perhaps negated) rather than a Value."""
    node = ast.parse(text, mode="eval").body
    while isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant)


def _apply(f, *args):
    """f(*args), or None when the math fails (a domain error, overflow, or an argument that already failed)."""
    if any(a is None or (isinstance(a, float) and not math.isfinite(a)) for a in args):
        return None
    try:
        out = f(*args)
    except (ArithmeticError, ValueError):
        return None
    return out if isinstance(out, float) and math.isfinite(out) else None


expressions = st.recursive(LEAVES, _extend, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(expressions)
def fuzz_valid(case):
    fuzzcount.count("parser: grammar-generated expressions")
    text, expected = case
    try:
        root, leaves = evaluate(text, VALUES)
    except ExpressionError as error:
        assert "\n" not in str(error)
        assert expected is None, f"{text!r} should give {expected!r}, got {error}"
        return
    assert isinstance(root, Value) and set(leaves) == set(variables(text))  # a Constant when it uses no variable
    if expected is not None:
        assert root.data == expected or math.isclose(root.data, expected, rel_tol=1e-12, abs_tol=1e-300), text
    try:
        root.backward()
    except FloatingPointError as error:
        assert str(error).startswith("backward:")


@st.composite
def mutants(draw) -> str:
    """A seed expression with 1 to 6 random edits."""
    text = draw(st.sampled_from(SEEDS) | expressions.map(lambda case: case[0]))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "splice", "char"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
        elif kind == "replace":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at + 1 :]
        elif kind == "duplicate":
            end = min(len(text), at + draw(st.integers(1, 8)))
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "splice":
            other = draw(st.sampled_from(SEEDS))
            text = text[:at] + other[draw(st.integers(0, len(other))) :]
        else:
            text = text[:at] + draw(st.characters()) + text[at:]
    return text


def check_mutant(text: str, counter: str) -> None:
    fuzzcount.count(counter)
    start = time.monotonic()
    try:
        root, _ = evaluate(text, VALUES)
    except ExpressionError as error:
        assert "\n" not in str(error) and str(error), repr(text)
        assert error.column >= 0 and error.column <= len(text) + 1, (text, error.column)
    else:
        assert isinstance(root, Value) and isinstance(root.data, float), repr(text)
    assert time.monotonic() - start < 10, f"{text!r} took too long"  # a hang guard, far above the real cost


@settings(max_examples=1500, deadline=None)
@given(mutants())
def fuzz_mutants(text):
    check_mutant(text, "parser: mutated expressions")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def fuzz_any_text(text):
    check_mutant(text, "parser: arbitrary unicode text")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), mutants().map(lambda t: f"x={t}")), max_size=4))
def fuzz_assignments(items):
    fuzzcount.count("parser: --at assignments")
    try:
        values = parse_assignments(items)
    except ExpressionError as error:
        assert "\n" not in str(error)
    else:
        assert all(isinstance(v, float) and math.isfinite(v) for v in values.values())


def test_grammar_generated_expressions_build_their_value():
    fuzzcount.run("parser: grammar-generated expressions", fuzz_valid, at_least=300)


def test_mutated_expressions_build_or_are_refused_in_one_line():
    fuzzcount.run("parser: mutated expressions", fuzz_mutants, at_least=1000)


def test_arbitrary_text_builds_or_is_refused_in_one_line():
    fuzzcount.run("parser: arbitrary unicode text", fuzz_any_text, at_least=200)


def test_assignments_are_numbers_or_refused_in_one_line():
    fuzzcount.run("parser: --at assignments", fuzz_assignments, at_least=200)


@pytest.mark.parametrize("text", [
    "x" + "+x" * (MAX_LENGTH // 2 - 1),  # the longest sum allowed
    "(" * 199 + "x" + ")" * 199,  # as deep as Python's parser goes
    "-" * 5000 + "x",
    "x" + "**x" * 2000,
    "tanh(" * 150 + "x" + ")" * 150,
    "9" * 4300,  # Python's limit for an int literal
    "1" * 309 + ".0 * x",  # just past the largest float
])  # fmt: skip
def test_the_largest_inputs_finish(text):
    check_mutant(text, "parser: largest inputs")


# Long flat chains: Python's ast.parse builds its tree by recursion and gives up near 3,000 links,
# so a 3,000-term sum within the length limit was refused as "nested too deeply". The parser cuts such
# a chain at its top-level operators; the tree it builds must be ast.parse's own, positions included.


def random_chain(rng, depth: int = 0) -> str:
    """An expression of operands joined by + - * /, with brackets, calls, signs, powers and odd spacing
    (line breaks inside brackets, backslash continuations outside)."""
    spaces = ["", "", " ", "  ", "\\\n "] + (["\n", "\n  "] if depth else [])
    parts = [random_operand(rng, depth)]
    for _ in range(rng.randint(1, 8 if depth == 0 else 3)):
        parts += [rng.choice(spaces), rng.choice("+-*/"), rng.choice(spaces), random_operand(rng, depth)]
    return "".join(parts)


def random_operand(rng, depth: int) -> str:
    """A name, a number, a bracketed chain or a call, perhaps signed, perhaps raised to a power."""
    kind = rng.choice(["name", "name", "number"] + (["brackets", "call"] if depth < 2 else []))
    if kind == "name":
        base = rng.choice(["x", "y", "w1", "é", "x_2"])
    elif kind == "number":
        base = rng.choice(["2", "0.5", "1e3", "3.25"])
    elif kind == "brackets":
        base = f"({random_chain(rng, depth + 1)})"
    else:
        base = f"{rng.choice(['tanh', 'exp'])}({random_chain(rng, depth + 1)})"
    return rng.choice(["", "", "-", "+", "- ", "--"]) + base + rng.choice(["", "", "**2", " ** -x", "**(y)"])


def test_a_chain_cut_at_its_operators_is_the_tree_ast_parse_gives(rng):
    for _ in range(2_000):
        fuzzcount.count("parser: chains cut and joined, against ast.parse")
        text = random_chain(rng)
        flat = _parse_flat(text)
        assert flat is not None, text
        dump = ast.dump(flat, include_attributes=True)
        assert dump == ast.dump(ast.parse(text, mode="eval"), include_attributes=True), text


def _chain_of(n: int, rng) -> tuple[str, float]:
    """A flat chain of n terms joined by + and -, over x = 1.5, and its value added left to right."""
    value = {"x": 1.5, "2": 2.0, "x*x": 2.25}
    terms = [rng.choice(list(value)) for _ in range(n)]
    ops = [rng.choice("+-") for _ in range(n - 1)]
    total = value[terms[0]]
    for op, term in zip(ops, terms[1:]):
        total = total + value[term] if op == "+" else total - value[term]
    return terms[0] + "".join(f"{op}{term}" for op, term in zip(ops, terms[1:])), total


@pytest.mark.parametrize("n", [1_500, 2_999, 3_000])
def test_flat_sums_of_thousands_of_terms_build_and_differentiate(n, rng):
    text, total = _chain_of(n, rng)
    assert len(text) <= MAX_LENGTH
    root, leaves = evaluate(text, {"x": 1.5})
    assert root.data == total  # the same additions in the same order: the same float
    root.backward()
    h = 1e-6
    central = (evaluate(text, {"x": 1.5 + h})[0].data - evaluate(text, {"x": 1.5 - h})[0].data) / (2 * h)
    assert leaves["x"].grad == pytest.approx(central, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(("text", "x", "value", "grad"), [
    ("+".join(["x"] * 4999), 1.0, 4999.0, 4999.0),  # the longest sum the limit allows
    ("*".join(["x"] * 4999), 1.0, 1.0, 4999.0),  # and product: d/dx x**n = n x**(n-1)
    ("-".join(["(x)"] * 2400), 1.0, -2398.0, -2398.0),
    ("tanh(" + "+".join(["x"] * 3000) + ") * 2", 1e-4, 2 * math.tanh(0.3), 6000 * (1 - math.tanh(0.3) ** 2)),
    ("-(" + "+".join(["x"] * 3000) + ")", 1.0, -3000.0, -3000.0),
    ("+".join(["x*x"] * 1500) + "-" + "*".join(["x"] * 1500), 1.0, 1499.0, 1500.0),
])  # fmt: skip
def test_long_chains_of_every_kind_build_and_differentiate(text, x, value, grad):
    root, leaves = evaluate(text, {"x": x})
    root.backward()
    assert root.data == pytest.approx(value, rel=1e-12) and leaves["x"].grad == pytest.approx(grad, rel=1e-9)


def test_a_truly_nested_or_broken_long_text_is_still_refused_in_one_line():
    for text, message in [
        ("-" * 9_000 + "x", "nested too deeply"),
        ("+".join(["x"] * 3000) + "+", "syntax error"),
        ("+".join(["x"] * 3000) + "+_y", "column 6001: names starting with _ are not allowed"),
        ("+".join(["x"] * 3000) + " if x else x", "nested too deeply"),
        ("+".join(["x"] * 3000) + "+x.y", "attribute access"),
        ("x" + "**x" * 3000, "nested too deeply"),
    ]:
        with pytest.raises(ExpressionError, match=message) as info:
            evaluate(text, {"x": 1.0})
        assert "\n" not in str(info.value)


# Students' slips: the usual mistakes get the fix, at the column of the offending token --------

SLIPS = [
    ("x ^ 2", 3, "^ is not a power in Python (it is bitwise xor): write ** for a power, e.g. x ** 2"),
    ("2x + 1", 1, "write 2*x: Python needs * between a number and a name"),
    ("ln(x)", 1, "ln is written log here: log(x)"),
    ("ReLU(x)", 1, "ReLU is written relu here: relu(x)"),
    ("math.exp(x)", 1, "write exp(x): functions are called by their name alone, without a module"),
    ("2(x + 1)", 1, "write 2*(...): Python needs * before a parenthesis"),
    ("|x|", 1, "write abs(x) for |x|: the bars are not Python"),
    ("x²", 2, "write **2 for ²: a power is x**2"),
    ("y / x", 3, "division by zero: in y / x the divisor x is 0.0 (y = 5.0)"),
    ("exp(2*x) * 1", 1, "exp: result overflows a float for 2 * x = 1000.0 (exp needs 2 * x < 709.78), in exp(2 * x)"),
]


@pytest.mark.parametrize(("text", "column", "reason"), SLIPS, ids=[s[0] for s in SLIPS])
def test_students_slips_get_the_fix_at_the_offending_token(text, column, reason):
    values = {"x": 500.0 if "exp" in text else 0.0 if "/" in text else 1.0, "y": 5.0}
    with pytest.raises(ExpressionError) as info:
        evaluate(text, values)
    assert (info.value.column, info.value.reason) == (column, reason)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["x=1,y=2"], "give one NAME=NUMBER per item, separated by spaces: --at x=1 y=2"),
        (["x=1,5"], "write a decimal point, not a comma: x=1.5"),
        (["x:1"], "write NAME=NUMBER: x=1"),
        (["x", "=", "1"], "write each value without spaces around =, e.g. --at x=1"),
    ],
)
def test_assignment_slips_say_how_to_write_them(items, message):
    with pytest.raises(ExpressionError) as info:
        parse_assignments(items)
    assert str(info.value) == message


def test_a_value_given_under_another_capitalisation_is_pointed_out():
    with pytest.raises(ExpressionError) as info:
        evaluate("w * x", {"W": 2.0, "x": 1.0})
    assert str(info.value) == "no value given for w; you gave W, but names are case-sensitive: write --at w=2"


def test_numbers_in_an_expression_are_constants():
    root, leaves = evaluate("1 + x", {"x": 2.0})
    one = root.parents[0]
    assert not one.requires_grad and one.grad == 0.0 and leaves["x"].requires_grad
    root, _ = evaluate("3 * 4", {})
    assert not root.requires_grad and root.data == 12.0
