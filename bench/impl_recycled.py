"""chainrule's dynamic graph with every run inside one `autograd.recycle_nodes()` block, as a training
loop written op by op would be: the same workloads as impl_chainrule, the nodes of each dropped graph made
again for the next run. The block stays open for the rest of the worker's process (one case)."""

from __future__ import annotations

from contextlib import ExitStack

import autograd

from . import impl_chainrule

NAME = "chainrule-recycled"
_BLOCK = ExitStack()


def _inside(make):
    def wrapped(*args, **kwargs):
        _BLOCK.enter_context(autograd.recycle_nodes())
        return make(*args, **kwargs)

    wrapped.__doc__ = make.__doc__
    return wrapped


w1, w5, chain, wide, tree = map(_inside, (impl_chainrule.w1, impl_chainrule.w5, impl_chainrule.chain,
                                          impl_chainrule.wide, impl_chainrule.tree))  # fmt: skip
w5_nodes, nodes = impl_chainrule.w5_nodes, impl_chainrule.nodes


def close() -> None:
    """End the block (the tests do, after each case they run in their own process)."""
    _BLOCK.close()
