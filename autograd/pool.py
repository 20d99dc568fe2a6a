"""`recycle_nodes()`: inside it, the nodes of a dropped graph are made again, so that a training loop
written op by op leaves the cyclic garbage collector nothing to do.

CPython's cyclic collector runs as objects are allocated: every 700 new objects it visits the young
ones, every tenth time the older ones too, and now and then the whole heap. A graph has no reference
cycles, so each of those visits is wasted, and a training step written op by op spends about a third
of its time in them. But a training loop drops the whole graph of one step before it builds the next.
Inside `recycle_nodes()` the nodes of a dropped graph are not freed: they are handed out again as the
nodes of the next one. Nothing new is allocated, and the collector, its settings untouched, has
nothing to visit. Outside it (the default) every node is a new object, freed as soon as the last
reference to it goes.

`made` holds every node handed out inside the block, in the order it was handed out, so a node comes
after its parents. When `free` runs out, `_refill` reads `made`, newest first, and keeps each node
that something else still refers to (sys.getrefcount). A node that nothing else refers to is one the
program can no longer reach. Its parent slots are cleared, so that its parents, read later in the
same pass, are unreachable too if nothing else refers to them; and it goes to `free`. A dropped node
that a weak reference points to, or whose class was changed, is let go: it is freed as it would have
been outside the block. A node in `free` is dead, but the gc module still sees it (gc.get_objects(),
gc.get_referrers(Value), as memory profilers and IPython's autoreload call them), so it is handed out
only if its reference count still says that nothing but `made` refers to it; one the program took
stays in `made`, in use. Whoever takes a node from `free` sets every slot its use reads; a local
derivative its last use set and this one does not (`_dy` of a node with one parent, `_dx` of one made
under no_grad) is left, never read: a pickle or copy of the node carries it, its numbers are those of a
new node. (Unsetting those slots in the pass would double its cost.)

A pass costs some 70 ns per node in `made`. The next one waits until half as many new nodes have
been made as this one found in use (at least 256), so that passes cost a constant per node made even
for a graph that only grows, such as a deep chain; `backward()` ends a wait, for its graph is usually
dropped next. At most LIMIT nodes are kept (70 MB or so): beyond that, nodes are allocated and freed as
usual, and once all the kept ones are in use no pass runs until the next backward().

Off where reference counts do not tell all: Pythons other than CPython, and free-threaded CPython.
tests/test_pool.py checks over random programs that the nodes and gradients are exactly those made
outside the block.
"""

from __future__ import annotations

import functools
import sys
import threading
from weakref import getweakrefcount

LIMIT = 1 << 19  # nodes kept at most
made: list = []  # every node handed out and kept, in the order handed out: parents before children
free: list = []  # dropped nodes, to hand out again (the last first)
_lock = threading.RLock()
_blocks = 0  # recycle_nodes() blocks open, in every thread
_refilling = False  # a weak reference's callback may make nodes while a pass lets nodes go
_wait = 0  # nodes to allocate before the next pass
_new = object.__new__
_pop = free.pop
_getrefcount = sys.getrefcount


def _references() -> int | None:
    """sys.getrefcount of a node in `made` that nothing else refers to; None where it does not tell."""
    if sys.implementation.name != "cpython" or not getattr(sys, "_is_gil_enabled", lambda: True)():
        return None
    probe = [_new(object)]
    # A trace function that reads each frame's variables (a debugger stepping, snoop) holds a reference of its
    # own to `node` in the loop below, but not in this one line, where it is called before `node` is set.
    # The lower count is the one to trust: one too high would take a node in use for a dropped one.
    in_one_line = next(sys.getrefcount(node) for node in reversed(probe))
    for node in reversed(probe):  # as _refill reads each node
        return min(in_one_line, sys.getrefcount(node))


UNREACHED = _references()


def _recycled():
    """A node to fill in, every slot to be set: a dropped one, else a new one."""
    while free:
        try:
            node = _pop()
        except IndexError:  # another thread took the last one
            break
        if _getrefcount(node) == UNREACHED:  # still only `made` refers to it (and `node` here)
            return node  # (else the program took it from gc.get_objects() or gc.get_referrers(): in use)
    return _make()


def use(kind: type) -> None:
    """Make nodes of class `kind` (value.py's Value)."""
    global _kind, _fresh, take
    _kind, _fresh = kind, functools.partial(_new, kind)
    take = _recycled if _blocks else _fresh


_kind = object  # the class of the nodes
_fresh = functools.partial(_new, object)  # a new node of that class, as outside a block
take = _fresh  # what value.py calls to make a node: a new one (a recycled one in a block)


def _make():
    """`free` is empty: a pass over `made` if one is due, else a new node (kept in `made` for later).

    While another thread makes a pass, this one makes a new node rather than wait for the lock: that
    pass may be waiting for this thread (a weak reference's callback that walks a graph this thread is
    backpropagating waits for backward's walk lock)."""
    global _wait
    if _wait <= 0 and _blocks and _lock.acquire(blocking=False):
        try:
            if not free and made and not _refilling:  # (unless another thread has just refilled it)
                _refill()
        finally:
            _lock.release()
        if free:
            return _recycled()  # (which checks each node, as the program may have taken it since)
    _wait -= 1  # threads may race on this count: that only moves the next pass a little
    node = _new(_kind)
    if _blocks and len(made) < LIMIT:
        made.append(node)
    return node


def _refill() -> None:
    """One pass over `made`, newest first: each node nothing else refers to goes to `free` (see above)."""
    global _refilling, _wait
    _refilling, kept, found, i = True, [], [], len(made)
    try:
        for node in reversed(made):
            i -= 1
            if sys.getrefcount(node) > UNREACHED:
                kept.append(node)
            elif type(node) is _kind and not getweakrefcount(node):
                node._x = node._y = None  # its parents, further down `made`, may now be unreachable too
                found.append(node)
            else:
                made[i] = None  # let go of it now, so that its parents may be found in this pass
        node = None
    except BaseException:  # Ctrl-C: the nodes found stay in `made`, for the next pass to find again
        made[:] = [node for node in made if node is not None]
        raise
    finally:
        _refilling = False
    in_use = len(kept)
    kept.reverse()
    made[:] = kept
    made.extend(reversed(found))  # in the order they will be handed out: parents before children
    free.extend(found)
    _wait = max(in_use // 2, 256)  # reading the nodes in use is paid for by as many new ones, halved
    if not found and len(made) >= LIMIT:
        _wait = sys.maxsize  # nothing to find until a graph is dropped: the next backward() ends the wait


def backpropagated() -> None:
    """A graph was just backpropagated, and a training loop drops it next: the next node made when `free`
    is empty looks for it (one pass at most per backward() call, whatever the wait)."""
    global _wait
    _wait = 0


class recycle_nodes:  # noqa: N801 (a context manager, named as no_grad)
    """Make the nodes of dropped graphs again, inside this block, instead of new ones: a training loop
    written op by op runs faster, and the cyclic garbage collector has nothing to do (see pool.py).

        with autograd.recycle_nodes():
            for step in range(100):
                loss = ...  # the graph of this step, built op by op
                loss.backward()
                ...

    Numbers and gradients are exactly those made outside it. What changes: a node dropped inside the
    block is kept for reuse, not freed, until it is reused or the last block ends; a weak reference to
    it stays alive until then. Process-wide, as the collector is: blocks in all threads share one count,
    and the last to end lets go of every kept node. Also usable as a decorator, on the function that runs
    the whole loop: a decorated step function would end its block, and free its nodes, at every call.
    """

    def __enter__(self):
        global take, _blocks
        with _lock:
            _blocks += 1
            if UNREACHED is not None:
                take = _recycled
        return self

    def __exit__(self, *exc_info) -> None:
        global take, _blocks, _wait
        with _lock:
            _blocks -= 1
            if not _blocks:
                take, _wait = _fresh, 0
                free.clear()
                made.clear()

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with recycle_nodes():
                return fn(*args, **kwargs)

        return wrapper
