# %% [markdown]
# # 05 · Optimizers and initialisation
#
# Backward tells each parameter which way is downhill. Two choices decide how well that works in
# practice: how big a step to take and what to remember between steps (the optimizer, 优化器), and
# where the weights start (initialisation, 初始化). Part 1 races four optimizers on a 2-D loss
# surface you can see. Part 2 follows the gradient down a deep network and watches it fade.

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt
import numpy as np

import nn
from autograd import Value, draw, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of why

# %% [markdown]
# ## 1. A narrow valley
#
# f(x, y) = 0.03·x² + 2·y². The minimum is at (0, 0); across the valley (y) the surface is about 67
# times steeper than along it (x). Real loss surfaces are full of such valleys. The two parameters are
# plain Values and each optimizer is an `nn.optim` optimizer driving them, the same objects that
# train an MLP.

# %%
def f(x, y):
    return 0.03 * x**2 + 2 * y**2  # works on floats, numpy arrays and Values alike


def descend(make_optimizer, steps=50, start=(-4.5, 1.5)):
    x, y = Value(start[0], "x"), Value(start[1], "y")
    optimizer = make_optimizer([x, y])
    path = [(x.data, y.data)]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = f(x, y)
        loss.backward()
        optimizer.step()
        path.append((x.data, y.data))
    return path


racers = {
    "SGD, lr 0.45": lambda p: nn.SGD(p, lr=0.45),
    "SGD + momentum 0.8, lr 0.2": lambda p: nn.SGD(p, lr=0.2, momentum=0.8),
    "RMSprop, lr 0.1": lambda p: nn.RMSprop(p, lr=0.1),
    "Adam, lr 0.5": lambda p: nn.Adam(p, lr=0.5),
}
paths = {name: descend(make) for name, make in racers.items()}
for name, path in paths.items():
    print(f"{name:<28} after 50 steps: (x, y) = ({path[-1][0]:+.3f}, {path[-1][1]:+.3f})  f = {f(*path[-1]):.2e}")

# %% tags=["picture"]
fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.4), layout="constrained", height_ratios=[3, 2])
gx, gy = np.meshgrid(np.linspace(-5, 2, 200), np.linspace(-1.8, 1.8, 200))
top.contour(gx, gy, f(gx, gy), levels=np.geomspace(0.01, 8, 10), colors="grey", linewidths=0.5)
for name, path in paths.items():
    top.plot([p[0] for p in path], [p[1] for p in path], marker=".", markersize=3, linewidth=1, label=name)
top.plot(0, 0, "k*", markersize=12)
top.set(xlabel="x", ylabel="y", title="50 steps from (−4.5, 1.5) to the minimum (★)", aspect="equal")
top.legend(loc="lower right", fontsize="small")
for name, path in paths.items():
    bottom.plot([f(*p) for p in path], label=name)
bottom.set(xlabel="step", ylabel="f(x, y)", yscale="log", ylim=(1e-8, 20))
plt.show()

# %% [markdown]
# What the paths show:
#
# * **SGD** takes the same step size in both directions. The steep y direction caps the learning
#   rate (above 0.5 it diverges across the valley), and at 0.45 it zigzags across while it crawls
#   along x.
# * **Momentum** keeps a running, decaying sum of past gradients. Across the valley they alternate in sign
#   and cancel; along it they agree and add up, so it gathers speed where SGD crawled.
# * **RMSprop** divides each coordinate's step by the recent size of that coordinate's gradient, so
#   the flat x direction gets a step as large as the steep y direction. On a valley that lies along
#   an axis that is exactly the cure, which is why it wins by so much here; tilt the valley 45°
#   and its per-coordinate scaling helps far less.
# * **Adam** does both: momentum on the direction, RMSprop's scaling on the size. With this
#   learning rate it overshoots and loops back.
#
# This is one surface and one learning rate per optimizer, not a ranking: change them and the order
# changes. Try it.

# %% [markdown]
# ## 2. Deep stacks: where does the gradient go?
#
# Backward multiplies one local derivative per layer. A sigmoid's slope σ'(z) is at most 1/4 (at
# z = 0), so through 8 sigmoid layers the slopes alone shrink the gradient by a factor of at least
# 4⁸ ≈ 65 000, unless the weights make up for it: the vanishing gradient (梯度消失). The first layers
# then barely learn.
#
# Below, six MLPs of the same shape, 2 → 8 hidden layers of 16 → 1, differ only in the activation
# and the initialisation: micrograd's uniform in [−1, 1] for all, Xavier/Glorot (Var(w) = 2 / (fan_in +
# fan_out), made for tanh) and He/Kaiming (Var(w) = 2 / fan_in, made for ReLU). One backward of the
# MSE on 32 moons points each, then the mean |dL/dw| per layer.

# %%
X, y = nn.data.make_moons(32, noise=0.1, seed=0)


def gradient_per_layer(model):
    loss = nn.mse_loss([model(x) for x in X], y)
    loss.backward()
    return [sum(abs(w.grad) for n in layer.neurons for w in n.w) / (layer.nin * layer.nout) for layer in model.layers]


setups = [
    ("sigmoid", "uniform"), ("sigmoid", "xavier_normal"),
    ("tanh", "uniform"), ("tanh", "xavier_normal"),
    ("relu", "uniform"), ("relu", "he_normal"),
]  # fmt: skip
grads = {}
for activation, init in setups:
    model = nn.MLP(2, [16] * 8 + [1], activation=activation, init=init, seed=1)
    grads[f"{activation} + {init}"] = gradient_per_layer(model)
for name, g in grads.items():
    print(f"{name:<24} first layer {g[0]:.1e}   last layer {g[-1]:.1e}   ratio {g[-1] / g[0]:,.0f}")

# %% tags=["picture"]
fig, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
styles = {"sigmoid": "C3", "tanh": "C0", "relu": "C2"}
for name, g in grads.items():
    activation, init = name.split(" + ")
    line = "-" if init == "uniform" else "--"
    ax.plot(range(len(g)), g, marker="o", color=styles[activation], linestyle=line, label=name)
ax.set(xlabel="layer (0 = next to the input)", ylabel="mean |dL/dw|", yscale="log",
       title="Gradient size per layer, 8 hidden layers of 16")  # fmt: skip
ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
plt.show()

# %% [markdown]
# Reading the plot, honestly:
#
# * **Sigmoid stacks vanish whatever the init.** The first layer gets a thousand (uniform) to a
#   million (Xavier) times less gradient than the last. Xavier makes it *worse* here: it shrinks the
#   weights, and small weights times slopes ≤ 1/4 shrink the gradient further. Xavier's formula
#   assumes a slope of 1 around 0, which tanh has and sigmoid does not.
# * **tanh** (with either init at this width) and **ReLU + He** keep the gradient at the same order
#   of magnitude through all nine layers. Xavier and He pick the weights' variance from the number
#   of inputs (and outputs) of each layer, so that every layer passes on signals of about the same
#   size; uniform[−1, 1] ignores the width altogether.
# * **ReLU + uniform[−1, 1]** does not vanish either, but every gradient is about 30 times larger
#   than with He: the weights are too large for ReLU (Var(w) · fan_in = 16/3 ≈ 5 instead of He's 2),
#   so activations grow from layer to layer, the mild end of exploding gradients (梯度爆炸).

# %% [markdown]
# ## 3. The same story as a picture
#
# `draw(loss, cluster=model, collapse=True, flow=True)` draws each neuron as one box and each edge as
# thick as the gradient it carries back (scaled to the largest edge in the picture), here from the
# loss at the bottom up to the inputs at the top (`rankdir="TB"`). A narrower, shallower stack
# (6 hidden layers of 4) keeps the picture readable. First the sigmoid stack with uniform weights:
# the edges fade to hairlines long before they reach the input.

# %% tags=["picture"]
def one_sample_graph(activation, init):
    model = nn.MLP(2, [4] * 6 + [1], activation=activation, init=init, seed=1)
    loss = nn.mse_loss([model(X[0])], [y[0]])
    loss.label = "L"
    loss.backward()
    return model, loss


sigmoid_model, sigmoid_loss = one_sample_graph("sigmoid", "uniform")
draw(sigmoid_loss, rankdir="TB", cluster=sigmoid_model, collapse=True, flow=True, title="sigmoid + uniform")

# %% [markdown]
# The same shape with tanh and Xavier: the gradient reaches the first layer with its strength intact.

# %% tags=["picture"]
tanh_model, tanh_loss = one_sample_graph("tanh", "xavier_normal")
draw(tanh_loss, rankdir="TB", cluster=tanh_model, collapse=True, flow=True, title="tanh + xavier_normal")

# %% [markdown]
# `why` explains a small gradient in the sigmoid stack edge by edge (with `tol=1e-3`: by default it
# only looks at gradients below 1e-6):

# %%
first_weight = sigmoid_model.layers[0].neurons[0].w[0]
print(f"dL/dw = {first_weight.grad:.2e} in the sigmoid stack, "
      f"{tanh_model.layers[0].neurons[0].w[0].grad:.2e} in the tanh stack")  # fmt: skip
why(first_weight, root=sigmoid_loss, lang=LANG, tol=1e-3)

# %% [markdown]
# `why` stops at the first edge whose product falls below `tol`. The local derivative there is an
# ordinary 0.25; it is the upstream gradient that is already small when it reaches the first layer,
# because it shrank layer after layer on the way down, as the per-layer plot showed.

# %% [markdown]
# Next: notebook 06, when a model learns its training data too well.
