"""nn.optim: every optimizer's trajectory against torch.optim's, state round trips and argument checks."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value

START = [0.5, -0.3, 0.8, 0.1, -0.6]
DATA = [(-1.0, 0.2), (-0.3, -0.5), (0.4, 0.9), (1.2, 0.1)]


def problem_loss(p):
    """A small non-convex least-squares problem that runs on Values and on torch tensors alike."""
    total = 0.0
    for x, y in DATA:
        pred = (p[0] * x + p[1]).tanh() * p[2] + p[3] * x * x + p[4]
        total = total + (pred - y) ** 2
    return total * (1.0 / len(DATA))


CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.1, "momentum": 0.8, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01, "nesterov": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "centered": True}),
    ("RMSprop", {"lr": 0.005, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("Adam", {}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.9), "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}),
]


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=[f"{n}-{sorted(k.items())}" for n, k in CONFIGS])
def test_twenty_steps_follow_torch_optim(torch, name, kwargs):
    ours = [Value(v) for v in START]
    theirs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in START]
    opt, ref = getattr(nn.optim, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
    for step in range(20):
        opt.zero_grad()
        ref.zero_grad()
        problem_loss(ours).backward()
        problem_loss(theirs).backward()
        opt.step()
        ref.step()
        expected = [t.item() for t in theirs]
        assert [p.data for p in ours] == pytest.approx(expected, rel=1e-9, abs=1e-9), f"step {step}"
    assert [p.data for p in ours] != pytest.approx(START, abs=1e-3)  # it really moved


def test_defaults_are_torch_defaults(torch):
    params = [Value(1.0)]
    pairs = [(nn.optim.SGD, torch.optim.SGD), (nn.optim.RMSprop, torch.optim.RMSprop),
             (nn.optim.Adam, torch.optim.Adam), (nn.optim.AdamW, torch.optim.AdamW)]  # fmt: skip
    for ours, theirs in pairs:
        ref = theirs([torch.zeros(1, requires_grad=True)]).defaults
        opt = ours(params)
        for key in ours.HYPERPARAMETERS:
            assert getattr(opt, key) == pytest.approx(ref[key]), (ours.__name__, key)


def test_state_dict_lets_training_resume_exactly():
    def run(steps, opt):
        for _ in range(steps):
            opt.zero_grad()
            problem_loss(opt.params).backward()
            opt.step()

    straight = nn.optim.Adam([Value(v) for v in START], lr=0.05, amsgrad=True)
    run(10, straight)
    first = nn.optim.Adam([Value(v) for v in START], lr=0.05, amsgrad=True)
    run(5, first)
    resumed = nn.optim.Adam([Value(p.data) for p in first.params])
    resumed.load_state_dict(first.state_dict())
    assert resumed.lr == 0.05 and resumed.amsgrad and resumed.steps == 5
    run(5, resumed)
    assert [p.data for p in resumed.params] == [p.data for p in straight.params]
    with pytest.raises(ValueError, match="expected the state_dict of a Adam"):
        resumed.load_state_dict(nn.optim.SGD([Value(1.0)], lr=0.1).state_dict())
    with pytest.raises(ValueError, match="has 5 entries for 2 parameters"):
        nn.optim.Adam([Value(1.0), Value(2.0)]).load_state_dict(first.state_dict())


def test_zero_grad_and_a_non_finite_gradient():
    params = [Value(1.0), Value(2.0, "w2")]
    opt = nn.optim.SGD(params, lr=0.1)
    params[0].grad, params[1].grad = 3.0, math.inf
    with pytest.raises(FloatingPointError, match=r"SGD.step: the gradient of parameter 1 \('w2'\) is inf"):
        opt.step()
    assert [p.data for p in params] == [1.0, 2.0]  # nothing moved
    opt.zero_grad()
    assert [p.grad for p in params] == [0.0, 0.0]


@pytest.mark.parametrize(("make", "error", "match"), [
    (lambda p: nn.optim.SGD(p, lr=-1), ValueError, "SGD: lr must be >= 0, got -1"),
    (lambda p: nn.optim.SGD(p, lr=0.1, momentum=-0.5), ValueError, "SGD: momentum must be >= 0, got -0.5"),
    (lambda p: nn.optim.SGD(p, lr=0.1, nesterov=True), ValueError, "nesterov=True needs momentum > 0"),
    (lambda p: nn.optim.SGD(p, lr="fast"), TypeError, "SGD: lr must be a real number"),
    (lambda p: nn.optim.RMSprop(p, eps=-1e-8), ValueError, "RMSprop: eps must be >= 0"),
    (lambda p: nn.optim.Adam(p, betas=(0.9, 1.0)), ValueError, r"Adam: beta2 must be in \[0, 1\), got 1.0"),
    (lambda p: nn.optim.Adam(p, betas=0.9), TypeError, "Adam: betas must be a pair"),
    (lambda p: nn.optim.AdamW(p, weight_decay=-0.01), ValueError, "AdamW: weight_decay must be >= 0"),
    (lambda p: nn.optim.Adam([]), ValueError, "Adam: got an empty parameter list"),
    (lambda p: nn.optim.Adam([1.0]), TypeError, r"Adam: params\[0\] is 1.0 \(float\); expected Values"),
    (lambda p: nn.optim.Adam(nn.MLP(2, [1], seed=0)), TypeError, "model.parameters()"),
    (lambda p: nn.optim.Adam(p + p), ValueError, "appears more than once"),
])  # fmt: skip
def test_bad_hyperparameters_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make([Value(1.0), Value(2.0)])


def test_repr_names_the_hyperparameters():
    opt = nn.optim.AdamW([Value(1.0)], lr=0.01)
    assert repr(opt) == "AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False; 1 parameters)"
