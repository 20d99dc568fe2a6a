"""shape: the names compile gives nodes, each the first free `label_n`, however often a label repeats."""

from __future__ import annotations

import random

import nn
from autograd import Value
from autograd.compile.tape import read_graph, unique


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
