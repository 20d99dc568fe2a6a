"""Fuzzing the expression parser of `chainrule trace`: generated valid expressions, and mutants of them.

A grammar draws valid expressions together with their value, computed independently with floats;
the parser must build exactly that value (or refuse a math error in one line, as the engine does).
A mutation fuzzer breaks valid expressions (characters and tokens inserted, deleted, replaced or
duplicated, two expressions spliced): each case ends in a Value or a one-line ExpressionError, never
another exception and never a hang.
"""

from __future__ import annotations

import ast
import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.parser import FUNCTIONS, MAX_LENGTH, ExpressionError, evaluate, parse_assignments, variables
from tests import fuzzcount

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


# Valid expressions, with their value computed the engine's way in plain floats --------------------------

LEAVES = st.one_of(
    st.sampled_from(sorted(VALUES)).map(lambda name: (name, VALUES[name])),
    st.floats(0.0, 100.0).map(lambda c: (repr(c), c)),
    st.integers(0, 50).map(lambda c: (str(c), float(c))),
)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))


MATH = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sigmoid": _sigmoid, "relu": lambda v: max(v, 0.0),
        "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "abs": abs}  # fmt: skip
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
        st.tuples(children, st.sampled_from(sorted(FUNCTIONS))).map(unary),
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
    assert type(root) is Value and set(leaves) == set(variables(text))
    if expected is not None:
        assert root.data == expected or math.isclose(root.data, expected, rel_tol=1e-12, abs_tol=1e-300), text
    try:
        root.backward()
    except FloatingPointError as error:
        assert str(error).startswith("backward:")


def test_grammar_generated_expressions_build_their_value():
    fuzzcount.run("parser: grammar-generated expressions", fuzz_valid, at_least=300)


# Mutants ---------------------------------------------------------------------------------------------


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
        assert type(root) is Value and isinstance(root.data, float), repr(text)
    assert time.monotonic() - start < 10, f"{text!r} took too long"  # a hang guard, far above the real cost


@settings(max_examples=1500, deadline=None)
@given(mutants())
def fuzz_mutants(text):
    check_mutant(text, "parser: mutated expressions")


def test_mutated_expressions_build_or_are_refused_in_one_line():
    fuzzcount.run("parser: mutated expressions", fuzz_mutants, at_least=1000)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def fuzz_any_text(text):
    check_mutant(text, "parser: arbitrary unicode text")


def test_arbitrary_text_builds_or_is_refused_in_one_line():
    fuzzcount.run("parser: arbitrary unicode text", fuzz_any_text, at_least=200)


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
