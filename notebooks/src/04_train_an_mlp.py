# %% [markdown]
# # 04 · Train an MLP on two moons
#
# Everything so far was one forward and one backward. Training is the same pass, repeated: forward
# over the data, a loss, backward, one optimizer step, again and again. Here a 2-16-16-1 MLP (多层感知机)
# learns to separate two interleaving half moons, with a progress bar, a loss curve, the decision
# boundary it found, and the graph of one sample's loss drawn neuron by neuron.

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import autograd
import nn
from autograd import draw, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of why

# %% [markdown]
# ## 1. The data
#
# 100 points in 2-D (`X`: a list of 100 `[x1, x2]`), labels 0 or 1 (`y`), noise 0.1. No straight
# line separates the two classes; a network with hidden layers can bend its boundary around them.

# %% tags=["picture"]
X, y = nn.data.make_moons(100, noise=0.1, seed=1)
print(f"{len(X)} points, e.g. X[0] = [{X[0][0]:.3f}, {X[0][1]:.3f}] with label y[0] = {y[0]}")

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter([p[0] for p in X], [p[1] for p in X], c=y, cmap="coolwarm", edgecolors="black", linewidths=0.5)
ax.set(xlabel="x1", ylabel="x2", title="make_moons(100, noise=0.1)")
plt.show()

# %% [markdown]
# ## 2. The model
#
# `MLP(2, [16, 16, 1])`: 2 inputs → 16 ReLU neurons → 16 ReLU neurons → 1 linear output, a score
# (class 1 when the score is > 0). Parameters: (2·16 + 16) + (16·16 + 16) + (16 + 1) = 337.
# Weights start uniform in [−1, 1], biases at 0, as in micrograd; `seed=0` makes it repeatable.

# %%
model = nn.MLP(2, [16, 16, 1], seed=0)
print(model)
print(len(model.parameters()), "parameters")

# %% [markdown]
# ## 3. One neuron is a dot product and an activation
#
# relu(w1·x1 + w2·x2 + b) for one neuron of the first layer, on the first point. The weighted
# sum is a single `dot` node with five parents, so the graph stays small.
#
# Not every neuron will do for this picture. Neuron 0's weighted sum on this point is −0.04, so its
# ReLU is off: its output is 0 and every gradient through it is 0 (a "dead" ReLU for this input).
# We draw the first neuron whose ReLU is on, so the gradients have something to show.

# %% tags=["picture"]
off = model.layers[0].neurons[0](X[0])
print(f"neuron 0: z = {off.parents[0].data:.4f}, relu(z) = {off.data}: off, no gradient flows back through it")
index, neuron = next((j, n) for j, n in enumerate(model.layers[0].neurons) if n(X[0]).data > 0)
out = neuron(X[0])
out.backward()
print(f"neuron {index}: z = {out.parents[0].data:.4f} > 0, so relu passes the gradient on: d out/dz = 1")
draw(out)

# %% [markdown]
# The same neuron spelled out in binary `*` and `+` nodes (`fused=False`, the way micrograd builds
# it): the same numbers, more nodes.

# %% tags=["picture"]
spelled_out = nn.Neuron.from_weights([w.data for w in neuron.w], neuron.b.data, fused=False)  # that same neuron
out2 = spelled_out(X[0])
out2.backward()
assert out2.data == out.data
print(f"{len(autograd.nodes(out))} nodes with one dot node, {len(autograd.nodes(out2))} spelled out")
draw(out2)

# %% [markdown]
# ## 4. One sample's loss through the whole network
#
# The loss of one point is the hinge loss max(0, 1 − t·score) with t = ±1 for the label: zero once
# the point is on the right side with a margin of 1. Its graph has hundreds of nodes; drawn with
# `cluster=model, collapse=True` each neuron becomes one box (its output and dL/d(output)), and
# `flow=True` makes each edge as thick as the gradient it carries back. Grey boxes are ReLUs that are
# off for this input: no gradient passes through them.

# %% tags=["picture"]
t = 1 if y[0] == 1 else -1
loss = nn.hinge_loss([model(X[0])], [t])
loss.label = "L"
loss.backward()
assert loss.data > 0  # a point the untrained model gets wrong, so gradients flow
print(f"loss = {loss.data:.4f};  {len(autograd.nodes(loss))} nodes, {len(autograd.edges(loss))} edges for one sample")
draw(loss, cluster=model, collapse=True, flow=True)

# %% [markdown]
# Why does a weight into a grey neuron get no gradient? Ask:

# %%
dead = next(n for n in model.layers[0].neurons if n(X[0]).data == 0)
why(dead.w[0], root=loss, lang=LANG)

# %% [markdown]
# ## 5. Training
#
# `nn.fit` runs the loop: for each epoch, forward every point, the mean hinge loss, `zero_grad`,
# `backward`, `step`. SGD with momentum 0.9, learning rate 0.1, full batch, 100 epochs. The progress
# bar is a Jupyter widget: live in Jupyter; a static viewer shows its finished state (and the
# printed History below it is the summary).

# %%
optimizer = nn.SGD(model.parameters(), lr=0.1, momentum=0.9)
history = nn.fit(model, X, y, loss="hinge", optimizer=optimizer, epochs=100, seed=0)
print(history)
assert history.accuracy[-1] >= 0.97

# %% [markdown]
# ## 6. The loss curve and the decision boundary
#
# Left: the mean loss per epoch (blue) and the training accuracy (orange). The hinge loss drops to
# nearly 0: almost every point ends up on its side with a margin of 1 or more. Right: the class the
# model predicts at every point of a grid, with the data on top.

# %% tags=["picture"]
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained", gridspec_kw={"wspace": 0.12})
nn.plot.loss_curve(history, ax=left, log=False)
nn.plot.decision_boundary(model, X, y, ax=right)
left.set_title("training")
right.set_title(f"decision boundary, accuracy {nn.accuracy(model, X, y):.0%}")
plt.show()

# %% [markdown]
# ## 7. Watch it train
#
# `live=True` redraws one picture in place while `fit` runs: the loss so far, the decision boundary
# the model has at that epoch, and the network drawn neuron by neuron with the gradient flow of the
# point it currently gets most wrong (the edges thin out as the points move to their side). A fresh
# model with the same settings as above. Frames come every few epochs, at most about two a second;
# `live=nn.Live(every=10, seconds=2.0)` sets that (`graph=False` leaves the network out). The last
# frame, which stays in the saved notebook, is the finished model: by then every point is on its side
# with a margin, so no gradient flows at all.

# %% tags=["picture"]
watched = nn.MLP(2, [16, 16, 1], seed=0)
optimizer = nn.SGD(watched.parameters(), lr=0.1, momentum=0.9)
live_history = nn.fit(watched, X, y, loss="hinge", optimizer=optimizer, epochs=100, seed=0, live=True)
assert live_history.loss == history.loss  # watching changes nothing: the same run as in section 5

# %% [markdown]
# This is the training set: 100 % here says nothing yet about new points. Notebook 06 holds some
# data back to find out. Next, notebook 05: how the optimizer and the initial weights change the
# ride.
