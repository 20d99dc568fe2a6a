"""nn.optim: every optimizer's trajectory against torch.optim's, state round trips and argument checks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Value
from tests import fuzzcount

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
    with pytest.raises(ValueError, match=r"the saved param groups hold \[5\] parameters, this optimizer's hold \[2\]"):
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


# param_groups, as torch.optim's ---------------------------------------------------------------------

GROUP_CONFIGS = [
    ("SGD", {"lr": 0.1, "momentum": 0.9}, {"lr": 0.02, "nesterov": True}, {"weight_decay": 0.05}),
    ("SGD", {"lr": 0.1}, {"momentum": 0.5, "dampening": 0.2}, {"lr": 0.3}),
    ("RMSprop", {"lr": 0.01}, {"lr": 0.002, "centered": True}, {"momentum": 0.5, "alpha": 0.9}),
    ("Adam", {"lr": 0.05}, {"lr": 0.01, "amsgrad": True}, {"betas": (0.8, 0.95), "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.05}, {"lr": 0.01}, {"weight_decay": 0.3, "eps": 1e-6}),
]
GROUP_IDS = [f"{n}-{i}" for i, (n, *_) in enumerate(GROUP_CONFIGS)]


def both(torch, values=START):
    return [Value(v) for v in values], [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]


def step_both(opt, ref, ours, theirs):
    for p, t in zip(ours, theirs):  # every parameter, in the optimizer or not yet
        p.grad = 0.0
        t.grad = None
    problem_loss(ours).backward()
    problem_loss(theirs).backward()
    opt.step()
    ref.step()
    assert [p.data for p in ours] == pytest.approx([t.item() for t in theirs], rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("name", "defaults", "first", "second"), GROUP_CONFIGS, ids=GROUP_IDS)
def test_per_group_settings_and_a_changed_group_lr_follow_torch(torch, name, defaults, first, second):
    ours, theirs = both(torch)
    opt = getattr(nn.optim, name)([{"params": ours[:2], **first}, {"params": ours[2:], **second}], **defaults)
    ref = getattr(torch.optim, name)([{"params": theirs[:2], **first}, {"params": theirs[2:], **second}], **defaults)
    for key in opt.HYPERPARAMETERS:
        for ours_group, their_group in zip(opt.param_groups, ref.param_groups):
            assert ours_group[key] == pytest.approx(their_group[key]), key
    for step in range(20):
        if step == 10:  # as a user (or a scheduler) does in torch
            opt.param_groups[1]["lr"] = ref.param_groups[1]["lr"] = 0.5 * ref.param_groups[1]["lr"]
        step_both(opt, ref, ours, theirs)
    assert [p.data for p in ours] != pytest.approx(START, abs=1e-3)


@pytest.mark.parametrize(("name", "defaults", "first", "second"), GROUP_CONFIGS, ids=GROUP_IDS)
def test_add_param_group_mid_training_follows_torch(torch, name, defaults, first, second):
    ours, theirs = both(torch)
    opt = getattr(nn.optim, name)(ours[:3], **defaults)
    ref = getattr(torch.optim, name)(theirs[:3], **defaults)
    for _ in range(5):
        step_both(opt, ref, ours, theirs)
    opt.add_param_group({"params": ours[3:], **second})  # their own step count starts now (Adam's bias terms)
    ref.add_param_group({"params": theirs[3:], **second})
    assert len(opt.param_groups) == 2 and opt.params == ours
    for _ in range(10):
        step_both(opt, ref, ours, theirs)


SCHEDULES = [
    ("LambdaLR", {"lr_lambda": lambda e: min(1.0, e / 4)}),  # a warm-up from lr 0: the ratio must survive it
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.8}),
    ("LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 4}),
]


@pytest.mark.parametrize(("name", "kwargs"), SCHEDULES, ids=[n for n, _ in SCHEDULES])
def test_schedules_scale_every_group_as_torch_schedulers_do(torch, name, kwargs):
    def make(lib, params):
        return lib.SGD([{"params": params[:2]}, {"params": params[2:], "lr": 0.01}], lr=0.1, momentum=0.9)

    ours, theirs = both(torch)
    opt, ref = make(nn.optim, ours), make(torch.optim, theirs)
    schedule = getattr(nn.schedules, name)(opt, **kwargs)
    scheduler = getattr(torch.optim.lr_scheduler, name)(ref, **kwargs)
    for _ in range(10):
        assert [g["lr"] for g in opt.param_groups] == pytest.approx([g["lr"] for g in ref.param_groups], rel=1e-12)
        step_both(opt, ref, ours, theirs)
        schedule.step()
        scheduler.step()


def test_lr_reads_the_first_group_and_setting_it_keeps_the_groups_ratios():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    opt = nn.SGD([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1)
    assert opt.lr == 0.1 and opt.defaults["lr"] == 0.1
    opt.lr = 0.2
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.2, 0.1])
    opt.lr = 0.0
    opt.lr = 0.4  # from 0 the ratio is remembered
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.4, 0.2])
    opt.param_groups[1]["lr"] = 0.4  # a direct change: the next opt.lr scales from the new ratio
    opt.lr = 0.1
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.1, 0.1])
    opt.add_param_group({"params": [c], "lr": 0.3})
    opt.lr = 0.2
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.2, 0.2, 0.6])
    single = nn.SGD([a], lr=0.1)
    single.lr = 0.03
    assert single.param_groups[0]["lr"] == 0.03 and single.lr == 0.03
    zero = nn.SGD([{"params": [a], "lr": 0.0}, {"params": [b], "lr": 0.1}])
    with pytest.raises(ValueError, match=r"SGD.lr: the first group's lr is 0, so it cannot scale"):
        zero.lr = 0.1
    with pytest.raises(ValueError, match="SGD: lr must be >= 0, got -1"):
        single.lr = -1


def test_other_settings_read_the_first_group_and_set_every_group():
    opt = nn.Adam([{"params": [Value(1.0)]}, {"params": [Value(2.0)], "betas": (0.5, 0.6)}])
    assert opt.betas == (0.9, 0.999)
    opt.eps = 1e-6
    assert [g["eps"] for g in opt.param_groups] == [1e-6, 1e-6]
    with pytest.raises(ValueError, match=r"Adam param group 0: eps must be >= 0, got -1"):
        opt.eps = -1
    sgd = nn.SGD([Value(1.0)], lr=0.1, momentum=0.9, nesterov=True)
    with pytest.raises(ValueError, match="SGD param group 0: nesterov=True needs momentum > 0"):
        sgd.momentum = 0.0


def test_groups_state_dict_round_trip_resumes_exactly():
    def make(values):
        params = [Value(v) for v in values]
        opt = nn.optim.Adam([{"params": params[:2], "lr": 0.02, "name": "first"}, {"params": params[2:4]}], lr=0.05)
        opt.add_param_group({"params": params[4:], "amsgrad": True})
        return opt

    def run(steps, opt):
        for _ in range(steps):
            opt.zero_grad()
            problem_loss(opt.params).backward()
            opt.step()

    straight = make(START)
    run(3, straight)
    straight.param_groups[1]["lr"] = 0.01
    run(4, straight)
    first = make(START)
    run(3, first)
    first.param_groups[1]["lr"] = 0.01
    saved = first.state_dict()
    assert [g["params"] for g in saved["param_groups"]] == [[0, 1], [2, 3], [4]]
    assert saved["param_groups"][0]["name"] == "first" and saved["param_groups"][2]["amsgrad"] is True
    resumed = make([p.data for p in first.params])
    resumed.load_state_dict(saved)
    assert [g["lr"] for g in resumed.param_groups] == [0.02, 0.01, 0.05]
    run(4, resumed)
    assert [p.data for p in resumed.params] == [p.data for p in straight.params]
    with pytest.raises(ValueError, match=r"hold \[2, 2, 1\] parameters, this optimizer's hold \[5\]"):
        nn.optim.Adam([Value(v) for v in START]).load_state_dict(saved)


@pytest.mark.parametrize(("make", "error", "match"), [
    (lambda p: nn.SGD([{"params": p[:1]}, {"params": p}], lr=0.1), ValueError,
     "SGD param group 1: some parameters appear in more than one parameter group"),
    (lambda p: nn.SGD([{"params": p, "learning_rate": 0.1}]), TypeError,
     "SGD param group 0: unknown setting 'learning_rate'; SGD takes lr, momentum"),
    (lambda p: nn.SGD([{"params": p, "lr": -0.1}]), ValueError, "SGD param group 0: lr must be >= 0, got -0.1"),
    (lambda p: nn.Adam([{"params": p, "betas": 0.9}]), TypeError, "Adam param group 0: betas must be a pair"),
    (lambda p: nn.SGD([{"lr": 0.1}]), TypeError, 'SGD param group 0: expected a dict with "params"'),
    (lambda p: nn.SGD([{"params": []}]), ValueError, "SGD param group 0: got an empty parameter list"),
    (lambda p: nn.SGD([{"params": p[:1]}, p[1]]), TypeError, "SGD: params mixes Values and dicts"),
    (lambda p: nn.SGD({"params": p}), TypeError, "got one dict; put it in a list"),
    (lambda p: nn.SGD([{"params": [1.0]}]), TypeError, r"SGD param group 0: params\[0\] is 1.0 \(float\)"),
])  # fmt: skip
def test_bad_param_groups_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make([Value(1.0), Value(2.0)])


def test_a_group_may_be_a_single_value_and_the_defaults_are_torch_shaped(torch):
    w = Value(1.0)
    opt = nn.SGD([{"params": w, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert opt.param_groups[0]["params"] == [w] and opt.param_groups[0]["momentum"] == 0.9
    ref = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    assert set(opt.param_groups[0]) - {"params"} <= set(ref.param_groups[0])
    assert {k: ref.defaults[k] for k in opt.defaults} == opt.defaults


def test_repr_of_several_groups_shows_what_differs():
    opt = nn.SGD([{"params": [Value(1.0)]}, {"params": [Value(2.0), Value(3.0)], "lr": 0.01}], lr=0.1)
    assert repr(opt) == ("SGD(lr=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False; "
                         "3 parameters in 2 groups: 1 parameters, lr=0.1; 2 parameters, lr=0.01)")  # fmt: skip


# eps = 0 (allowed, as in torch): a parameter whose gradients have all been 0 takes the step 0/0.
# torch computes nan there, and the parameter stays nan for good; chainrule takes the limit as
# eps -> 0, which is 0 (the numerator is 0 for every eps > 0). Everywhere else both agree.

EPS_ZERO = [
    ("Adam", {"eps": 0.0, "lr": 0.1}),
    ("Adam", {"eps": 0.0, "lr": 0.1, "amsgrad": True}),
    ("AdamW", {"eps": 0.0, "lr": 0.1, "weight_decay": 0.0}),
    ("RMSprop", {"eps": 0.0}),
    ("RMSprop", {"eps": 0.0, "momentum": 0.9}),
    ("RMSprop", {"eps": 0.0, "centered": True}),
]


@pytest.mark.filterwarnings("ignore::UserWarning")  # gradients set by hand: no backward, and some all zero
@pytest.mark.parametrize(("name", "kwargs"), EPS_ZERO, ids=[f"{n}-{sorted(k.items())}" for n, k in EPS_ZERO])
def test_eps_zero_with_zero_gradients_steps_by_zero_and_otherwise_follows_torch(torch, name, kwargs):
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.sampled_from([0.0, 0.0, 1.0, -0.5, 2.0, 1e-3]), min_size=3, max_size=3),
                    min_size=1, max_size=8))  # fmt: skip
    def fuzz(gradients):
        fuzzcount.count("optim: eps=0 against torch, zero gradients included")
        ours = [Value(v) for v in START[:3]]
        theirs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in START[:3]]
        opt, ref = getattr(nn.optim, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
        for row in gradients:
            for p, t, g in zip(ours, theirs, row):
                p.grad, t.grad = g, torch.tensor(g, dtype=torch.float64)
            opt.step()
            ref.step()
        for i, (p, t) in enumerate(zip(ours, theirs)):
            if all(row[i] == 0.0 for row in gradients):  # 0/0 in every step: torch's nan, our limit 0
                assert math.isnan(t.item()) and p.data == START[i]
            elif not math.isnan(t.item()):
                assert p.data == pytest.approx(t.item(), rel=1e-9, abs=1e-12)
            assert math.isfinite(p.data)

    fuzzcount.run("optim: eps=0 against torch, zero gradients included", fuzz, at_least=50)


@pytest.mark.parametrize("name", ["Adam", "AdamW", "RMSprop"])
def test_eps_zero_and_a_gradient_whose_square_underflows_is_a_clear_error(name):
    p = Value(1.0, "w")
    opt = getattr(nn.optim, name)([p], eps=0.0, **({"weight_decay": 0.0} if name == "AdamW" else {}))
    p.grad = 1e-170  # its square is 0.0 in floating point, the gradient itself is not
    with pytest.raises(ZeroDivisionError, match=rf"^{name}: parameter 0 .'w'.: with eps=0.0 the step .* / 0 divides"):
        opt.step()
