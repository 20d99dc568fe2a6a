"""Shared fixtures: seeded randomness, and the optional PyTorch import."""

from __future__ import annotations

import random

import pytest


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def torch():
    """PyTorch, or a clean skip where it is not installed."""
    return pytest.importorskip("torch")
