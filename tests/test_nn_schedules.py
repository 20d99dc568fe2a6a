"""Learning-rate schedules against torch.optim.lr_scheduler, and micrograd's linear decay."""

from __future__ import annotations

import pytest

import nn
from autograd import Value
from nn import schedules

CASES = [
    ("StepLR", {"step_size": 4, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("LinearLR", {}),
    ("LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 12}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_schedules_follow_torch(torch, name, kwargs):
    opt = nn.optim.SGD([Value(1.0)], lr=0.3)
    ref_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.3)
    ours, ref = getattr(schedules, name)(opt, **kwargs), getattr(torch.optim.lr_scheduler, name)(ref_opt, **kwargs)
    for epoch in range(30):
        assert opt.lr == pytest.approx(ref_opt.param_groups[0]["lr"], rel=1e-12, abs=1e-15), epoch
        assert ours.get_last_lr() == pytest.approx(ref.get_last_lr()[0], rel=1e-12, abs=1e-15)
        ref_opt.step()
        ours.step()
        ref.step()


def test_linear_lr_is_micrograds_decay():
    opt = nn.optim.SGD([Value(1.0)], lr=1.0)
    schedule = schedules.LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=100)
    for k in range(100):
        assert opt.lr == pytest.approx(1.0 - 0.9 * k / 100, abs=1e-15)
        schedule.step()
    assert opt.lr == pytest.approx(0.1)


def test_lambda_lr_and_repr():
    opt = nn.optim.Adam([Value(1.0)], lr=0.01)
    schedule = schedules.LambdaLR(opt, lambda epoch: 1.0 / (1 + epoch))
    schedule.step()
    schedule.step()
    assert opt.lr == pytest.approx(0.01 / 3)
    assert repr(schedule).startswith("LambdaLR(base_lr=0.01, epoch=2")


@pytest.mark.parametrize(("make", "error", "match"), [
    (lambda o: schedules.StepLR(o, step_size=0), ValueError, "StepLR: step_size must be >= 1"),
    (lambda o: schedules.ExponentialLR(o, gamma=-1), ValueError, "ExponentialLR: gamma must be >= 0"),
    (lambda o: schedules.LinearLR(o, start_factor=0), ValueError, "LinearLR: need 0 < start_factor <= 1"),
    (lambda o: schedules.StepLR("sgd", step_size=2), TypeError, "expected an nn.optim optimizer"),
    (lambda o: schedules.LambdaLR(o, 0.5), TypeError, "lr_lambda must be a function"),
    (lambda o: schedules.LambdaLR(o, lambda e: "x"), TypeError, "the lr factor must be a real number"),
])  # fmt: skip
def test_bad_schedule_arguments_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make(nn.optim.SGD([Value(1.0)], lr=0.1))
