"""nn.Module's PyTorch conventions: train()/eval()/.training, modules(), children() and their named forms,
compared with torch.nn on the same structure where torch is installed."""

from __future__ import annotations

import pytest

import nn
from autograd import Value


class Dropoutish(nn.Module):
    """A module whose forward depends on the mode, as dropout does."""

    def __init__(self):
        self.w = Value(2.0, "w")

    def forward(self, x):
        return self.w * x if self.training else self.w * 0.0 + x


class Net(nn.Module):
    def __init__(self):
        self.body = nn.MLP(2, [3, 1], seed=0)
        self.extra = [Dropoutish(), {"head": nn.Neuron(1, activation="linear")}]
        self.shared = self.body  # the same module twice: one module


def test_training_is_true_by_default_and_eval_train_switch_every_module():
    net = Net()
    assert net.training and all(m.training for m in net.modules())
    assert net.eval() is net
    assert [m.training for m in net.modules()] == [False] * len(list(net.modules()))
    assert net.train() is net and all(m.training for m in net.modules())
    assert net.train(False) is net and not any(m.training for m in net.modules())
    net.extra[0].train()  # one sub-module alone
    assert net.extra[0].training and not net.training and not net.body.training


def test_forward_can_read_the_mode():
    layer = Dropoutish()
    assert layer(3.0).data == 6.0
    assert layer.eval()(3.0).data == 3.0


def test_train_refuses_a_mode_that_is_not_a_bool():
    with pytest.raises(TypeError, match=r"MLP.train: mode must be True or False, got 'no' \(str\)"):
        nn.MLP(2, [1], seed=0).train("no")


def test_modules_and_children_walk_attributes_lists_and_dicts_once_each():
    net = Net()
    names = [name for name, _ in net.named_modules()]
    assert names[:3] == ["", "body", "body.layers.0"]
    assert names[-2:] == ["extra.0", "extra.1.head"]
    assert len(names) == len(set(names)) and "shared" not in names  # body is listed once
    mlp_modules = 1 + 2 + 3 + 1  # the MLP, its 2 layers, 3 + 1 neurons
    assert len(names) == 1 + mlp_modules + 2
    assert [name for name, _ in net.named_children()] == ["body", "extra.0", "extra.1.head"]
    assert list(net.children()) == [net.body, net.extra[0], net.extra[1]["head"]]
    assert list(net.modules())[0] is net
    assert [n for n, _ in net.body.named_modules(prefix="body")][:2] == ["body", "body.layers.0"]


def test_module_names_prefix_the_parameter_names():
    model = nn.MLP(2, [3, 1], seed=0)
    modules = dict(model.named_modules())
    for name, p in model.named_parameters():  # layers.0.neurons.1.w.1 belongs to layers.0.neurons.1
        owner = max((m for m in modules if m and name.startswith(m + ".")), key=len)
        assert isinstance(modules[owner], nn.Neuron) and any(q is p for q in modules[owner].parameters())


def test_the_mode_is_not_a_parameter_and_survives_state_dict():
    model = nn.MLP(2, [3, 1], seed=0).eval()
    before = model.state_dict()
    assert "training" not in " ".join(before) and len(model.parameters()) == 3 * 3 + 4
    model.load_state_dict(before)
    assert not model.training


def test_the_walk_matches_torch_on_the_same_structure(torch):
    ours = nn.MLP(2, [3, 1], seed=0)
    theirs = nn.to_torch(ours)
    assert len(list(ours.children())) == len([m for m in theirs.children() if isinstance(m, torch.nn.Linear)])
    for module, expected in ((ours.eval(), theirs.eval()), (ours.train(), theirs.train())):
        assert module.training == expected.training
        assert {m.training for m in module.modules()} == {m.training for m in expected.modules()}
