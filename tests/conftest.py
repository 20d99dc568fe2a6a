"""Shared fixtures: seeded randomness, and the optional PyTorch import; the fuzz-case summary."""

from __future__ import annotations

import gc
import os
import random

import pytest
from hypothesis import settings

from tests import fuzzcount

# In CI the property tests draw the same examples every run, so a red build is reproducible;
# on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def no_cyclic_gc():
    """The cyclic garbage collector off for one test (memory must come back by reference counting)."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if enabled:
        gc.enable()


@pytest.fixture
def torch():
    """PyTorch, or a clean skip where it is not installed."""
    return pytest.importorskip("torch")


def pytest_terminal_summary(terminalreporter) -> None:
    """How many cases each fuzz test ran in this session, and the total (the robustness report reads it)."""
    if fuzzcount.CASES:
        terminalreporter.section("fuzz cases run")
        for line in fuzzcount.table():
            terminalreporter.write_line(line)


# The suite reads chainrule in English whatever the developer's locale (LANG=zh_CN.UTF-8 would make
# every default message Chinese); the tests of Chinese ask for it (lang="zh", set_language, a child
# process with its own environment).
os.environ["CHAINRULE_LANG"] = "en"
