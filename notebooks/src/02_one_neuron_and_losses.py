# %% [markdown]
# # 02 · One neuron, one step, two losses
#
# The smallest thing that learns: one sigmoid neuron. We reproduce the chapter's numbers for its
# forward pass, its backward pass and one step of gradient descent (梯度下降), then compare two loss
# functions (损失函数), mean squared error (均方误差) and cross-entropy (交叉熵), on the question
# that decides which one to use for classification: how hard does each one push a neuron that is
# confidently wrong?

# %% [markdown] lang=zh
# # 02 · 一个神经元，一步更新，两种损失
#
# 会学习的最小单元：一个 sigmoid 神经元。我们先重现教材中它的前向传播、反向传播和一步梯度下降的
# 数值，再比较两种损失函数——均方误差（MSE）和交叉熵——在决定分类任务该选哪一个的那个问题上
# 表现如何：当神经元"信心十足地答错"时，各自推它的力度有多大？

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, draw, explain, set_language, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of explain, why
set_language(LANG)  # and of errors, warnings, plots and pictures

# %% lang=zh
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, draw, explain, set_language, why

random.seed(0)
LANG = "en"  # "en" 或 "zh"：explain 和 why 所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言

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

# %% [markdown] lang=zh
# ## 1. 前向传播
#
# 输入 x = [1, 2]，权重 w = [0.1, 0.2]，偏置 b = 0.1，目标值 y = 0.5，损失函数
# L = ½ (y − a)²，其中
#
#     z = w1·x1 + w2·x2 + b        a = σ(z) = 1 / (1 + e^(−z))
#
# 目标值 y 是数据，不是要学习的量：它是常数（与 PyTorch 一样写作 `requires_grad=False`），所以没有梯度；
# 图中把它画成 `y = 0.5`，与平方前面那个普通的数 ½ 区分开。

# %%
neuron = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
a = neuron([1.0, 2.0])
z = a.parents[0]  # the neuron's weighted sum, the node that feeds the sigmoid
z.label, a.label = "z", "a"
y = Value(0.5, "y", requires_grad=False)  # the target: a constant
L = 0.5 * (y - a) ** 2
L.label = "L"
print(f"z = {z.data:.4g}   a = σ(z) = {a.data:.6f}   L = {L.data:.6f}")

# %% lang=zh
neuron = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
a = neuron([1.0, 2.0])
z = a.parents[0]  # 神经元的加权和，也就是送进 sigmoid 的那个节点
z.label, a.label = "z", "a"
y = Value(0.5, "y", requires_grad=False)  # 目标值：一个常数
L = 0.5 * (y - a) ** 2
L.label = "L"
print(f"z = {z.data:.4g}   a = σ(z) = {a.data:.6f}   L = {L.data:.6f}")

# %%
assert abs(z.data - 0.6) < 1e-12
assert abs(a.data - 0.64566) < 1e-5  # the chapter writes 0.645; to three places 0.64566 is 0.646
assert abs(L.data - 0.010608) < 1e-6

# %% lang=zh
assert abs(z.data - 0.6) < 1e-12
assert abs(a.data - 0.64566) < 1e-5  # 教材写作 0.645；保留三位小数，0.64566 应为 0.646
assert abs(L.data - 0.010608) < 1e-6

# %% [markdown]
# ## 2. Backward
#
# Three factors, one per edge on the way from L to w1:
#
#     dL/dw1 = dL/da · da/dz · dz/dw1 = (a − y) · σ'(z) · x1,     σ'(z) = a (1 − a)

# %% [markdown] lang=zh
# ## 2. 反向传播
#
# 从 L 到 w1 的路上有三条边，每条边贡献一个因子：
#
#     ∂L/∂w1 = ∂L/∂a · ∂a/∂z · ∂z/∂w1 = (a − y) · σ'(z) · x1,     σ'(z) = a (1 − a)

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

# %% [markdown] lang=zh
# ## 3. 一步梯度下降
#
# 让每个参数都沿着梯度的反方向挪一小步：w ← w − α · ∂L/∂w，学习率 α = 0.01。`nn.SGD` 的 `step()`
# 做的正是这件事。

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

# %% [markdown] lang=zh
# 一小步只带来一点点改进，而这正是学习率要小的原因：梯度只描述当前权重附近的损失。训练就是把这一步
# 重复许多次。
#
# ## 4. 均方误差还是交叉熵？
#
# 对分类器来说，a = σ(z) 是一个概率。取标签 y = 1，以及一个信心十足却答错的神经元：z = −6，所以 a ≈ 0.0025。
#
# * 均方误差 L = (a − y)²：∂L/∂z = 2 (a − y) · σ'(z)。但 σ'(−6) ≈ 0.0025，所以恰恰在误差最大的时候
#   梯度最小：sigmoid 饱和了。
# * 二元交叉熵 L = −log a：∂L/∂z = a − y。σ'(z) 被约掉了，不管神经元错得多离谱，推力都接近 1。
#
# 下面由引擎在 161 个 z 值上分别计算两种损失的 ∂L/∂z；没有手写任何一个导数。

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

# %% lang=zh
def dloss_dz(loss_fn, z0, y=1.0):
    z = Value(z0, "z")
    loss = loss_fn([z.sigmoid()], [y])
    loss.backward()
    return z.grad


zs = [k / 10 for k in range(-80, 81)]
mse = [dloss_dz(nn.mse_loss, z) for z in zs]
bce = [dloss_dz(nn.binary_cross_entropy, z) for z in zs]
print(f"z = -6 时：均方误差 dL/dz = {mse[20]:.4f}   交叉熵 dL/dz = {bce[20]:.4f}")

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.axvspan(-8, -2, color="C3", alpha=0.08, label="信心十足地答错")
ax.plot(zs, [abs(g) for g in mse], label="均方误差：(a − 1)²")
ax.plot(zs, [abs(g) for g in bce], label="交叉熵：−log a")
ax.set(xlabel="z（标签 y = 1）", ylabel="|dL/dz|", yscale="log", title="每种损失推动 z 的力度")
ax.legend()
plt.show()

# %% [markdown]
# `why` names the culprit for the MSE case (asked with `tol=0.01`, since by default it only explains
# gradients below 1e-6):

# %% [markdown] lang=zh
# 对均方误差的情形，`why` 会指出"罪魁祸首"（这里用 `tol=0.01` 来问，因为默认它只解释小于 1e-6 的梯度）：

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

# %% [markdown] lang=zh
# ## 5. 赛跑
#
# 一个神经元，一个输入 x = 1，标签 y = 1，一开始信心十足地答错（w = −6，b = 0，所以 z = −6）。
# 用同样的学习率做四十步梯度下降，两种损失各跑一次。这个循环就是训练的全部：前向传播、计算损失、
# 梯度清零、反向传播、更新参数。

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

# %% lang=zh
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
ax.set(xlabel="步数", ylabel="a = σ(z)", title="从 z = −6 出发，向标签 1 靠近", ylim=(0, 1))
ax.legend()
plt.show()

# %% [markdown]
# Cross-entropy climbs out of the saturated region in a handful of steps; MSE barely moves, because
# its gradient carries the factor σ'(z) ≈ 0 from the flat tail of the sigmoid. That is why a
# sigmoid (or softmax) output is paired with cross-entropy, and MSE is kept for regression.
#
# Next: notebook 03, why backward must visit the graph in topological order.

# %% [markdown] lang=zh
# 交叉熵只用几步就爬出了饱和区；均方误差却几乎纹丝不动，因为它的梯度带着来自 sigmoid 平坦尾部的
# 因子 σ'(z) ≈ 0。这就是为什么 sigmoid（或 softmax）输出总是与交叉熵搭配，而均方误差留给回归任务。
#
# 下一个：笔记本 03，为什么反向传播必须按拓扑顺序访问计算图。
