"""A tally of the fuzz cases each test ran, printed at the end of the run by `conftest.py`.

Every fuzz test calls `count(name)` once per case. `run(name, fuzz, at_least)` runs a hypothesis
test and checks that it really tried at least that many cases (a strategy that filters out
nearly everything, or a setting that went wrong, would otherwise pass while testing nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

CASES: Counter = Counter()


def count(name: str, n: int = 1) -> None:
    """Record `n` more cases of fuzz test `name`."""
    CASES[name] += n


def run(name: str, fuzz: Callable[[], None], at_least: int) -> int:
    """Call the hypothesis test `fuzz`; fail unless it ran at least `at_least` cases of `name`."""
    before = CASES[name]
    fuzz()
    ran = CASES[name] - before
    assert ran >= at_least, f"{name} ran only {ran} cases; expected at least {at_least}"
    return ran


def table() -> list[str]:
    """The summary lines: one per fuzz test, then the total."""
    width = max(len(name) for name in CASES)
    lines = [f"{name:<{width}}  {n:>9,}" for name, n in sorted(CASES.items())]
    return [*lines, f"{'total':<{width}}  {sum(CASES.values()):>9,}"]
