# %% [markdown]
# # 04 · Train an MLP on two moons
#
# Everything so far was one forward and one backward. Training is the same pass, repeated: forward
# over the data, a loss, backward, one optimizer step, again and again. Here a 2-16-16-1 MLP (多层感知机)
# learns to separate two interleaving half moons, with a progress bar, a loss curve, the decision
# boundary it found, and the graph of one sample's loss drawn neuron by neuron.

# %% [markdown] lang=zh
# # 04 · 在"双月"数据上训练一个 MLP
#
# 到目前为止，我们做的都是一次前向传播加一次反向传播。训练就是把这一趟重复下去：在数据上做前向传播，
# 算出损失，反向传播，优化器走一步，然后一遍又一遍。这里一个 2-16-16-1 的多层感知机（MLP）要学会
# 把两个相互交错的半月形分开；我们会看到进度条、损失曲线、它找到的决策边界，以及逐个神经元画出的
# 一个样本的损失计算图。

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import autograd
import nn
from autograd import draw, set_language, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of why
set_language(LANG)  # and of errors, warnings, plots and pictures

# %% lang=zh
%matplotlib inline
import random

import matplotlib.pyplot as plt

import autograd
import nn
from autograd import draw, set_language, why

random.seed(0)
LANG = "en"  # "en" 或 "zh"：why 所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言

# %% [markdown]
# ## 1. The data
#
# 100 points in 2-D (`X`: a list of 100 `[x1, x2]`), labels 0 or 1 (`y`), noise 0.1. No straight
# line separates the two classes; a network with hidden layers can bend its boundary around them.

# %% [markdown] lang=zh
# ## 1. 数据
#
# 平面上的 100 个点（`X`：由 100 个 `[x1, x2]` 组成的列表），标签是 0 或 1（`y`），噪声为 0.1。
# 没有哪条直线能把两类分开；带隐藏层的网络则可以把边界弯过来绕开它们。

# %% tags=["picture"]
X, y = nn.data.make_moons(100, noise=0.1, seed=1)
print(f"{len(X)} points, e.g. X[0] = [{X[0][0]:.3f}, {X[0][1]:.3f}] with label y[0] = {y[0]}")

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter([p[0] for p in X], [p[1] for p in X], c=y, cmap="coolwarm", edgecolors="black", linewidths=0.5)
ax.set(xlabel="x1", ylabel="x2", title="make_moons(100, noise=0.1)")
plt.show()

# %% lang=zh
X, y = nn.data.make_moons(100, noise=0.1, seed=1)
print(f"{len(X)} 个点，例如 X[0] = [{X[0][0]:.3f}, {X[0][1]:.3f}]，标签 y[0] = {y[0]}")

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

# %% [markdown] lang=zh
# ## 2. 模型
#
# `MLP(2, [16, 16, 1])`：2 个输入 → 16 个 ReLU 神经元 → 16 个 ReLU 神经元 → 1 个线性输出，即一个分数
# （分数 > 0 时判为类别 1）。参数个数：(2·16 + 16) + (16·16 + 16) + (16 + 1) = 337。
# 与 micrograd 一样，权重初始化为 [−1, 1] 上的均匀分布，偏置为 0；`seed=0` 保证结果可以重现。

# %%
model = nn.MLP(2, [16, 16, 1], seed=0)
print(model)
print(len(model.parameters()), "parameters")

# %% lang=zh
model = nn.MLP(2, [16, 16, 1], seed=0)
print(model)
print(len(model.parameters()), "个参数")

# %% [markdown]
# ## 3. One neuron is a dot product and an activation
#
# relu(w1·x1 + w2·x2 + b) for one neuron of the first layer, on the first point. The weighted
# sum is a single `dot` node with five parents, so the graph stays small.
#
# Not every neuron will do for this picture. Neuron 0's weighted sum on this point is −0.04, so its
# ReLU is off: its output is 0 and every gradient through it is 0 (a "dead" ReLU for this input).
# We draw the first neuron whose ReLU is on, so the gradients have something to show.

# %% [markdown] lang=zh
# ## 3. 一个神经元就是一次点积加一个激活函数
#
# 第一层中的一个神经元在第一个点上的计算：relu(w1·x1 + w2·x2 + b)。加权和是一个有五个父节点的 `dot`
# 节点，所以计算图保持得很小。
#
# 并不是每个神经元都适合画这张图。0 号神经元在这个点上的加权和是 −0.04，它的 ReLU 处于关闭状态：
# 输出为 0，经过它的梯度也都是 0（对这个输入来说是一个"死掉"的 ReLU）。我们画的是第一个 ReLU
# 处于打开状态的神经元，这样梯度才有东西可看。

# %% tags=["picture"]
off = model.layers[0].neurons[0](X[0])
print(f"neuron 0: z = {off.parents[0].data:.4f}, relu(z) = {off.data}: off, no gradient flows back through it")
index, neuron = next((j, n) for j, n in enumerate(model.layers[0].neurons) if n(X[0]).data > 0)
out = neuron(X[0])
out.backward()
print(f"neuron {index}: z = {out.parents[0].data:.4f} > 0, so relu passes the gradient on: d out/dz = 1")
draw(out)

# %% lang=zh
off = model.layers[0].neurons[0](X[0])
print(f"0 号神经元：z = {off.parents[0].data:.4f}，relu(z) = {off.data}：关闭，没有梯度能从它流回去")
index, neuron = next((j, n) for j, n in enumerate(model.layers[0].neurons) if n(X[0]).data > 0)
out = neuron(X[0])
out.backward()
print(f"{index} 号神经元：z = {out.parents[0].data:.4f} > 0，所以 relu 把梯度传下去：d out/dz = 1")
draw(out)

# %% [markdown]
# The same neuron spelled out in binary `*` and `+` nodes (`fused=False`, the way micrograd builds
# it): the same numbers, more nodes.

# %% [markdown] lang=zh
# 同一个神经元，改用二元的 `*` 和 `+` 节点逐项写出（`fused=False`，micrograd 就是这样搭的）：
# 数值完全相同，只是节点更多。

# %% tags=["picture"]
spelled_out = nn.Neuron.from_weights([w.data for w in neuron.w], neuron.b.data, fused=False)  # that same neuron
out2 = spelled_out(X[0])
out2.backward()
assert out2.data == out.data
print(f"{len(autograd.nodes(out))} nodes with one dot node, {len(autograd.nodes(out2))} spelled out")
draw(out2)

# %% lang=zh
spelled_out = nn.Neuron.from_weights([w.data for w in neuron.w], neuron.b.data, fused=False)  # 还是那个神经元
out2 = spelled_out(X[0])
out2.backward()
assert out2.data == out.data
print(f"用一个 dot 节点：{len(autograd.nodes(out))} 个节点；逐项写出：{len(autograd.nodes(out2))} 个节点")
draw(out2)

# %% [markdown]
# ## 4. One sample's loss through the whole network
#
# The loss of one point is the hinge loss max(0, 1 − t·score) with t = ±1 for the label: zero once
# the point is on the right side with a margin of 1. Its graph has hundreds of nodes; drawn with
# `cluster=model, collapse=True` each neuron becomes one box (its output and dL/d(output)), and
# `flow=True` makes each edge as thick as the gradient it carries back. Grey boxes are ReLUs that are
# off for this input: no gradient passes through them.

# %% [markdown] lang=zh
# ## 4. 一个样本的损失，贯穿整个网络
#
# 一个点的损失用合页损失（hinge loss）max(0, 1 − t·分数)，其中 t = ±1 对应标签：一旦这个点落在正确的
# 一侧并且间隔至少为 1，损失就是零。它的计算图有几百个节点；用 `cluster=model, collapse=True` 来画时，
# 每个神经元变成一个方框（显示它的输出和 ∂L/∂输出），`flow=True` 让每条边的粗细与它传回的梯度成正比。
# 灰色的方框是对这个输入处于关闭状态的 ReLU：没有梯度能穿过它们。

# %% tags=["picture"]
t = 1 if y[0] == 1 else -1
loss = nn.hinge_loss([model(X[0])], [t])
loss.label = "L"
loss.backward()
assert loss.data > 0  # a point the untrained model gets wrong, so gradients flow
print(f"loss = {loss.data:.4f};  {len(autograd.nodes(loss))} nodes, {len(autograd.edges(loss))} edges for one sample")
draw(loss, cluster=model, collapse=True, flow=True)

# %% lang=zh
t = 1 if y[0] == 1 else -1
loss = nn.hinge_loss([model(X[0])], [t])
loss.label = "L"
loss.backward()
assert loss.data > 0  # 一个还没训练的模型答错的点，所以会有梯度流动
print(f"loss = {loss.data:.4f}；一个样本就有 {len(autograd.nodes(loss))} 个节点、{len(autograd.edges(loss))} 条边")
draw(loss, cluster=model, collapse=True, flow=True)

# %% [markdown]
# Why does a weight into a grey neuron get no gradient? Ask:

# %% [markdown] lang=zh
# 进入灰色神经元的权重为什么得不到梯度？问一问：

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

# %% [markdown] lang=zh
# ## 5. 训练
#
# `nn.fit` 负责整个循环：每一轮（epoch）对每个点做前向传播，求合页损失的平均值，`zero_grad`，
# `backward`，`step`。使用带动量 0.9 的 SGD，学习率 0.1，全批量，训练 100 轮。进度条是一个 Jupyter
# 小部件：在 Jupyter 里会实时更新；静态查看器显示的是它完成时的状态（下面打印出的 History 是训练的汇总）。

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

# %% [markdown] lang=zh
# ## 6. 损失曲线与决策边界
#
# 左图：每一轮的平均损失（蓝色）和训练准确率（橙色）。合页损失几乎降到 0：几乎每个点最后都落在自己
# 那一侧，间隔不小于 1。右图：模型在网格上每一点预测的类别，上面叠加着数据点。

# %% tags=["picture"]
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained", gridspec_kw={"wspace": 0.12})
nn.plot.loss_curve(history, ax=left, log=False)
nn.plot.decision_boundary(model, X, y, ax=right)
left.set_title("training")
right.set_title(f"decision boundary, accuracy {nn.accuracy(model, X, y):.0%}")
plt.show()

# %% lang=zh
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained", gridspec_kw={"wspace": 0.12})
nn.plot.loss_curve(history, ax=left, log=False)
nn.plot.decision_boundary(model, X, y, ax=right)
left.set_title("训练过程")
right.set_title(f"决策边界，准确率 {nn.accuracy(model, X, y):.0%}")
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

# %% [markdown] lang=zh
# ## 7. 看着它训练
#
# `live=True` 让 `fit` 在运行时原地重画同一张图：到目前为止的损失、模型在这一轮的决策边界，以及逐个神经元
# 画出的网络，并显示它当前错得最厉害的那个点的梯度流（随着点移到自己那一侧，边会变细）。这是一个设置与上面
# 完全相同的新模型。每隔几轮出一帧，每秒最多两帧左右；`live=nn.Live(every=10, seconds=2.0)` 可以调整这一点
# （`graph=False` 则不画网络）。最后一帧会留在保存的笔记本里，它就是训练好的模型：到那时每个点都以足够的间隔
# 落在自己那一侧，所以已经完全没有梯度在流动了。

# %% tags=["picture"]
watched = nn.MLP(2, [16, 16, 1], seed=0)
optimizer = nn.SGD(watched.parameters(), lr=0.1, momentum=0.9)
live_history = nn.fit(watched, X, y, loss="hinge", optimizer=optimizer, epochs=100, seed=0, live=True)
assert live_history.loss == history.loss  # watching changes nothing: the same run as in section 5

# %% [markdown]
# This is the training set: 100 % here says nothing yet about new points. Notebook 06 holds some
# data back to find out. Next, notebook 05: how the optimizer and the initial weights change the
# ride.

# %% [markdown] lang=zh
# 这是训练集：这里的 100% 还说明不了模型在新的点上表现如何。笔记本 06 会留出一部分数据来检验这一点。
# 下一个是笔记本 05：优化器和初始权重如何改变训练的过程。
