"""autograd/teach/names.py: how the teaching tools name nodes and write numbers, and what a summary keeps."""

from __future__ import annotations

from autograd import Value, topological_order
from autograd.teach.names import nearest


def test_nearest_keeps_the_root_and_its_closest_ancestors():
    x = Value(1.0)
    chain = [x]
    for _ in range(10):
        chain.append(chain[-1] * 2.0)
    kept = nearest(chain[-1], 3)
    assert len(kept) == 3 and chain[-1] in kept and chain[-2] in kept and x not in kept
    assert nearest(chain[-1], 10_000) == set(topological_order(chain[-1]))
