# %% [markdown]
# # 03 · Graphs, topological order, and why gradients add up
#
# Backward is a loop over the nodes of the computation graph (计算图). Two things make it correct:
# the order of the loop, and the `+=` in it. This notebook breaks each on purpose and shows the
# wrong numbers you get, then what the engine does instead, and finally the one bug the engine
# cannot prevent for you: forgetting `zero_grad`.

# %%
%matplotlib inline
import random
import warnings

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, topological_order, zero_grad

random.seed(0)
LANG = "en"  # "en" or "zh": the language of explain

# %% [markdown]
# ## 1. A tiny graph with a trap
#
# `b = a + a`, `c = b + b`. So c = 4a and dc/da = 4. Note that `a + a` is a node with **two**
# edges to the same parent (a tuple of parents, not a set), and so is `b + b`. `show_index=True`
# prints each node's position in topological order.

# %% tags=["picture"]
a = Value(3.0, "a")
b = a + a
b.label = "b"
c = b + b
c.label = "c"
print("c =", c.data, "  parents of c:", [p.label for p in c.parents])
draw(c, show_index=True, show_grad=False)

# %% [markdown]
# ## 2. A naive recursive backward (wrong on purpose)
#
# The first backward many people write: hand the node's gradient to each parent, then recurse into
# that parent straight away. This is **not** the engine; it is the counter-example.

# %%
def naive_backward(node):
    """WRONG ON PURPOSE: recurses into a parent before all of that parent's gradient has arrived."""
    for parent, local in zip(node.parents, node.local_grads):
        parent.grad += node.grad * local
        naive_backward(parent)


zero_grad(c)
c.grad = 1.0
naive_backward(c)
print(f"naive: dc/db = {b.grad}   dc/da = {a.grad}   (right answers: 2 and 4)")

# %% [markdown]
# dc/db comes out right (2) but dc/da is 6. The first edge of c hands b a gradient of 1, and the
# naive code immediately passes b's *incomplete* gradient on to a (a gets 1 + 1). The second edge
# then raises b to 2 and passes b's gradient on *again* (a gets 2 + 2 more). a has been paid twice
# for the same path: 1 + 1 + 2 + 2 = 6.
#
# The fix is an order: handle a node only after every node that uses it has handed over its share.
# That is a reverse topological order (拓扑排序).

# %% [markdown]
# ## 3. The engine: order first, then one pass
#
# `topological_order(c)` lists every node after all its parents: leaves first, root last.
# `backward()` walks that list from the end, so each node's gradient is complete before it is used.

# %%
order = topological_order(c)
print("topological order:", [v.label for v in order])
zero_grad(c)  # clear the naive run's leftovers (leaves keep what they are given)
c.backward()
print(f"engine: dc/db = {b.grad}   dc/da = {a.grad}")
assert a.grad == 4.0 and b.grad == 2.0

# %% [markdown]
# `backward_steps` shows the `+=` at work: the second edge into b adds to what the first one left,
# and only then does b pass 2 on to a, twice.

# %%
for step in backward_steps(c):
    note = "   (accumulates)" if step.accumulates else ""
    print(f"{step.child_name} -> {step.parent_name}:  {step.formula}{note}")

# %% [markdown]
# ## 4. Shared nodes: a diamond
#
# When one value feeds two paths, its gradient is the **sum** over the paths. Here x = 2 feeds
# u = 3x and v = x², and out = u · v = 3x³:
#
#     d out/dx = (d out/du)(du/dx) + (d out/dv)(dv/dx) = v · 3 + u · 2x = 4 · 3 + 6 · 4 = 36 = 9x²

# %% tags=["picture"]
x = Value(2.0, "x")
u = 3 * x
u.label = "u"
v = x**2
v.label = "v"
out = u * v
out.label = "out"
steps = backward_steps(out)
for step in steps:
    if step.parent is x:
        print(step.formula)
assert x.grad == 36.0
assert topological_order(out).count(x) == 1  # visited once, however many paths lead to it
draw(out, show_index=True)

# %% [markdown]
# The same in words:

# %%
explain(out, lang=LANG)

# %% [markdown]
# ## 5. What `zero_grad` is for
#
# Leaves (inputs and parameters) **accumulate** gradients across calls of `backward()`, as in
# PyTorch. That is on purpose: calling backward on several losses sums their gradients, which is how
# you add up a mini-batch by hand. The price is that before each new update you must reset them.
# (Interior nodes need no reset: backward recomputes them and they hold the latest call's gradient.)
#
# L = (2w − 5)² at w = 1: dL/dw = 4 (2w − 5) = −12.

# %%
w = Value(1.0, "w")
L = (2 * w - 5) ** 2
L.backward()
print("after 1 backward:", w.grad)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    L.backward()
print("after 2 backward:", w.grad, "  and the engine warned:", caught[0].message)
zero_grad(L)  # every node behind L back to 0
L.backward()
print("zero_grad, then backward:", w.grad)

# %% [markdown]
# In a training loop each step builds a new graph, so it is never "the same graph twice", but a
# forgotten `zero_grad` makes every update use the sum of all the gradients so far. chainrule notices
# that too: after `optimizer.step()`, a `backward()` that adds to the gradients the step used warns.
# Minimise L(w) = (2w − 5)² from w = 0 (the answer is w = 2.5) twice, with and without
# `optimizer.zero_grad()`:

# %% tags=["picture"]
def train(forget_zero_grad, steps=40, lr=0.03):
    w = Value(0.0, "w")
    optimizer = nn.SGD([w], lr=lr)
    path = []
    for _ in range(steps):
        loss = (2 * w - 5) ** 2
        if not forget_zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        path.append(w.data)
    return path


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    right = train(forget_zero_grad=False)
    assert not caught  # the right loop is quiet
    forgot = train(forget_zero_grad=True)
print(f"with zero_grad:    w = {right[-1]:.4f}")
swing = min(forgot[-10:]), max(forgot[-10:])
print(f"without zero_grad: w = {forgot[-1]:.4f}   (the last 10 steps swing between {swing[0]:.2f} and {swing[1]:.2f})")
print(f"the engine warned at {len(caught)} of the 40 steps: {caught[0].message}")
assert abs(right[-1] - 2.5) < 1e-3 and swing[1] - swing[0] > 2

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(right, label="optimizer.zero_grad() each step")
ax.plot(forgot, label="zero_grad forgotten")
ax.axhline(2.5, color="grey", linestyle=":", label="the answer, w = 2.5")
ax.set(xlabel="step", ylabel="w", title="Minimising (2w − 5)² by gradient descent")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# Without the reset, the gradient keeps the memory of every earlier step: w overshoots, swings back,
# and keeps swinging, like a ball on a spring with no friction. (That memory is also the idea behind
# momentum, done on purpose and with a decay factor; see notebook 05.)
#
# ## 6. Your own op
#
# Backward only needs, for each node, its parents and one local derivative per edge. So adding an op
# means giving exactly that: a function on plain floats that returns its value and its local
# derivatives. The micrograd lecture has you add `exp` and `tanh` to `Value` by hand; here each is a
# few lines with `autograd.primitive`, and `local` writes the derivative the way the trace will show it.

# %%
import math

import autograd


@autograd.primitive(local=("{out}",))  # d/dx my_exp(x) = my_exp(x)
def my_exp(x):
    e = math.exp(x)
    return e, (e,)


@autograd.primitive(local=("1 - {out}^2",), tags=("activation", "saturates"))
def my_tanh(x):
    t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
    return t, (1 - t * t,)


print(autograd.OPS["my_tanh"].rule)
print(autograd.check_op("my_exp"), autograd.check_op("my_tanh"))  # value and central differences, as every op

# %% [markdown]
# They are ops like any other now: a `Value` method, an `autograd` function, a box in the picture,
# a rule in the trace, and the same numbers as the built-in `tanh`.

# %% tags=["picture"]
x, w = Value(0.5, "x"), Value(0.8, "w")
e = x.my_exp()
e.label = "e"
n = e * w
n.label = "n"
o = my_tanh(n)
o.label = "o"
for step in backward_steps(o):
    print(f"{step.formula}    (local: {step.local_rule})")
reference = Value(0.5)
(reference.exp() * 0.8).tanh().backward()
assert abs(x.grad - reference.grad) < 1e-15  # my_tanh writes tanh with exp, so the last digit may differ
draw(o)

# %% [markdown]
# A wrong derivative is caught when the op is defined: chainrule tries it at two points of its
# domain against central differences, and names the argument and the point.

# %%
try:

    @autograd.primitive(local=("2 * {x}",))
    def my_cube(x):
        return x**3, (2 * x,)  # the derivative of x^3 is 3x^2: a slip

except ValueError as error:
    print(error)

# %% [markdown]
# Next: notebook 04 trains a real MLP.
