# %% [markdown]
# # 02 · One neuron, one step, two losses
#
# The smallest thing that learns: one sigmoid neuron. We reproduce the chapter's numbers for its
# forward pass, its backward pass and one step of gradient descent (梯度下降), then compare two loss
# functions (损失函数), mean squared error (均方误差) and cross-entropy (交叉熵), on the question
# that decides which one to use for classification: how hard does each one push a neuron that is
# confidently wrong?

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, draw, explain, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of explain and why

# %% [markdown]
# ## 1. Forward
#
# Inputs x = [1, 2], weights w = [0.1, 0.2], bias b = 0.1, target y = 0.5, and the loss
# L = ½ (y − a)², where
#
#     z = w1·x1 + w2·x2 + b        a = σ(z) = 1 / (1 + e^(−z))
#
# The target y is data, not something to learn: it is a constant (`requires_grad=False`, as in
# PyTorch), so it gets no gradient, and the pictures show it as `y = 0.5`, apart from the plain
# number ½ in front of the square.

# %%
neuron = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
a = neuron([1.0, 2.0])
z = a.parents[0]  # the neuron's weighted sum, the node that feeds the sigmoid
z.label, a.label = "z", "a"
y = Value(0.5, "y", requires_grad=False)  # the target: a constant
L = 0.5 * (y - a) ** 2
L.label = "L"
print(f"z = {z.data:.4g}   a = σ(z) = {a.data:.6f}   L = {L.data:.6f}")

# %%
assert abs(z.data - 0.6) < 1e-12
assert abs(a.data - 0.64566) < 1e-5  # the chapter writes 0.645; to three places 0.64566 is 0.646
assert abs(L.data - 0.010608) < 1e-6

# %% [markdown]
# ## 2. Backward
#
# Three factors, one per edge on the way from L to w1:
#
#     dL/dw1 = dL/da · da/dz · dz/dw1 = (a − y) · σ'(z) · x1,     σ'(z) = a (1 − a)

# %%
explain(L, lang=LANG)

# %% tags=["picture"]
w1, w2 = neuron.w
sigma_prime = a.data * (1 - a.data)
print(f"σ'(z) = {sigma_prime:.5f}   dL/dw = [{w1.grad:.6f}, {w2.grad:.6f}]   dL/db = {neuron.b.grad:.6f}")
assert abs(sigma_prime - 0.22878) < 1e-5
assert abs(w1.grad - 0.033324) < 1e-6 and abs(w2.grad - 0.066648) < 1e-6
draw(L)

# %% [markdown]
# ## 3. One step of gradient descent
#
# Move every parameter a little against its gradient: w ← w − α · dL/dw, with learning rate
# (学习率) α = 0.01. `nn.SGD` does exactly that in `step()`.

# %%
optimizer = nn.SGD(neuron.parameters(), lr=0.01)
optimizer.step()
print(f"w = [{w1.data:.6f}, {w2.data:.6f}]   b = {neuron.b.data:.6f}")
assert abs(w1.data - 0.099667) < 1e-6 and abs(w2.data - 0.199334) < 1e-6

L_after = 0.5 * (y - neuron([1.0, 2.0])) ** 2
print(f"L: {L.data:.6f} -> {L_after.data:.6f}")

# %% [markdown]
# A small step gives a small improvement, and that is the point of a small learning rate: the
# gradient describes the loss only near the current weights. Training is this step, repeated.
#
# ## 4. MSE or cross-entropy?
#
# For a classifier, a = σ(z) is a probability. Take the label y = 1 and a neuron that is
# confidently wrong: z = −6, so a ≈ 0.0025.
#
# * MSE, L = (a − y)²: dL/dz = 2 (a − y) · σ'(z). But σ'(−6) ≈ 0.0025, so the gradient is tiny
#   exactly when the error is largest: the sigmoid is saturated (饱和).
# * Binary cross-entropy, L = −log a: dL/dz = a − y. The σ'(z) cancels, and the push stays
#   close to 1 however wrong the neuron is.
#
# Below, the engine computes dL/dz for both losses at 161 values of z; no derivative is typed in.

# %% tags=["picture"]
def dloss_dz(loss_fn, z0, y=1.0):
    z = Value(z0, "z")
    loss = loss_fn([z.sigmoid()], [y])
    loss.backward()
    return z.grad


zs = [k / 10 for k in range(-80, 81)]
mse = [dloss_dz(nn.mse_loss, z) for z in zs]
bce = [dloss_dz(nn.binary_cross_entropy, z) for z in zs]
print(f"at z = -6:  MSE dL/dz = {mse[20]:.4f}   cross-entropy dL/dz = {bce[20]:.4f}")

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.axvspan(-8, -2, color="C3", alpha=0.08, label="confidently wrong")
ax.plot(zs, [abs(g) for g in mse], label="MSE: (a − 1)²")
ax.plot(zs, [abs(g) for g in bce], label="cross-entropy: −log a")
ax.set(xlabel="z  (the label is y = 1)", ylabel="|dL/dz|", yscale="log", title="How hard each loss pushes z")
ax.legend()
plt.show()

# %% [markdown]
# `why` names the culprit for the MSE case (asked with `tol=0.01`, since by default it only explains
# gradients below 1e-6):

# %%
z = Value(-6.0, "z")
a = z.sigmoid()
a.label = "a"
L_mse = nn.mse_loss([a], [1.0])
L_mse.label = "L"
why(z, root=L_mse, lang=LANG, tol=0.01)

# %% [markdown]
# ## 5. The race
#
# One neuron, one input x = 1, label y = 1, starting confidently wrong (w = −6, b = 0, so z = −6).
# Forty steps of gradient descent with the same learning rate, once per loss. The loop is the whole
# of training: forward, loss, zero the gradients, backward, step.

# %% tags=["picture"]
def train(loss_fn, steps=40, lr=0.5):
    neuron = nn.Neuron.from_weights([-6.0], 0.0, activation="sigmoid")
    optimizer = nn.SGD(neuron.parameters(), lr=lr)
    outputs = []
    for _ in range(steps):
        a = neuron([1.0])
        loss = loss_fn([a], [1.0])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        outputs.append(a.data)
    return outputs


race = {"MSE": train(nn.mse_loss), "cross-entropy": train(nn.binary_cross_entropy)}
for name, outputs in race.items():
    print(f"{name:>13}: a = {outputs[0]:.4f} -> {outputs[-1]:.4f}")
assert race["cross-entropy"][-1] > 0.9 > 0.1 > race["MSE"][-1]

fig, ax = plt.subplots(figsize=(7, 3.5))
for name, outputs in race.items():
    ax.plot(outputs, label=name)
ax.set(xlabel="step", ylabel="a = σ(z)", title="From z = −6 towards the label 1", ylim=(0, 1))
ax.legend()
plt.show()

# %% [markdown]
# Cross-entropy climbs out of the saturated region in a handful of steps; MSE barely moves, because
# its gradient carries the factor σ'(z) ≈ 0 from the flat tail of the sigmoid. That is why a
# sigmoid (or softmax) output is paired with cross-entropy, and MSE is kept for regression.
#
# Next: notebook 03, why backward must visit the graph in topological order.
