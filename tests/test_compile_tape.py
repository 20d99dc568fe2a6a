"""shape: the names compile gives nodes, each the first free `label_n`, however often a label repeats."""

from __future__ import annotations

import ast
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Value
from autograd.compile import compile_forward
from autograd.compile.tape import identifier, read_graph, unique
from tests import fuzzcount
from tests.strategies import ChainruleOps, build, recipes


def first_free(name: str, taken: set) -> str:
    """The rule written plainly: name, name_2, name_3, ... the first not taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate


def test_unique_with_remembered_suffixes_gives_the_first_free_name():
    rng = random.Random(0)
    for _ in range(500):  # labels that collide with each other's suffixed forms too
        labels = [rng.choice(["w1", "w1_2", "w1_3", "b", "b_2", "x", "w1_2_2"]) for _ in range(30)]
        plain, fast, suffixes = set(), set(), {}
        assert [unique(label, fast, suffixes) for label in labels] == [first_free(label, plain) for label in labels]


def test_an_mlps_repeated_labels_are_numbered_in_order():
    model = nn.MLP(2, [3, 2, 1], seed=0)
    xs = [Value(0.0, "x1"), Value(0.0, "x2")]
    shape, _, _ = read_graph(model(xs), [*model.parameters(), *xs])
    names = {shape.names[i] for i in shape.inputs}
    numbered = {f"{label}{'' if n == 1 else f'_{n}'}" for label in ("w1", "w2", "b") for n in range(1, 7)}
    assert names == numbered | {"w3", "w3_2", "x1", "x2"}  # six neurons; two of them have a third input


INJECTIONS = [
    "x'); import os; os.system('echo hacked'); ('", 'a"b', "a\nimport os", "a\u2028b", "a\u2029b", "a\x00b",
    "lambda", "match", "None", "True", "__import__", "__builtins__", "_forward_backward", "1e308", "λ", "١٢",
    "x\\", "#comment", "a b", "", "    ", "in0", "const1",
]  # fmt: skip


def _graph(labels: list):
    """A small graph with every leaf and op node labelled by the given texts; its root and its inputs."""
    x, y, k = Value(0.7, labels[0]), Value(-1.3, labels[1]), Value(2.0, labels[2 % len(labels)])
    h = (x * k + y).tanh()
    h.label = labels[3 % len(labels)]
    z = autograd.dot([x, y], [h, k], Value(0.5, labels[4 % len(labels)])).sigmoid()
    z.label = labels[5 % len(labels)]
    return (z * z + h.exp()).log(), [x, y, k]


def _only_names_and_numbers(source: str) -> None:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            assert node.value is None or isinstance(node.value, int | float), f"a {type(node.value).__name__} constant"
        elif isinstance(node, ast.Name):
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", node.id)
        assert not isinstance(node, ast.Import | ast.ImportFrom | ast.Lambda | ast.Subscript | ast.JoinedStr)
    for line in source.splitlines():
        assert line.isascii() and "\x00" not in line


def _check_injection(labels: list) -> None:
    root, inputs = _graph(labels)
    f = autograd.compile(root, inputs=inputs)
    _only_names_and_numbers(f.source)
    # Only each label's identifier reaches the code: the same graph labelled with those gives the same source.
    # (A label with no identifier in it still names its node, by kind: "-" stands for one.)
    tame_root, tame_inputs = _graph([identifier(label) or ("-" if label else "") for label in labels])
    assert autograd.compile(tame_root, inputs=tame_inputs).source == f.source
    root.backward()
    out, grads = f(*(v.data for v in inputs))
    assert out == root.data and grads == tuple(v.grad for v in inputs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=6, max_size=6))
def fuzz_labels(labels):
    fuzzcount.count("compile: arbitrary labels")
    _check_injection(labels)


@pytest.mark.parametrize("label", INJECTIONS)
def test_hostile_labels_cannot_inject_code(label):
    _check_injection([label, label + "2", label, label, label + "'", label + '"'])


def test_arbitrary_labels_cannot_inject_code():
    fuzzcount.run("compile: arbitrary labels", fuzz_labels, at_least=250)


# A label reassigned to something that is not text (v.label = 3) is refused by compile in one line
# naming the node, on any node of any graph, for compile and compile_forward alike; a str subclass
# compiles as its text would.

NOT_TEXT = st.one_of(st.integers(), st.floats(), st.none(), st.binary(max_size=3), st.lists(st.integers(), max_size=2),
                     st.booleans(), st.builds(object))  # fmt: skip


class Name(str):
    """A str subclass, such as a library's own string type."""


def test_a_label_that_is_not_text_is_refused_on_any_node():
    @settings(max_examples=200, deadline=None)
    @given(recipes(max_leaves=3, max_steps=12), st.data())
    def fuzz(recipe, data):
        fuzzcount.count("compile: labels that are not text")
        leaves, steps = recipe
        _, out = build([Value(x) for x in leaves], steps, ChainruleOps)
        order = autograd.topological_order(out)
        node = data.draw(st.sampled_from(order))
        node.label = data.draw(NOT_TEXT)
        for make in (autograd.compile, lambda root: compile_forward([root], None)):
            with pytest.raises(TypeError, match="^compile: a label must be a str, got .* with data ") as info:
                make(out)
            assert "\n" not in str(info.value)
        node.label = Name("renamed")
        reference = autograd.compile(out)
        node.label = "renamed"
        assert autograd.compile(out).source == reference.source

    fuzzcount.run("compile: labels that are not text", fuzz, at_least=150)
