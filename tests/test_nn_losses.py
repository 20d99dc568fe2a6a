"""nn.losses against PyTorch float64 and finite differences, at ordinary and extreme inputs (|x| up to 1e4)."""

from __future__ import annotations

import math
import random

import pytest

import autograd
import nn
from autograd import Value

EXTREMES = [-1e4, -50.0, -1.0, 0.0, 0.5, 50.0, 1e4]


def values(xs):
    return [Value(x) for x in xs]


def tensor(torch, xs):
    return torch.tensor(xs, dtype=torch.float64, requires_grad=True)


def assert_matches(loss, ours, ref_loss, ref, rel=1e-12):
    loss.backward()
    ref_loss.backward()
    assert loss.data == pytest.approx(ref_loss.item(), rel=rel, abs=1e-12)
    assert [v.grad for v in ours] == pytest.approx(ref.grad.flatten().tolist(), rel=1e-10, abs=1e-12)


def test_mse_matches_torch(torch, rng):
    p, t = [rng.uniform(-3, 3) for _ in range(7)], [rng.uniform(-3, 3) for _ in range(7)]
    ours, ref = values(p), tensor(torch, p)
    loss = nn.mse_loss(ours, t)
    assert_matches(loss, ours, torch.nn.functional.mse_loss(ref, torch.tensor(t, dtype=torch.float64)), ref)


def test_mse_flattens_rows_of_several_outputs(torch, rng):
    rows = [[rng.uniform(-2, 2) for _ in range(3)] for _ in range(4)]
    targets = [[rng.uniform(-2, 2) for _ in range(3)] for _ in range(4)]
    ours = [values(r) for r in rows]
    ref = tensor(torch, rows)
    loss = nn.mse_loss(ours, targets)
    expected = torch.nn.functional.mse_loss(ref, torch.tensor(targets, dtype=torch.float64))
    assert_matches(loss, [v for r in ours for v in r], expected, ref)
    with pytest.raises(ValueError, match="mse_loss: sample 1 has 3 predictions but 2 targets"):
        nn.mse_loss(ours, [[0, 0, 0], [0, 0]] + targets[2:])


@pytest.mark.parametrize("soft", [False, True])
def test_binary_cross_entropy_matches_torch(torch, rng, soft):
    p = [rng.uniform(0.01, 0.99) for _ in range(8)]
    t = [rng.uniform(0, 1) if soft else float(rng.random() < 0.5) for _ in range(8)]
    ours, ref = values(p), tensor(torch, p)
    loss = nn.binary_cross_entropy(ours, t)
    expected = torch.nn.functional.binary_cross_entropy(ref, torch.tensor(t, dtype=torch.float64))
    assert_matches(loss, ours, expected, ref)


@pytest.mark.parametrize("z", EXTREMES)
@pytest.mark.parametrize("t", [0.0, 1.0])
def test_binary_cross_entropy_of_a_saturated_sigmoid_is_finite_as_in_torch(torch, z, t):
    # sigmoid(1e4) is exactly 1.0: log(1 - p) would be log(0); both clamp the log at -100.
    loss = nn.binary_cross_entropy(Value(z).sigmoid(), t)
    ref = torch.nn.functional.binary_cross_entropy(torch.sigmoid(torch.tensor(z, dtype=torch.float64)),
                                                   torch.tensor(t, dtype=torch.float64))  # fmt: skip
    assert math.isfinite(loss.data) and loss.data == pytest.approx(ref.item(), rel=1e-12)
    loss.backward()


@pytest.mark.parametrize("z", EXTREMES)
@pytest.mark.parametrize("t", [0.0, 0.3, 1.0])
def test_binary_cross_entropy_with_logits_matches_torch_at_any_scale(torch, z, t):
    ours, ref = Value(z), tensor(torch, z)
    loss = nn.binary_cross_entropy_with_logits(ours, t)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(ref, torch.tensor(t, dtype=torch.float64))
    assert_matches(loss, [ours], expected, ref)


def test_cross_entropy_matches_torch_for_one_sample_and_a_batch(torch, rng):
    logits = [rng.uniform(-3, 3) for _ in range(4)]
    ours, ref = values(logits), tensor(torch, [logits])
    assert_matches(nn.cross_entropy(ours, 2), ours, torch.nn.functional.cross_entropy(ref, torch.tensor([2])), ref)
    rows = [[rng.uniform(-3, 3) for _ in range(3)] for _ in range(5)]
    targets = [rng.randrange(3) for _ in range(5)]
    ours, ref = [values(r) for r in rows], tensor(torch, rows)
    expected = torch.nn.functional.cross_entropy(ref, torch.tensor(targets))
    assert_matches(nn.cross_entropy(ours, targets), [v for r in ours for v in r], expected, ref)


@pytest.mark.parametrize("scale", [1e2, 1e3, 1e4])
def test_cross_entropy_and_softmax_are_stable_at_large_logits(torch, scale):
    logits = [scale, -scale, 0.5 * scale]
    for target in range(3):
        ours, ref = values(logits), tensor(torch, [logits])
        expected = torch.nn.functional.cross_entropy(ref, torch.tensor([target]))
        assert_matches(nn.cross_entropy(ours, target), ours, expected, ref, rel=1e-12)
    probs = nn.softmax(values(logits))
    expected = torch.softmax(torch.tensor(logits, dtype=torch.float64), 0).tolist()
    assert [p.data for p in probs] == pytest.approx(expected)


def test_softmax_sums_to_one_and_its_gradient_matches_torch(torch, rng):
    z = [rng.uniform(-4, 4) for _ in range(5)]
    ours, ref = values(z), tensor(torch, z)
    probs = nn.softmax(ours)
    assert math.fsum(p.data for p in probs) == pytest.approx(1.0, abs=1e-15)
    (probs[1] * 2.0 + probs[3]).backward()
    (torch.softmax(ref, 0)[1] * 2.0 + torch.softmax(ref, 0)[3]).backward()
    assert [v.grad for v in ours] == pytest.approx(ref.grad.tolist(), rel=1e-10, abs=1e-14)


def test_hinge_loss_is_the_mean_of_relu_one_minus_margin(torch, rng):
    s = [rng.uniform(-2, 2) for _ in range(9)]
    y = [rng.choice([-1, 1]) for _ in range(9)]
    ours, ref = values(s), tensor(torch, s)
    expected = torch.clamp(1 - torch.tensor(y, dtype=torch.float64) * ref, min=0).mean()
    assert_matches(nn.hinge_loss(ours, y), ours, expected, ref)


def test_l2_penalty_is_the_sum_of_squares_in_one_node():
    params = values([0.5, -2.0, 3.0])
    penalty = nn.l2_penalty(params)
    assert penalty.data == 0.25 + 4.0 + 9.0 and penalty.op == "dot"
    penalty.backward()
    assert [p.grad for p in params] == [1.0, -4.0, 6.0]  # 2p: no 1/2 in front
    model = nn.MLP(2, [3, 1], seed=0)
    assert nn.l2_penalty(model).data == pytest.approx(sum(p.data**2 for p in model.parameters()))
    assert nn.l2_penalty([]).data == 0.0


@pytest.mark.parametrize("loss", [
    lambda a, b, c: nn.mse_loss([a, b, c], [0.3, -1.0, 2.0]),
    lambda a, b, c: nn.binary_cross_entropy([a.sigmoid(), b.sigmoid(), c.sigmoid()], [1, 0, 0.25]),
    lambda a, b, c: nn.binary_cross_entropy_with_logits([a, b, c], [1, 0, 0.25]),
    lambda a, b, c: nn.cross_entropy([a, b, c], 1),
    lambda a, b, c: nn.hinge_loss([a, b, c], [1, -1, 1]),
    lambda a, b, c: sum(p * w for p, w in zip(nn.softmax([a, b, c]), [1.0, -2.0, 0.5])),
])  # fmt: skip
def test_every_loss_passes_gradcheck(loss):
    rng = random.Random(3)
    for _ in range(5):
        point = [rng.uniform(-2, 2) for _ in range(3)]
        assert autograd.gradcheck(loss, *point)


def test_single_values_and_numbers_are_accepted():
    assert nn.mse_loss(Value(3.0), 1.0).data == 4.0
    assert nn.mse_loss(3.0, Value(1.0)).data == 4.0
    assert nn.hinge_loss(0.5, -1).data == 1.5
    assert nn.binary_cross_entropy(0.5, 1).data == pytest.approx(math.log(2))


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: nn.mse_loss([1.0, 2.0, 3.0], [1.0, 2.0]), ValueError, "mse_loss: 3 predictions but 2 targets"),
    (lambda: nn.mse_loss([], []), ValueError, "mse_loss: predictions is empty"),
    (lambda: nn.mse_loss([1.0], ["a"]), TypeError, "mse_loss: a target must be a real number"),
    (lambda: nn.mse_loss(["a"], [1.0]), TypeError, "mse_loss: a prediction must be a real number"),
    (lambda: nn.hinge_loss([1.0, 2.0], [1, 0]), ValueError, r"labels must be -1 or \+1, got 0"),
    (lambda: nn.binary_cross_entropy([1.5], [1]), ValueError, r"probabilities must be in \[0, 1\], got 1.5"),
    (lambda: nn.binary_cross_entropy([0.5], [2]), ValueError, r"each target must be in \[0, 1\], got 2.0"),
    (lambda: nn.cross_entropy([1.0, 2.0], 2), ValueError, r"class index in 0..1, got 2"),
    (lambda: nn.cross_entropy([1.0, 2.0], 0.5), ValueError, "class index"),
    (lambda: nn.cross_entropy([[1.0, 2.0]], [0, 1]), ValueError, "1 rows of logits but 2 targets"),
    (lambda: nn.softmax([]), ValueError, "softmax: values is empty"),
    (lambda: nn.l2_penalty(3), TypeError, "l2_penalty: params must be a list"),
])  # fmt: skip
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
