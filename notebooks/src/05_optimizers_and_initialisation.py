# %% [markdown]
# # 05 · Optimizers and initialisation
#
# Backward tells each parameter which way is downhill. Two choices decide how well that works in
# practice: how big a step to take and what to remember between steps (the optimizer, 优化器), and
# where the weights start (initialisation, 初始化). Part 1 races four optimizers on a 2-D loss
# surface you can see. Part 2 follows the gradient down a deep network and watches it fade.

# %% [markdown] lang=zh
# # 05 · 优化器与初始化
#
# 反向传播告诉每个参数哪个方向是"下坡"。在实践中，效果好坏还取决于两个选择：每一步迈多大、
# 两步之间记住什么（这是优化器的事），以及权重从哪里出发（初始化）。第 1 部分让四种优化器在一个
# 看得见的二维损失曲面上赛跑；第 2 部分沿着梯度往一个深层网络里走，看它怎样逐渐消失。

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt
import numpy as np

import nn
from autograd import Value, draw, set_language, why

random.seed(0)
LANG = "en"  # "en" or "zh": the language of why
set_language(LANG)  # and of errors, warnings, plots and pictures

# %% lang=zh
%matplotlib inline
import random

import matplotlib.pyplot as plt
import numpy as np

import nn
from autograd import Value, draw, set_language, why

random.seed(0)
LANG = "en"  # "en" 或 "zh"：why 所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言

# %% [markdown]
# ## 1. A narrow valley
#
# f(x, y) = 0.03·x² + 2·y². The minimum is at (0, 0); across the valley (y) the surface is about 67
# times steeper than along it (x). Real loss surfaces are full of such valleys. The two parameters are
# plain Values and each optimizer is an `nn.optim` optimizer driving them, the same objects that
# train an MLP.

# %% [markdown] lang=zh
# ## 1. 一条狭长的山谷
#
# f(x, y) = 0.03·x² + 2·y²。最小值在 (0, 0)；横跨山谷的方向（y）比沿着山谷的方向（x）陡大约 67 倍。
# 真实的损失曲面上到处都是这样的山谷。两个参数是普通的 Value，每个优化器都是驱动它们的 `nn.optim`
# 优化器，和训练 MLP 用的是同一批对象。

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

# %% lang=zh
def f(x, y):
    return 0.03 * x**2 + 2 * y**2  # 对浮点数、numpy 数组和 Value 都适用


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
    "SGD，lr 0.45": lambda p: nn.SGD(p, lr=0.45),
    "SGD + 动量 0.8，lr 0.2": lambda p: nn.SGD(p, lr=0.2, momentum=0.8),
    "RMSprop，lr 0.1": lambda p: nn.RMSprop(p, lr=0.1),
    "Adam，lr 0.5": lambda p: nn.Adam(p, lr=0.5),
}
paths = {name: descend(make) for name, make in racers.items()}
for name, path in paths.items():
    print(f"{name:<20} 50 步之后：(x, y) = ({path[-1][0]:+.3f}, {path[-1][1]:+.3f})  f = {f(*path[-1]):.2e}")

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

# %% lang=zh
fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.4), layout="constrained", height_ratios=[3, 2])
gx, gy = np.meshgrid(np.linspace(-5, 2, 200), np.linspace(-1.8, 1.8, 200))
top.contour(gx, gy, f(gx, gy), levels=np.geomspace(0.01, 8, 10), colors="grey", linewidths=0.5)
for name, path in paths.items():
    top.plot([p[0] for p in path], [p[1] for p in path], marker=".", markersize=3, linewidth=1, label=name)
top.plot(0, 0, "k*", markersize=12)
top.set(xlabel="x", ylabel="y", title="从 (−4.5, 1.5) 出发走 50 步，奔向最小值（★）", aspect="equal")
top.legend(loc="lower right", fontsize="small")
for name, path in paths.items():
    bottom.plot([f(*p) for p in path], label=name)
bottom.set(xlabel="步数", ylabel="f(x, y)", yscale="log", ylim=(1e-8, 20))
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

# %% [markdown] lang=zh
# 这些路径说明了什么：
#
# * **SGD** 在两个方向上迈的步长一样。陡峭的 y 方向限制了学习率（超过 0.5 就会在山谷两壁之间发散），
#   取 0.45 时它在山谷里左右折返，沿着 x 方向却只是慢慢爬。
# * **动量法**保留过去梯度的一个不断衰减的累计和。横跨山谷的梯度正负交替、相互抵消；沿着山谷的梯度
#   方向一致、不断叠加，于是在 SGD 慢慢爬的方向上它越跑越快。
# * **RMSprop** 把每个坐标的步长除以该坐标最近梯度的大小，于是平坦的 x 方向得到和陡峭的 y 方向一样大的
#   步长。对于一条沿坐标轴方向的山谷，这恰好对症下药，所以它在这里遥遥领先；把山谷转 45°，
#   这种逐坐标的缩放就没那么管用了。
# * **Adam** 两者兼有：方向上用动量，步长上用 RMSprop 的缩放。在这个学习率下它会冲过头，再绕回来。
#
# 这只是一个曲面，每种优化器也只试了一个学习率，并不是排名：换一换，名次就会变。不妨自己试试。

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

# %% [markdown] lang=zh
# ## 2. 深层网络：梯度去哪儿了？
#
# 反向传播每经过一层就乘上一个局部导数。sigmoid 的斜率 σ'(z) 最大只有 1/4（在 z = 0 处），所以经过
# 8 层 sigmoid，仅斜率一项就会让梯度至少缩小 4⁸ ≈ 65 000 倍，除非权重把它补回来：这就是梯度消失。
# 于是前面几层几乎学不到东西。
#
# 下面是六个形状相同的 MLP，2 → 8 个 16 宽的隐藏层 → 1，只在激活函数和初始化方式上不同：
# micrograd 的 [−1, 1] 均匀分布（所有激活函数都用它）、Xavier/Glorot（Var(w) = 2 / (fan_in + fan_out)，
# 为 tanh 设计）和 He/Kaiming（Var(w) = 2 / fan_in，为 ReLU 设计）。每个模型在 32 个双月数据点上
# 对均方误差做一次反向传播，然后计算每一层的平均 |∂L/∂w|。

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

# %% lang=zh
fig, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
styles = {"sigmoid": "C3", "tanh": "C0", "relu": "C2"}
for name, g in grads.items():
    activation, init = name.split(" + ")
    line = "-" if init == "uniform" else "--"
    ax.plot(range(len(g)), g, marker="o", color=styles[activation], linestyle=line, label=name)
ax.set(xlabel="层（0 = 紧挨输入的那一层）", ylabel="平均 |dL/dw|", yscale="log",
       title="每一层的梯度大小，8 个 16 宽的隐藏层")  # fmt: skip
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

# %% [markdown] lang=zh
# 如实地读这张图：
#
# * **sigmoid 堆叠起来，无论怎样初始化梯度都会消失。** 第一层得到的梯度比最后一层小一千倍（均匀分布）
#   到一百万倍（Xavier）。在这里 Xavier 反而让情况**更糟**：它把权重缩小了，而小权重乘上不超过 1/4
#   的斜率，梯度就缩得更厉害。Xavier 的公式假定激活函数在 0 附近的斜率为 1，tanh 是这样，sigmoid 却不是。
# * **tanh**（在这个宽度下两种初始化都行）和 **ReLU + He** 让梯度在全部九层里保持在同一个数量级。
#   Xavier 和 He 根据每一层的输入数（以及输出数）来选择权重的方差，使每一层传递下去的信号大小差不多；
#   [−1, 1] 均匀分布则完全不考虑宽度。
# * **ReLU + [−1, 1] 均匀分布**也没有消失，但每个梯度都比用 He 时大 30 倍左右：对 ReLU 来说权重太大了
#   （Var(w) · fan_in = 16/3 ≈ 5，而 He 是 2），激活值一层比一层大，这是梯度爆炸中较温和的一种。

# %% [markdown]
# ## 3. The same story as a picture
#
# `draw(loss, cluster=model, collapse=True, flow=True)` draws each neuron as one box and each edge as
# thick as the gradient it carries back (scaled to the largest edge in the picture), here from the
# loss at the bottom up to the inputs at the top (`rankdir="TB"`). A narrower, shallower stack
# (6 hidden layers of 4) keeps the picture readable. First the sigmoid stack with uniform weights:
# the edges fade to hairlines long before they reach the input.

# %% [markdown] lang=zh
# ## 3. 同一个故事，换成一张图
#
# `draw(loss, cluster=model, collapse=True, flow=True)` 把每个神经元画成一个方框，每条边的粗细与它传回的
# 梯度成正比（以图中最大的边为基准缩放）；这里从底部的损失一直向上画到顶部的输入（`rankdir="TB"`）。
# 为了让图看得清，换成一个更窄、更浅的网络（6 个 4 宽的隐藏层）。先看用均匀分布初始化的 sigmoid 网络：
# 边还没到输入就已经细得像头发丝了。

# %% tags=["picture"]
def one_sample_graph(activation, init):
    model = nn.MLP(2, [4] * 6 + [1], activation=activation, init=init, seed=1)
    loss = nn.mse_loss([model(X[0])], [y[0]])
    loss.label = "L"
    loss.backward()
    return model, loss


sigmoid_model, sigmoid_loss = one_sample_graph("sigmoid", "uniform")
draw(sigmoid_loss, rankdir="TB", cluster=sigmoid_model, collapse=True, flow=True, title="sigmoid + uniform")

# %% lang=zh
def one_sample_graph(activation, init):
    model = nn.MLP(2, [4] * 6 + [1], activation=activation, init=init, seed=1)
    loss = nn.mse_loss([model(X[0])], [y[0]])
    loss.label = "L"
    loss.backward()
    return model, loss


sigmoid_model, sigmoid_loss = one_sample_graph("sigmoid", "uniform")
draw(sigmoid_loss, rankdir="TB", cluster=sigmoid_model, collapse=True, flow=True, title="sigmoid + 均匀分布初始化")

# %% [markdown]
# The same shape with tanh and Xavier: the gradient reaches the first layer with its strength intact.

# %% [markdown] lang=zh
# 同样的形状，换成 tanh 和 Xavier：梯度到达第一层时强度丝毫未减。

# %% tags=["picture"]
tanh_model, tanh_loss = one_sample_graph("tanh", "xavier_normal")
draw(tanh_loss, rankdir="TB", cluster=tanh_model, collapse=True, flow=True, title="tanh + xavier_normal")

# %% lang=zh
tanh_model, tanh_loss = one_sample_graph("tanh", "xavier_normal")
draw(tanh_loss, rankdir="TB", cluster=tanh_model, collapse=True, flow=True, title="tanh + Xavier 正态初始化")

# %% [markdown]
# `why` explains a small gradient in the sigmoid stack edge by edge (with `tol=1e-3`: by default it
# only looks at gradients below 1e-6):

# %% [markdown] lang=zh
# `why` 逐条边地解释 sigmoid 网络中一个很小的梯度（用 `tol=1e-3`：默认它只看小于 1e-6 的梯度）：

# %%
first_weight = sigmoid_model.layers[0].neurons[0].w[0]
print(f"dL/dw = {first_weight.grad:.2e} in the sigmoid stack, "
      f"{tanh_model.layers[0].neurons[0].w[0].grad:.2e} in the tanh stack")  # fmt: skip
why(first_weight, root=sigmoid_loss, lang=LANG, tol=1e-3)

# %% lang=zh
first_weight = sigmoid_model.layers[0].neurons[0].w[0]
print(f"sigmoid 网络中 dL/dw = {first_weight.grad:.2e}，"
      f"tanh 网络中为 {tanh_model.layers[0].neurons[0].w[0].grad:.2e}")  # fmt: skip
why(first_weight, root=sigmoid_loss, lang=LANG, tol=1e-3)

# %% [markdown]
# `why` stops at the first edge whose product falls below `tol`. The local derivative there is an
# ordinary 0.25; it is the upstream gradient that is already small when it reaches the first layer,
# because it shrank layer after layer on the way down, as the per-layer plot showed.

# %% [markdown] lang=zh
# `why` 停在第一条乘积小于 `tol` 的边上。那里的局部导数是再普通不过的 0.25；真正小的是上游梯度：
# 它在一路向下传播的过程中一层又一层地缩小，到达第一层时已经很小了，正如逐层的那张图所示。

# %% [markdown]
# Next: notebook 06, when a model learns its training data too well.

# %% [markdown] lang=zh
# 下一个：笔记本 06，当模型把训练数据学得"太好"的时候。
