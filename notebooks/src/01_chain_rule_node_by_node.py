# %% [markdown]
# # 01 · The chain rule, node by node
#
# A network's gradient is the chain rule (链式法则) applied once per edge of its computation
# graph, nothing more. This notebook takes the chapter's 2-2-1 ReLU network, runs it forward
# (前向传播), measures its error (损失), and walks backward (反向传播) one edge at a time,
# checking every number against the derivation by hand.
#
# Set `LANG = "zh"` in the next cell to get the explanations in Chinese.

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, gradcheck, numerical_grad, stepper_html, why
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

random.seed(0)  # nothing below is random; every notebook starts from a seed all the same
LANG = "en"  # "en" or "zh": the language of explain, why and the stepper

# %% [markdown]
# ## 1. A derivative is a nudge
#
# dL/dw says how much L moves when w moves a little. You can measure it without any calculus:
# nudge w up by ε and down by ε, evaluate twice, divide by 2ε. That is the central difference
# (数值梯度), and `autograd.numerical_grad` computes it.
#
# Try f(w) = w³ at w = 2, where calculus says f'(2) = 3 · 2² = 12.

# %%
def f(w):
    return w**3


epsilons = [10.0**-k for k in range(1, 14)]
errors = [abs(numerical_grad(f, [2.0], 0, eps) - 12.0) for eps in epsilons]
for eps, err in zip(epsilons[::3], errors[::3]):
    print(f"eps = {eps:.0e}   |estimate - 12| = {err:.1e}")

# %% [markdown]
# The error first falls like ε² (the curvature the secant misses), then rises again: for tiny ε,
# f(w + ε) and f(w − ε) agree in almost every digit and the subtraction keeps only rounding noise.
# ε ≈ 1e-6 is the usual compromise, and what `gradcheck` uses.

# %% tags=["picture"]
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.loglog(epsilons, errors, marker="o")
ax.set(xlabel="ε", ylabel="|central difference − 12|", title="Nudging f(w) = w³ at w = 2")
plt.show()

# %% [markdown]
# Backward gets the same 12 in one pass, and `gradcheck` compares the two ways:

# %%
w = Value(2.0, "w")
y = f(w)
y.backward()
print("backward gives dy/dw =", w.grad)
print("gradcheck:", gradcheck(f, 2.0))

# %% [markdown]
# Why not always nudge? Each parameter needs its own pair of forward passes. The small MLP of
# notebook 04 has 337 parameters:

# %%
n = len(nn.MLP(2, [16, 16, 1], seed=0).parameters())
print(f"{n} parameters: {2 * n} forward passes by nudging, or 1 forward + 1 backward with the chain rule")

# %% [markdown]
# ## 2. Forward: the 2-2-1 network of the chapter
#
# Inputs x = [2, 3]. Hidden layer (ReLU): w1, w2 = 0.1, 0.4 into h1 and w3, w4 = 0.2, 0.5 into h2,
# biases b_h1 = 0.1, b_h2 = 0.2. Linear output: w5, w6 = 0.6, 0.3, bias b_o = 0.3. Target y = 2.5.
#
#     h1 = relu(w1·x1 + w2·x2 + b_h1)     h2 = relu(w3·x1 + w4·x2 + b_h2)
#     ŷ  = w5·h1 + w6·h2 + b_o             L  = (ŷ − y)²
#
# `nn.MLP.from_weights` builds exactly this; each row of weights is one neuron's incoming weights
# (as in `torch.nn.Linear.weight`).

# %%
print("weights:", TEXTBOOK_WEIGHTS, " biases:", TEXTBOOK_BIASES)
model = nn.MLP.from_weights(TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES)
hidden = model.layers[0](TEXTBOOK_X)  # a list of 2 Values
y_hat = model(TEXTBOOK_X)  # one output neuron: a single Value
loss = nn.mse_loss([y_hat], [TEXTBOOK_Y])
print(f"hidden = [{hidden[0].data:.4g}, {hidden[1].data:.4g}]   y_hat = {y_hat.data:.4g}   loss = {loss.data:.4g}")

# %%
assert [round(h.data, 12) for h in hidden] == [1.5, 2.1]
assert round(y_hat.data, 12) == 1.83
assert round(loss.data, 12) == 0.4489  # (1.83 - 2.5)² = 0.67²

# %% [markdown]
# From here on we use `autograd.examples.textbook_network()`: the same network built from Values
# labelled as in the chapter (w1 … w6, b_h1, h1, y_hat, L), so the pictures use the chapter's names.
# Each neuron's weighted sum is one `dot` node with many parents.

# %% tags=["picture"]
L, node = textbook_network()
print({name: round(node[name].data, 4) for name in ["h1", "h2", "y_hat", "L"]})
draw(L, show_grad=False)

# %% [markdown]
# ## 3. Backward, one edge at a time
#
# Backward starts at L with dL/dL = 1 and visits nodes so that a node comes only after every node
# that uses it. On each edge child → parent it does one multiply and one add:
#
#     dL/d(parent) += dL/d(child)          ×  d(child)/d(parent)
#                     upstream gradient       local derivative
#                     (上游梯度)               (局部导数)
#
# `backward_steps(L)` runs the engine's own backward and records each edge as it happens.

# %%
steps = backward_steps(L)
print(f"{len(steps)} edges\n")
print(f"{'#':>2}  {'child':>6} -> {'parent':<6} {'upstream':>9} {'local':>6} {'contribution':>12} {'parent grad':>11}")
for s in steps:
    print(
        f"{s.number:>2}  {s.child_name:>6} -> {s.parent_name:<6} {s.upstream:>9.4g} {s.local:>6.4g}"
        f" {s.contribution:>12.4g} {s.parent_grad_after:>11.4g}"
    )

# %% [markdown]
# Zoom in on one step: the edge from h1's weighted sum (the `dot` node, `n7` in the picture) into
# w1. The local derivative of w1·x1 + w2·x2 + b_h1 with respect to w1 is x1 = 2, and the upstream
# gradient that has arrived at n7 is −0.804. The picture marks that edge in red.

# %% tags=["picture"]
step = next(s for s in steps if s.parent is node["w1"])
print("rule:   ", step.rule)
print("formula:", step.formula)
draw(L, highlight=step)

# %% [markdown]
# `explain` tells the whole pass in words, node by node. Look for the two edges into x1 and x2:
# the inputs feed both hidden neurons, so their gradients are sums over two paths.

# %%
explain(L, lang=LANG)

# %% [markdown]
# ## 4. Checked against the hand derivation
#
# By hand, with the chain rule:
#
#     dL/dŷ   = 2(ŷ − y) = 2 · (1.83 − 2.5)  = −1.34
#     dL/dw5  = dL/dŷ · h1 = −1.34 · 1.5      = −2.01       dL/dw6 = −1.34 · 2.1 = −2.814     dL/db_o = −1.34
#     dL/dh1  = dL/dŷ · w5 = −1.34 · 0.6      = −0.804      relu'(1.5) = 1
#     dL/dw1  = −0.804 · x1 = −1.608          dL/dw2 = −0.804 · x2 = −2.412                 dL/db_h1 = −0.804
#     dL/dh2  = dL/dŷ · w6 = −1.34 · 0.3      = −0.402      relu'(2.1) = 1
#     dL/dw3  = −0.402 · x1 = −0.804          dL/dw4 = −0.402 · x2 = −1.206                 dL/db_h2 = −0.402

# %%
by_hand = {
    "y_hat": -1.34, "w5": -2.01, "w6": -2.814, "b_o": -1.34,
    "w1": -1.608, "w2": -2.412, "b_h1": -0.804,
    "w3": -0.804, "w4": -1.206, "b_h2": -0.402,
}  # fmt: skip
for name, expected in by_hand.items():
    assert abs(node[name].grad - expected) < 1e-12, (name, node[name].grad, expected)
print(f"all {len(by_hand)} gradients match the hand derivation")

# %% [markdown]
# The `nn.MLP` of section 2 gets the same gradients (its first neuron's weights are w1, w2):

# %%
loss.backward()
first, second = model.layers[0].neurons
out = model.layers[1].neurons[0]
print("MLP:     dL/dw1 =", round(first.w[0].grad, 12), " dL/dw5 =", round(out.w[0].grad, 12))
assert abs(first.w[0].grad - node["w1"].grad) < 1e-12 and abs(out.w[0].grad - node["w5"].grad) < 1e-12
assert abs(second.b.grad - node["b_h2"].grad) < 1e-12

# %% [markdown]
# And nudging agrees too: `gradcheck` compares backward with the central difference for all nine
# parameters at once. The function takes Values and builds the network from them.

# %%
def textbook_loss(w1, w2, w3, w4, w5, w6, b_h1, b_h2, b_o):
    x1, x2 = TEXTBOOK_X
    h1 = (w1 * x1 + w2 * x2 + b_h1).relu()
    h2 = (w3 * x1 + w4 * x2 + b_h2).relu()
    return (w5 * h1 + w6 * h2 + b_o - TEXTBOOK_Y) ** 2


gradcheck(textbook_loss, 0.1, 0.4, 0.2, 0.5, 0.6, 0.3, 0.1, 0.2, 0.3)

# %% [markdown]
# ## 5. When a gradient is zero, ask `why`
#
# Give h1 a bias of −2: its weighted sum becomes 0.2 + 1.2 − 2 = −0.6, the ReLU is off
# (relu'(z) = 0 for z < 0), and nothing flows back to w1, w2 or b_h1. With `flow=True` the picture
# draws each edge as thick as the gradient it carries; the dead ReLU is grey.

# %% tags=["picture"]
names = ["w1", "w2", "w3", "w4", "w5", "w6", "b_h1", "b_h2", "b_o"]
numbers = [0.1, 0.4, 0.2, 0.5, 0.6, 0.3, -2.0, 0.2, 0.3]
params = {name: Value(v, name) for name, v in zip(names, numbers)}
L_off = textbook_loss(*params.values())
L_off.label = "L"
L_off.backward()
print("dL/dw1 =", params["w1"].grad, "  dL/dw3 =", round(params["w3"].grad, 4))
draw(L_off, flow=True)

# %% [markdown]
# `why` follows a zero gradient back to its cause, edge by edge. w1 is cut off by the dead ReLU;
# w5 by a different reason: it multiplies h1, which is now 0.

# %%
why(params["w1"], root=L_off, lang=LANG)

# %%
why(params["w5"], root=L_off, lang=LANG)

# %% [markdown]
# ## 6. Step through it yourself
#
# `stepper_html` makes a page that replays backward one edge per click (or arrow key). It runs here
# in Jupyter (GitHub's static preview does not run it); `.save("backward.html")` writes one file
# you can open in any browser or hand to students.

# %%
stepper_html(L, lang=LANG)

# %% [markdown]
# ## 7. What if w1 were 0.5?
#
# `stepper_widget` is the same stepper inside this notebook, with a slider for every input and
# parameter. Move w1 to 0.5 and the graph is rebuilt and backward runs again: h1, ŷ, L and every
# gradient change at once, and the step you are looking at shows its new numbers. Previous and Next
# walk backward edge by edge, as on the page. The widget works on a copy, so `L` and the numbers
# above stay as they are. (Where widgets do not run, as on GitHub, the graph and the whole pass in
# words are shown instead.)

# %% tags=["picture"]
from autograd import stepper_widget

stepper_widget(L, lang=LANG)

# %% [markdown]
# Next: notebook 02, one sigmoid neuron, one step of gradient descent, and why cross-entropy
# learns faster than MSE when the sigmoid is saturated.
