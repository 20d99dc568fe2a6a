"""nn.to_torch / nn.from_torch: the same network in PyTorch float64, outputs to 1e-12 and equal gradients."""

from __future__ import annotations

import random
import sys

import pytest

import nn

MODELS = [
    lambda: nn.MLP(2, [16, 16, 1], seed=0),
    lambda: nn.MLP(3, [8, 4], activation="tanh", output_activation="sigmoid", seed=1),
    lambda: nn.MLP(4, [5, 5, 5, 3], activation="sigmoid", init="xavier_normal", seed=2),
    lambda: nn.MLP(2, [1, 2], activation=None, seed=3),
]


@pytest.mark.parametrize("make", MODELS)
def test_outputs_agree_to_1e_12(torch, make):
    model = make()
    twin = nn.to_torch(model)
    assert all(p.dtype == torch.float64 for p in twin.parameters())
    rng = random.Random(0)
    for _ in range(10):
        x = [rng.uniform(-3, 3) for _ in range(model.nin)]
        out = model(x)
        ours = [out.data] if model.nouts[-1] == 1 else [v.data for v in out]
        theirs = twin(torch.tensor(x, dtype=torch.float64)).tolist()
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("make", MODELS)
def test_gradients_of_the_same_loss_agree(torch, make):
    model = make()
    twin = nn.to_torch(model)
    rng = random.Random(1)
    X = [[rng.uniform(-2, 2) for _ in range(model.nin)] for _ in range(6)]
    k = model.nouts[-1]
    Y = [[rng.uniform(-1, 1) for _ in range(k)] for _ in range(6)]
    outputs = [model(x) for x in X]
    nn.mse_loss(outputs if k > 1 else [[o] for o in outputs], Y).backward()
    ref = torch.nn.functional.mse_loss(twin(torch.tensor(X, dtype=torch.float64)), torch.tensor(Y, dtype=torch.float64))
    ref.backward()
    linears = [m for m in twin if isinstance(m, torch.nn.Linear)]
    for name, p in model.named_parameters():
        _, layer, _, neuron, kind, *index = name.split(".")
        linear = linears[int(layer)]
        expected = linear.bias.grad[int(neuron)] if kind == "b" else linear.weight.grad[int(neuron), int(index[0]) - 1]
        assert p.grad == pytest.approx(expected.item(), rel=1e-10, abs=1e-13), name


@pytest.mark.parametrize("make", MODELS)
def test_from_torch_brings_the_same_model_back(torch, make):
    model = make()
    back = nn.from_torch(nn.to_torch(model))
    assert back.state_dict() == model.state_dict() and repr(back) == repr(model)


def test_from_torch_reads_a_handwritten_float32_sequential(torch):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Identity(),
                              torch.nn.Sequential(torch.nn.Linear(4, 1, bias=False), torch.nn.Sigmoid()))  # fmt: skip
    model = nn.from_torch(net)
    assert (model.nin, model.nouts, model.activation, model.output_activation) == (2, [4, 1], "tanh", "sigmoid")
    assert model.layers[1].neurons[0].b.data == 0.0  # no bias in torch: a zero bias here
    x = [0.5, -1.5]
    assert model(x).data == pytest.approx(net(torch.tensor([x])).item(), rel=1e-6)  # torch ran in float32


@pytest.mark.parametrize(("modules", "error", "match"), [
    (lambda t: [t.nn.Linear(2, 3), t.nn.Dropout(0.5), t.nn.Linear(3, 1)], ValueError, "module 1 is Dropout"),
    (lambda t: [t.nn.ReLU(), t.nn.Linear(2, 1)], ValueError, "module 0 is ReLU"),
    (lambda t: [t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.ReLU()], ValueError, "module 2 is ReLU"),
    (lambda t: [t.nn.Linear(2, 3), t.nn.Linear(4, 1)], ValueError, "takes 4 inputs but the layer before has 3"),
    (lambda t: [t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Linear(3, 3), t.nn.Tanh(), t.nn.Linear(3, 1)], ValueError,
     "hidden layers use different activations"),
    (lambda t: [t.nn.Identity()], ValueError, "has no Linear layer"),
])  # fmt: skip
def test_from_torch_refuses_what_an_mlp_cannot_be(torch, modules, error, match):
    with pytest.raises(error, match=match):
        nn.from_torch(torch.nn.Sequential(*modules(torch)))


def test_wrong_types_are_named(torch):
    with pytest.raises(TypeError, match="to_torch: expected an nn.MLP, got Layer"):
        nn.to_torch(nn.Layer(2, 2, rng=0))
    with pytest.raises(TypeError, match="from_torch: expected a torch.nn.Sequential, got"):
        nn.from_torch([1, 2])


def test_without_torch_the_message_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ImportError, match=r"nn.to_torch needs PyTorch: pip install 'chainrule\[torch\]'"):
        nn.to_torch(nn.MLP(2, [1], seed=0))
    with pytest.raises(ImportError, match="nn.from_torch needs PyTorch"):
        nn.from_torch(object())
