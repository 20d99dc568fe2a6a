"""nn.init: each initialiser's spread against its formula (and torch.nn.init's), seeded and reproducible."""

from __future__ import annotations

import math
import random
import statistics

import pytest

import nn
from nn import init

FAN_IN, FAN_OUT = 50, 30
# name: (variance, bound of a uniform, or None for a normal)
EXPECTED = {
    "uniform": (1.0 / 3.0, 1.0),
    "xavier_uniform": (2.0 / (FAN_IN + FAN_OUT), math.sqrt(6.0 / (FAN_IN + FAN_OUT))),
    "xavier_normal": (2.0 / (FAN_IN + FAN_OUT), None),
    "he_uniform": (2.0 / FAN_IN, math.sqrt(6.0 / FAN_IN)),
    "he_normal": (2.0 / FAN_IN, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_initialiser_has_the_variance_of_its_formula(name):
    variance, bound = EXPECTED[name]
    rng = random.Random(0)
    draws = [init.INITIALIZERS[name](FAN_IN, FAN_OUT, rng) for _ in range(30_000)]
    assert statistics.fmean(draws) == pytest.approx(0.0, abs=0.02 * math.sqrt(variance) * 3)
    assert statistics.pvariance(draws) == pytest.approx(variance, rel=0.03)
    if bound is not None:
        assert max(abs(w) for w in draws) <= bound
        assert max(abs(w) for w in draws) > 0.99 * bound


TORCH_NAMES = {
    "xavier_uniform": ("xavier_uniform_", {}),
    "xavier_normal": ("xavier_normal_", {}),
    "he_uniform": ("kaiming_uniform_", {"mode": "fan_in", "nonlinearity": "relu"}),
    "he_normal": ("kaiming_normal_", {"mode": "fan_in", "nonlinearity": "relu"}),
}


@pytest.mark.parametrize("name", sorted(TORCH_NAMES))
def test_the_spread_matches_torch_nn_init(name, torch):
    torch.manual_seed(0)
    fn, kwargs = TORCH_NAMES[name]
    weight = torch.empty(FAN_OUT, FAN_IN, dtype=torch.float64)  # torch reads fan_in = 50, fan_out = 30
    samples = []
    for _ in range(20):
        getattr(torch.nn.init, fn)(weight, **kwargs)
        samples += weight.flatten().tolist()
    rng = random.Random(0)
    ours = [init.INITIALIZERS[name](FAN_IN, FAN_OUT, rng) for _ in samples]
    assert statistics.pvariance(ours) == pytest.approx(statistics.pvariance(samples), rel=0.04)


def test_layers_pass_their_width_as_fan_out():
    layer = nn.Layer(50, 10, init="xavier_uniform", rng=0)
    bound = math.sqrt(6.0 / (50 + 10))
    assert all(abs(p.data) <= bound for name, p in layer.named_parameters() if ".w." in name)
    assert max(abs(p.data) for p in layer.parameters()) > 0.9 * bound


def test_init_by_name_alias_or_function_and_seeded():
    a = nn.MLP(3, [8, 1], init="he_normal", seed=3).state_dict()
    assert a == nn.MLP(3, [8, 1], init="kaiming_normal", seed=3).state_dict()
    assert a == nn.MLP(3, [8, 1], init=init.he_normal, seed=3).state_dict()
    constant = nn.MLP(3, [8, 1], init=lambda fan_in, fan_out, rng: 0.25, seed=None)
    assert {p.data for name, p in constant.named_parameters() if ".w." in name} == {0.25}


def test_a_bad_initialiser_is_named():
    with pytest.raises(ValueError, match="MLP: unknown init 'glorot'.*'xavier_uniform'"):
        nn.MLP(2, [1], init="glorot")
    with pytest.raises(TypeError, match="an initial weight must be a real number"):
        nn.Neuron(2, init=lambda fan_in, fan_out, rng: "w")
