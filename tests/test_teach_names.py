"""autograd/teach/names.py: auto-names in reading order, roles of leaves, the order leaves are listed in, and what a
summary keeps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, topological_order
from autograd.examples import textbook_network
from autograd.graph import topological_order_plain
from autograd.parser import evaluate
from autograd.teach import names as names_module
from autograd.teach.names import NodeNames, fmt, nearest, summary
from tests.strategies import ChainruleOps, build, recipes


def test_auto_names_are_consecutive_in_reading_order():
    loss, _ = textbook_network()
    names = NodeNames(loss)
    auto = [names.name(n) for n in names.order if not n.label and n.parents]
    assert auto == ["n1"]  # the textbook labels every other node; its leaves and sums are not counted
    root, _ = evaluate("tanh(x*w + b) + x*x", {"x": 2.0, "w": 1.0, "b": 0.5})
    names = NodeNames(root)
    assert [names.name(n) for n in names.order if n.parents] == ["n1", "n2", "n3", "n4", "n5"]


def test_auto_names_skip_the_names_the_graph_already_uses():
    n1, n2 = Value(1.0, "n1"), Value(2.0, "n2")
    root = n1 * n2 + n1
    names = NodeNames(root)
    assert [names.name(n) for n in names.order] == ["n1", "n2", "n3", "n4"]


def test_constants_show_their_number_or_their_name():
    x = Value(3.0, "x")
    y = Value(2.5, "y", requires_grad=False)
    root = 1 + x - y
    names = NodeNames(root)
    one = root.parents[0].parents[0]
    assert names.name(one) == "1" and names.role(one) == "constant"
    assert names.name(y) == "y" and names.role(y) == "constant"
    assert names.role(x) == "input" and names.role(root) == "node"


def test_leaves_are_inputs_first_then_parameters_in_reading_order():
    loss, _ = textbook_network()
    names = NodeNames(loss)
    assert [n.label for n in names.leaves()] == [
        "x1", "x2", "w1", "w2", "b_h1", "w3", "w4", "b_h2", "w5", "w6", "b_o"
    ]  # fmt: skip
    assert [n.label for n in names.leaves(constants=True)][-1] == "y"


def test_parameters_can_be_named_explicitly():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    root = a * b
    assert [NodeNames(root).role(n) for n in (a, b)] == ["input", "parameter"]  # b reads like a bias
    names = NodeNames(root, params=[a])
    assert [names.role(n) for n in (a, b)] == ["parameter", "input"]


def test_shared_labels_are_told_apart_by_their_neuron():
    w_a, w_b, x = Value(0.5, "w1"), Value(-0.5, "w1"), Value(2.0, "x1")
    z_a, z_b = w_a * x, w_b * x
    z_a.label, z_b.label = "z_h1", "z_h2"
    names = NodeNames(z_a + z_b)
    assert (names.name(w_a), names.name(w_b)) == ("w1_h1", "w1_h2")
    lone = Value(1.0, "c") * Value(2.0, "c")
    names = NodeNames(lone)
    assert sorted(names.name(n) for n in lone.parents) == ["c#1", "c#2"]


def test_fmt_keeps_six_digits_and_no_minus_zero():
    assert fmt(-1.3399999999999999) == "-1.34" and fmt(-0.0) == "0" and fmt(1.0) == "1"


def test_an_mlp_names_its_nodes_by_role_as_the_textbook_does():
    import nn

    model = nn.MLP.from_weights([[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]], [[0.1, 0.2], [0.3]])
    y_hat = model([2.0, 3.0])
    assert y_hat.label == "y_hat" and abs(y_hat.data - 1.83) < 1e-12
    hidden = [p for p in y_hat.parents if p.parents]
    assert [h.label for h in hidden] == ["a_h1", "a_h2"]
    assert [h.parents[0].label for h in hidden] == ["z_h1", "z_h2"]
    names = NodeNames((y_hat - 2.5) ** 2)
    params = [names.name(p) for p in y_hat.parents if not p.parents]
    assert params == ["w1_o1", "w2_o1", "b_o1"]  # shared labels told apart by neuron, as the chapter's b_o1
    deep = nn.MLP(2, [3, 3, 2], seed=0)
    outs = deep([0.5, -0.5])
    assert [o.label for o in outs] == ["z_o1", "z_o2"]  # two outputs: no single y_hat
    assert outs[0].parents[3].label == "a_h2_1"  # after the three weights: layer 2, neuron 1
    lone = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
    a = lone([1.0, 2.0])
    assert (a.label, a.parents[0].label) == ("a", "z")


def test_nearest_keeps_the_root_and_its_closest_ancestors():
    x = Value(1.0)
    chain = [x]
    for _ in range(10):
        chain.append(chain[-1] * 2.0)
    kept = nearest(chain[-1], 3)
    assert len(kept) == 3 and chain[-1] in kept and chain[-2] in kept and x not in kept
    assert nearest(chain[-1], 10_000) == set(topological_order(chain[-1]))


def _labelled(recipe) -> Value:
    """A random graph whose leaves share labels (x, x, w1, ...), so names must be qualified or numbered."""
    leaves, steps = recipe
    _, out = build([Value(v, "xw"[i % 2] + ("1" if i > 1 else "")) for i, v in enumerate(leaves)], steps, ChainruleOps)
    return out


@settings(max_examples=100, deadline=None)
@given(recipes(max_leaves=5, max_steps=30))
def test_names_within_every_node_are_the_names_of_the_whole_graph(recipe):
    root = _labelled(recipe)
    whole, within = NodeNames(root), NodeNames(root, within=set(topological_order(root)))
    assert within.order == whole.order and within.reading_order() == whole.reading_order()
    assert [within.name(n) for n in within.order] == [whole.name(n) for n in whole.order]
    assert all(within.parents(n) == n.parents for n in within.order)


@settings(max_examples=100, deadline=None)
@given(recipes(max_leaves=5, max_steps=30), st.integers(1, 40))
def test_names_within_a_summary_name_only_the_kept_nodes_in_an_order_of_their_own(recipe, max_nodes):
    root = _labelled(recipe)
    kept = nearest(root, max_nodes)
    names = NodeNames(root, within=kept)
    assert set(names.order) == kept and names.root is root and set(names.reading_order()) == kept
    for node in names.order:  # every kept parent before its child; a hidden one is not there at all
        assert names.parents(node) == tuple(p for p in node.parents if p in kept)
        assert all(names.index[p] < names.index[node] for p in names.parents(node))
    shown = [names.name(n) for n in names.order if n.requires_grad or n.label]
    assert len(shown) == len(set(shown))  # unique within the picture
    if kept == set(topological_order(root)):
        assert names.order == topological_order_plain(root)


def test_summary_counts_the_hidden_nodes_exactly_up_to_its_cap_then_says_more_than(monkeypatch):
    x = Value(1.0, "x")
    v = x
    for _ in range(1000):  # 2,001 nodes: a multiply and its constant per link
        v = v * 1.0
    assert summary(v, 2001) == (None, 0, False)  # it fits: nothing kept apart, nothing hidden
    kept, hidden, more_than = summary(v, 100)
    assert kept == nearest(v, 100) and (hidden, more_than) == (1901, False)
    monkeypatch.setattr(names_module, "COUNTED", 1901)
    assert summary(v, 100)[1:] == (1901, False)  # exactly at the cap: still exact
    monkeypatch.setattr(names_module, "COUNTED", 500)
    assert summary(v, 100)[1:] == (500, True)  # more than 500 nodes are hidden: true, 1901 are
    assert summary(v, 1000)[1:] == (500, True)  # whatever max_nodes, the hidden ones are counted to the cap
    assert summary(v, 1600)[1:] == (401, False)


TOOLS = {  # every tool that writes a graph's labels, and the name its error gives
    "explain": lambda root, x: autograd.explain(root),
    "why": lambda root, x: autograd.why(x, root=root),
    "draw": lambda root, x: autograd.draw(root),
    "to_mermaid": lambda root, x: autograd.to_mermaid(root),
    "stepper_html": lambda root, x: autograd.stepper_html(root),
    "compile": lambda root, x: autograd.compile(root),
    "backward_steps": lambda root, x: autograd.backward_steps(root),
}


@pytest.mark.parametrize("bad", [5, 2.5, None, b"x", ["x"]], ids=["int", "float", "None", "bytes", "list"])
@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_label_reassigned_to_what_is_not_text_is_one_clear_error_in_every_tool(tool, bad):
    x = autograd.Value(2.0, "x")
    root = (x * 3.0).tanh()
    x.label = bad  # Value(label=...) checks; a later assignment is checked where the label is read
    with pytest.raises(TypeError, match=rf"^{tool}: a label must be a str, got .* on a leaf with data 2.0"):
        TOOLS[tool](root, x)
