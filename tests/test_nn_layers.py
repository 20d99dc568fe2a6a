"""Module, Neuron, Layer and MLP: names, labels, shapes, the fused and expanded forms, errors."""

from __future__ import annotations

import collections
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Value
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network
from tests import fuzzcount
from tests.nodes import made


def test_named_parameters_follow_the_stable_scheme():
    model = nn.MLP(2, [3, 1], seed=0)
    names = [name for name, _ in model.named_parameters()]
    expected = [f"layers.0.neurons.{j}.{p}" for j in range(3) for p in ("w.1", "w.2", "b")]
    expected += [f"layers.1.neurons.0.{p}" for p in ("w.1", "w.2", "w.3", "b")]
    assert names == expected
    assert [p.label for p in model.parameters()][:3] == ["w1", "w2", "b"]
    assert list(model.state_dict()) == expected


def test_micrograd_sized_mlp_has_its_parameters_and_init():
    model = nn.MLP(2, [16, 16, 1], seed=0)
    params = model.parameters()
    assert len(params) == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 == 337
    weights = [p for name, p in model.named_parameters() if ".w." in name]
    assert all(-1.0 <= w.data <= 1.0 for w in weights) and len({w.data for w in weights}) == len(weights)
    assert all(p.data == 0.0 for name, p in model.named_parameters() if name.endswith(".b"))
    assert [layer.activation for layer in model.layers] == ["relu", "relu", "linear"]
    assert type(model([0.5, -0.5])) is Value


def test_a_one_neuron_hidden_layer_works():
    # micrograd returns a bare Value from a 1-neuron layer and the next layer then fails to iterate it.
    assert type(nn.MLP(2, [1, 3, 1], seed=1)([1.0, 2.0])) is Value
    model = nn.MLP.from_weights(
        [[[0.5, 0.5]], [[1.0], [2.0], [-1.0]], [[1.0, 1.0, 1.0]]], [[0.0], [0.0, 0.0, 0.0], [0.0]]
    )
    out = model([1.0, 2.0])  # hidden 1.5 -> [1.5, 3.0, 0.0] -> 4.5
    assert type(out) is Value and out.data == 4.5
    out.backward()
    assert [w.grad for w in model.layers[0].neurons[0].w] == [3.0, 6.0]  # d out / d h = 1 + 2 (the relu at -1.5 is off)


def test_a_layer_always_returns_a_list_and_an_mlp_unwraps_only_one_output():
    layer = nn.Layer(2, 1, rng=0)
    assert isinstance(layer([1.0, 2.0]), list) and len(layer([1.0, 2.0])) == 1
    assert type(nn.MLP(2, [1], seed=0)([1.0, 2.0])) is Value
    outs = nn.MLP(2, [4, 3], seed=0)([1.0, 2.0])
    assert isinstance(outs, list) and len(outs) == 3 and all(type(v) is Value for v in outs)


def test_inputs_become_labelled_leaves_and_values_pass_through():
    model = nn.MLP(2, [2, 1], seed=0)
    labels = {v.label for v in autograd.leaves(model([2, 3]))}
    assert {"x1", "x2"} <= labels
    x = Value(2.0, "mine")
    linear = nn.MLP.from_weights([[[4.0, 1.0]]], [[0.0]], output_activation=None)
    linear([x, 3.0]).backward()
    assert x.label == "mine" and x.grad == 4.0


def test_a_one_input_model_takes_a_bare_number():
    model = nn.MLP(1, [4, 1], seed=0)
    assert model(0.5).data == model([0.5]).data


@pytest.mark.parametrize(("bad", "error", "match"), [
    ([1.0, 2.0, 3.0], ValueError, "MLP: expected 2 inputs, got 3"),
    ([1.0], ValueError, "MLP: expected 2 inputs, got 1"),
    ("ab", TypeError, "MLP: expected a list of 2 numbers or Values, got 'ab'"),
    (None, TypeError, "MLP: expected a list of 2 numbers or Values, got None"),
    ([1.0, "a"], TypeError, "MLP: bad input.*'a'"),
    ([1.0, float("nan")], ValueError, "MLP: bad input.*nan"),
])  # fmt: skip
def test_bad_inputs_are_named(bad, error, match):
    with pytest.raises(error, match=match):
        nn.MLP(2, [3, 1], seed=0)(bad)


def test_neuron_and_layer_check_their_input_size_too():
    with pytest.raises(ValueError, match="Neuron: expected 3 inputs, got 2"):
        nn.Neuron(3, rng=0)([1.0, 2.0])
    with pytest.raises(ValueError, match="Layer: expected 3 inputs, got 4"):
        nn.Layer(3, 2, rng=0)([1.0, 2.0, 3.0, 4.0])


def test_a_neuron_is_one_dot_node_then_one_activation_node():
    neuron = nn.Neuron(3, activation="tanh", rng=0)
    out = neuron([1.0, 2.0, 3.0])
    assert out.op == "tanh"
    (z,) = out.parents
    assert z.op == "dot" and len(z.parents) == 2 * 3 + 1
    assert z.parents[:3] == neuron.w and z.parents[-1] is neuron.b
    linear = nn.Neuron(3, activation=None, rng=0)([1.0, 2.0, 3.0])
    assert linear.op == "dot"  # linear adds no node


def test_fused_false_spells_the_sum_out_with_the_same_floats():
    rng = random.Random(7)
    for _ in range(20):
        n = rng.randint(1, 8)
        w, b, x = [rng.uniform(-2, 2) for _ in range(n)], rng.uniform(-1, 1), [rng.uniform(-3, 3) for _ in range(n)]
        fused = nn.Neuron.from_weights(w, b, activation="sigmoid")
        expanded = nn.Neuron.from_weights(w, b, activation="sigmoid", fused=False)
        a, e = fused(x), expanded(x)
        assert a.data == e.data  # bit for bit: dot sums left to right, bias last
        a.backward()
        e.backward()
        assert [p.grad for p in fused.parameters()] == [p.grad for p in expanded.parameters()]
    ops = [v.op for v in autograd.nodes(nn.Neuron.from_weights([1.0, 2.0], 0.5, fused=False)([3.0, 4.0]))]
    assert ops.count("*") == 2 and ops.count("+") == 2 and "dot" not in ops


def test_seed_makes_an_mlp_reproducible_without_touching_the_global_random_state():
    assert nn.MLP(3, [5, 2], seed=42).state_dict() == nn.MLP(3, [5, 2], seed=42).state_dict()
    assert nn.MLP(3, [5, 2], seed=42).state_dict() != nn.MLP(3, [5, 2], seed=43).state_dict()
    random.seed(5)
    expected = random.random()
    random.seed(5)
    nn.MLP(3, [5, 2], seed=1)
    nn.Neuron(3, rng=2)
    nn.Layer(3, 2, rng=random.Random(3))
    assert random.random() == expected


def test_an_unseeded_model_draws_from_the_global_random_as_micrograd_does():
    # micrograd: Neuron draws w = [random.uniform(-1, 1) for _ in range(nin)], b = 0; an MLP builds its
    # layers and neurons in order. So after random.seed(1337) the weights are the same draws, in order.
    random.seed(1337)
    model = nn.MLP(2, [16, 16, 1])
    random.seed(1337)
    draws = [random.uniform(-1.0, 1.0) for _ in range(2 * 16 + 16 * 16 + 16)]
    assert [p.data for name, p in model.named_parameters() if ".w." in name] == draws
    random.seed(1337)
    assert nn.MLP(2, [16, 16, 1]).state_dict() == model.state_dict()  # reproducible with random.seed alone
    assert nn.MLP(2, [16, 16, 1]).state_dict() != model.state_dict()  # and the next one draws further on
    random.seed(1337)
    assert [w.data for w in nn.Neuron(3).w] == draws[:3] and [w.data for w in nn.Layer(3, 1).neurons[0].w] == draws[3:6]


def test_micrograd_models_agree_weight_for_weight():
    micrograd = pytest.importorskip("micrograd.nn")  # installed by `make bench` (micrograd==0.1.0)
    random.seed(1337)
    theirs = micrograd.MLP(2, [16, 16, 1])
    random.seed(1337)
    ours = nn.MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.5, -1.25]
    assert ours(x).data == pytest.approx(theirs(x).data, rel=1e-12)


def test_nonlin_is_micrograds_spelling_of_the_activation():
    assert nn.Neuron(2, nonlin=False, rng=0).activation == "linear"
    assert nn.Neuron(2, nonlin=True, rng=0).activation == "relu"  # micrograd's non-linearity
    assert nn.Neuron(2, "tanh", nonlin=True, rng=0).activation == "tanh"
    assert nn.Layer(2, 3, nonlin=False, rng=0).activation == "linear"
    assert all(n.activation == "linear" for n in nn.Layer(2, 3, nonlin=False, rng=0).neurons)
    neuron = nn.Neuron(2, nonlin=False, rng=0)
    assert neuron([1.0, 2.0]).op == "dot"  # no activation node at all
    with pytest.raises(ValueError, match="Neuron: nonlin=False contradicts activation='tanh'"):
        nn.Neuron(2, "tanh", nonlin=False)
    with pytest.raises(ValueError, match="Layer: nonlin=True contradicts activation=None"):
        nn.Layer(2, 2, None, nonlin=True)
    with pytest.raises(TypeError, match="Neuron: nonlin must be True or False"):
        nn.Neuron(2, nonlin="yes")


NEW_ACTIVATIONS = ["leaky_relu", "elu", "gelu", "softplus", "silu", "softsign"]


def test_activation_names_and_none():
    for name in ["relu", "tanh", "sigmoid", "linear", None, "ReLU", *NEW_ACTIVATIONS, "GELU", "SiLU"]:
        assert nn.Neuron(2, activation=name, rng=0).activation == (name or "linear").lower()
    assert nn.Neuron(2, activation="swish", rng=0).activation == "silu"  # the other name of the same op
    assert nn.Neuron(2, activation="LeakyReLU", rng=0).activation == "leaky_relu"  # torch's class name
    with pytest.raises(ValueError, match="unknown activation 'softmax'.*'relu'.*'gelu'.*'linear' or None"):
        nn.MLP(2, [3, 1], activation="softmax")
    with pytest.raises(ValueError, match="Neuron: unknown activation 3"):
        nn.Neuron(2, activation=3)


@pytest.mark.parametrize("name", NEW_ACTIVATIONS)
def test_every_activation_op_is_an_activation_node_after_the_dot(name):
    neuron = nn.Neuron.from_weights([0.5, -1.0], 0.25, activation=name)
    out = neuron([1.0, 2.0])  # z = 0.5 - 2 + 0.25 = -1.25: the negative side, where they differ most
    assert out.op == name and out.parents[0].op == "dot"
    expected = getattr(autograd, name)(Value(-1.25))
    assert out.data == expected.data and out.local_grads == expected.local_grads
    out.backward()
    assert neuron.b.grad == expected.local_grads[0]


@pytest.mark.parametrize("name", NEW_ACTIVATIONS)
def test_models_with_every_activation_save_and_load(tmp_path, name):
    model = nn.MLP(2, [3, 2], activation=name, output_activation=name, seed=4)
    nn.save(model, tmp_path / "m.json")
    back = nn.load(tmp_path / "m.json")
    assert back.activation == back.output_activation == name
    assert back.state_dict() == model.state_dict()
    assert [v.data for v in back([0.3, -0.7])] == [v.data for v in model([0.3, -0.7])]


@pytest.mark.parametrize("name", NEW_ACTIVATIONS)
def test_models_with_every_activation_go_to_torch_and_back(torch, name):
    model = nn.MLP(2, [3, 1], activation=name, seed=5)
    module = nn.to_torch(model)
    x = [0.3, -0.7]
    assert module(torch.tensor([x], dtype=torch.float64)).item() == pytest.approx(model(x).data, rel=1e-12)
    assert nn.from_torch(module).state_dict() == model.state_dict()
    assert nn.from_torch(module).activation == name


def test_from_torch_refuses_an_activation_with_other_settings(torch):
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(0.2), torch.nn.Linear(3, 1))
    with pytest.raises(ValueError, match="module 1 is LeakyReLU"):
        nn.from_torch(module)


def test_an_activation_op_of_your_own_is_an_nn_activation(tmp_path):
    @autograd.primitive(local=("1 if {x} > 0 else 0.1",), avoid=(0.0,), tags=("activation",))
    def my_leaky(x):
        return (x, (1.0,)) if x > 0 else (0.1 * x, (0.1,))

    try:
        model = nn.MLP(2, [3, 1], activation="my_leaky", seed=0)
        assert model.layers[0].neurons[0]([1.0, -2.0]).op == "my_leaky"
        nn.save(model, tmp_path / "m.json")
        assert nn.load(tmp_path / "m.json").activation == "my_leaky"
    finally:
        autograd.primitives.forget("my_leaky")
    with pytest.raises(ValueError, match="unknown activation 'my_leaky'"):
        nn.load(tmp_path / "m.json")


@pytest.mark.parametrize(("make", "error", "match"), [
    (lambda: nn.MLP(0, [1]), ValueError, "MLP: nin must be >= 1, got 0"),
    (lambda: nn.MLP(2, []), ValueError, "MLP: nouts is empty"),
    (lambda: nn.MLP(2, [3, 0]), ValueError, r"MLP: nouts\[1\] must be >= 1"),
    (lambda: nn.MLP(2, 3), TypeError, "MLP: nouts must be a list"),
    (lambda: nn.MLP(2.5, [1]), TypeError, "MLP: nin must be an int"),
    (lambda: nn.MLP(2, [1], seed="x"), TypeError, "MLP: seed must be an int or None"),
    (lambda: nn.Neuron(2, init="orthogonal"), ValueError, "Neuron: unknown init 'orthogonal'"),
    (lambda: nn.Neuron(2, rng="x"), TypeError, "Neuron: rng must be a random.Random"),
])  # fmt: skip
def test_bad_constructor_arguments_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(("weights", "biases", "match"), [
    ([[[0.1, 0.4]], [[0.6, 0.3]]], [[0.1], [0.3]], "layer 1 has 2 weights per neuron but layer 0 has 1 neurons"),
    ([[[0.1, 0.4], [0.2]]], [[0.1, 0.2]], "same number"),
    ([[[0.1, 0.4]]], [[0.1, 0.2]], "1 weight rows but 2 biases"),
    ([[[0.1, 0.4]]], [], "1 weight layers but 0 bias layers"),
    ([[[0.1, "a"]]], [[0.1]], r"w\[1\] must be a real number"),
    ([[[0.1, float("inf")]]], [[0.1]], r"w\[1\] must be finite"),
])  # fmt: skip
def test_from_weights_checks_shapes_and_numbers(weights, biases, match):
    with pytest.raises((ValueError, TypeError), match=match):
        nn.MLP.from_weights(weights, biases)


def test_layer_from_weights_rows_are_output_neurons():
    layer = nn.Layer.from_weights([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.5, 0.0, -1.0], activation="linear")
    assert (layer.nin, layer.nout) == (2, 3)
    assert [v.data for v in layer([1.0, 1.0])] == [3.5, 7.0, 10.0]


def test_state_dict_round_trip_and_mismatch_errors():
    a, b = nn.MLP(2, [3, 1], seed=0), nn.MLP(2, [3, 1], seed=1)
    b.load_state_dict(a.state_dict())
    assert b.state_dict() == a.state_dict() and b([0.3, 0.7]).data == a([0.3, 0.7]).data
    with pytest.raises(ValueError, match=r"13 parameters, 16 given.*unexpected 'layers.1.neurons.0.w.4', 'x', 'y'"):
        b.load_state_dict(nn.MLP(2, [3, 1], seed=0).state_dict() | {"layers.1.neurons.0.w.4": 1.0, "x": 1, "y": 2})
    with pytest.raises(ValueError, match="missing 'layers.0.neurons.0.w.1'"):
        state = a.state_dict()
        del state["layers.0.neurons.0.w.1"]
        b.load_state_dict(state)
    with pytest.raises(TypeError, match="must be a real number"):
        b.load_state_dict(dict.fromkeys(a.state_dict(), "1"))
    with pytest.raises(TypeError, match="expected a dict"):
        b.load_state_dict([1.0])


def test_zero_grad_clears_every_parameter():
    model = nn.MLP(2, [3, 1], seed=0)
    nn.mse_loss(model([1.0, 2.0]), 1.0).backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


class Residual(nn.Module):
    """A custom module: attributes are found in order; a shared Value is one parameter."""

    def __init__(self):
        self.body = nn.MLP(2, [3, 2], seed=0)
        self.scale = Value(0.5, "scale")
        self.heads = [nn.Neuron(2, rng=1), nn.Neuron(2, rng=2)]
        self.extra = {"gain": Value(1.0, "gain")}
        self.alias = self.scale
        self._cache = Value(9.0)  # private attributes are not parameters

    def forward(self, x):
        h = self.body(x)
        return self.heads[0](h) * self.scale + self.heads[1](h)


def test_custom_modules_find_their_parameters_and_call_forward():
    model = Residual()
    names = [name for name, _ in model.named_parameters()]
    assert names[0] == "body.layers.0.neurons.0.w.1"
    assert "scale" in names and "heads.1.b" in names and "extra.gain" in names and "alias" not in names
    assert len(names) == len(model.body.parameters()) + 1 + 2 * 3 + 1
    assert type(model([1.0, 2.0])) is Value


def test_a_module_without_forward_says_so():
    with pytest.raises(TypeError, match="Module subclass computes its output in forward"):
        nn.Module()([1.0])


def test_reprs_read_like_the_constructor():
    assert repr(nn.MLP(2, [16, 16, 1], seed=0)) == "MLP(2, [16, 16, 1], activation='relu', output_activation='linear')"
    assert repr(nn.Layer(2, 3, activation="tanh", rng=0, fused=False)) == "Layer(2, 3, activation='tanh', fused=False)"
    assert repr(nn.Neuron(4, activation=None, rng=0)) == "Neuron(4, activation='linear')"


# DESIGN.md's names for the 2-2-1 network's parameters, and where nn keeps them.
NAMES = {
    "w1": "layers.0.neurons.0.w.1", "w2": "layers.0.neurons.0.w.2",
    "w3": "layers.0.neurons.1.w.1", "w4": "layers.0.neurons.1.w.2",
    "w5": "layers.1.neurons.0.w.1", "w6": "layers.1.neurons.0.w.2",
    "b_h1": "layers.0.neurons.0.b", "b_h2": "layers.0.neurons.1.b", "b_o": "layers.1.neurons.0.b",
}  # fmt: skip


GRADIENTS = {
    "w5": -2.01, "w6": -2.814, "b_o": -1.34, "w1": -1.608, "w2": -2.412, "w3": -0.804, "w4": -1.206,
    "b_h1": -0.804, "b_h2": -0.402,
}  # fmt: skip


def textbook_mlp(fused: bool = True) -> nn.MLP:
    weights = [[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]]
    biases = [[0.1, 0.2], [0.3]]
    return nn.MLP.from_weights(weights, biases, activation="relu", output_activation="linear", fused=fused)


def test_the_textbook_constants_are_the_ones_of_the_issue():
    assert [list(map(list, layer)) for layer in TEXTBOOK_WEIGHTS] == [[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]]
    assert [list(b) for b in TEXTBOOK_BIASES] == [[0.1, 0.2], [0.3]]


@pytest.mark.parametrize("fused", [True, False])
def test_two_two_one_network_forward_loss_and_gradients(fused):
    model = textbook_mlp(fused)
    assert [h.data for h in model.layers[0](TEXTBOOK_X)] == pytest.approx([1.5, 2.1], abs=1e-12)
    y_hat = model(TEXTBOOK_X)
    assert y_hat.data == pytest.approx(1.83, abs=1e-12)
    loss = nn.mse_loss(y_hat, TEXTBOOK_Y)
    assert loss.data == pytest.approx(0.4489, abs=1e-12)
    loss.backward()
    assert y_hat.grad == pytest.approx(-1.34, abs=1e-12)
    params = dict(model.named_parameters())
    for name, grad in GRADIENTS.items():
        assert params[NAMES[name]].grad == pytest.approx(grad, abs=1e-12), name


def test_nn_gives_the_same_floats_as_the_network_built_by_hand():
    loss_by_hand, named = textbook_network()
    loss_by_hand.backward()
    model = textbook_mlp()
    loss = nn.mse_loss(model(TEXTBOOK_X), TEXTBOOK_Y)
    loss.backward()
    assert loss.data == loss_by_hand.data
    params = dict(model.named_parameters())
    for name, path in NAMES.items():
        assert params[path].data == named[name].data
        assert params[path].grad == named[name].grad, name


def test_parameters_carry_the_labels_a_picture_shows():
    model = textbook_mlp()
    assert [p.label for p in model.parameters()] == ["w1", "w2", "b", "w1", "w2", "b", "w1", "w2", "b"]
    labels = [v.label for v in autograd.leaves(model(TEXTBOOK_X))]
    assert labels.count("x1") == 1 and labels.count("x2") == 1  # inputs become labelled leaves, shared by neurons
    assert sorted(set(labels)) == ["b", "w1", "w2", "x1", "x2"]


def test_one_sigmoid_neuron_and_one_sgd_step():
    neuron = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
    a = neuron([1.0, 2.0])
    z = a.parents[0]
    assert z.op == "dot" and z.data == pytest.approx(0.6, abs=1e-12)
    assert a.data == pytest.approx(0.64566, abs=5e-6)
    assert a.local_grads[0] == pytest.approx(0.22878, abs=5e-6)  # sigma'(z)
    loss = 0.5 * nn.mse_loss(a, 0.5)  # the textbook's 1/2 (y - a)^2
    assert loss.data == pytest.approx(0.010608, abs=5e-7)
    loss.backward()
    assert [w.grad for w in neuron.w] == pytest.approx([0.033324, 0.066648], abs=5e-7)
    nn.SGD(neuron.parameters(), lr=0.01).step()
    assert [w.data for w in neuron.w] == pytest.approx([0.099667, 0.199334], abs=5e-7)


# A sample is an ordered row: the same numbers in a list, a tuple, a numpy row or any sequence give the
# same output; a dict (its keys), a set (no order), a generator (read once) or text is refused, naming
# what a sample must be, never read.


class Row(collections.abc.Sequence):
    """A user's own sequence type: a length and indexing, nothing else."""

    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


ORDERED = {"list": list, "tuple": tuple, "deque": collections.deque, "Sequence": Row}
REFUSED = {
    "dict": (lambda xs: dict(enumerate(xs)), "a dict would be read by its keys"),
    "dict with the numbers as keys": (lambda xs: dict.fromkeys(xs), "a dict would be read by its keys"),
    "set": (lambda xs: set(xs), "a set has no order"),
    "frozenset": (lambda xs: frozenset(xs), "a set has no order"),
    "dict keys": (lambda xs: dict.fromkeys(xs).keys(), "a set has no order"),
    "dict values": (lambda xs: dict(enumerate(xs)).values(), "it has no length and no order"),
    "generator": (lambda xs: (x for x in xs), "a generator or iterator is used up"),
    "iterator": (lambda xs: iter(xs), "a generator or iterator is used up"),
    "map": (lambda xs: map(float, xs), "a generator or iterator is used up"),
    "str": (lambda xs: ",".join(map(str, xs)), "text is not a row of numbers"),
}
MODELS = {"MLP": lambda n: nn.MLP(n, [3, 1], seed=0), "Layer": lambda n: nn.Layer(n, 2, rng=0),
          "Neuron": lambda n: nn.Neuron(n, rng=0)}  # fmt: skip


def _out(result):
    return [v.data for v in result] if isinstance(result, list) else result.data


def test_a_sample_in_any_ordered_container_gives_the_same_output_and_any_other_is_refused():
    numpy = pytest.importorskip("numpy")
    containers = {**ORDERED, "numpy row": numpy.array}

    numbers = st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=5, unique=True)

    @settings(max_examples=150, deadline=None)
    @given(
        numbers, st.sampled_from(sorted(MODELS)), st.sampled_from(sorted(containers)), st.sampled_from(sorted(REFUSED))
    )
    def fuzz(xs, model_name, good, bad):
        fuzzcount.count("nn: samples in every container")
        model = MODELS[model_name](len(xs))
        assert _out(model(containers[good](xs))) == _out(model(list(xs)))
        make, why = REFUSED[bad]
        expected = (
            f"^{model_name}: expected a list of {len(xs)} numbers or Values, got .*: {re.escape(why)}.*; a sample"
        )
        with pytest.raises(TypeError, match=expected) as info:
            model(make(xs))
        assert "\n" not in str(info.value)

    fuzzcount.run("nn: samples in every container", fuzz, at_least=100)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.sampled_from(["relu", "tanh", "sigmoid", "linear"]), st.integers(0, 99))
def test_a_layer_makes_the_nodes_its_neurons_make_one_by_one(nin, nout, activation, seed):
    # The layer builds every neuron's dot at once (autograd.linear); each dot (over the same leaves) and each
    # activation above it are what the neuron alone makes, bit for bit, labels included.
    layer = nn.Layer(nin, nout, activation=activation, rng=seed)
    xs = tuple(Value(random.Random(seed + i).uniform(-3, 3), f"x{i}") for i in range(nin))
    for a, b in zip(layer._forward(xs), [neuron._forward(xs) for neuron in layer.neurons]):
        za, zb = (a, b) if a.op == "dot" else (a.parents[0], b.parents[0])
        assert made(lambda z=za: z) == made(lambda z=zb: z)
        assert (a.op, repr(a.data), repr(a.local_grads), a.label) == (b.op, repr(b.data), repr(b.local_grads), b.label)
