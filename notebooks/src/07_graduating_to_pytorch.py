# %% [markdown]
# # 07 · Graduating to PyTorch
#
# Everything in notebooks 01 to 06 is also what PyTorch does, with one number per node instead of
# one tensor per node. `nn.to_torch(model)` turns an `nn.MLP` into a `torch.nn.Sequential` with the
# same weights. This notebook checks that both compute the same outputs and gradients, digit for
# digit, and then shows what changes when you move over: tensors, batches, and which gradients are
# kept.

# %% [markdown] lang=zh
# # 07 · 毕业：走向 PyTorch
#
# 笔记本 01 到 06 里的一切，PyTorch 也都在做，只不过每个节点上放的是一个张量，而不是一个数。
# `nn.to_torch(model)` 把一个 `nn.MLP` 变成权重相同的 `torch.nn.Sequential`。本笔记本先验证两者算出的
# 输出和梯度一位不差，再看看换到 PyTorch 以后有哪些变化：张量、批量，以及哪些梯度会被保留。

# %%
%matplotlib inline
import random
import time
import warnings

import matplotlib.pyplot as plt
import torch

import nn
from autograd import set_language
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: threads only add overhead
LANG = "en"  # "en" or "zh": the language of the plots, errors and warnings
set_language(LANG)

# %% lang=zh
%matplotlib inline
import random
import time
import warnings

import matplotlib.pyplot as plt
import torch

import nn
from autograd import set_language
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)  # 张量很小：多线程只会增加开销
LANG = "en"  # "en" 或 "zh"：图表、报错和警告所用的语言
set_language(LANG)

# %% [markdown]
# ## 1. The same network, as torch modules
#
# The chapter's 2-2-1 network once more. Each layer becomes a `torch.nn.Linear` whose `weight` is
# a matrix of shape [outputs, inputs]: row j holds the incoming weights of neuron j, the layout
# `MLP.from_weights` uses. Everything is float64, like Python floats.

# %% [markdown] lang=zh
# ## 1. 同一个网络，换成 torch 模块
#
# 又是教材中的那个 2-2-1 网络。每一层变成一个 `torch.nn.Linear`，它的 `weight` 是形状为 [输出数, 输入数]
# 的矩阵：第 j 行是第 j 个神经元的输入权重，与 `MLP.from_weights` 的排列方式相同。所有数都是 float64，
# 和 Python 的浮点数一样。

# %%
model = nn.MLP.from_weights(TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES)
torch_model = nn.to_torch(model)
print(torch_model)
for name, p in torch_model.named_parameters():
    print(f"{name:<9} shape {list(p.shape)}  {p.detach().tolist()}")

# %% lang=zh
model = nn.MLP.from_weights(TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES)
torch_model = nn.to_torch(model)
print(torch_model)
for name, p in torch_model.named_parameters():
    print(f"{name:<9} 形状 {list(p.shape)}  {p.detach().tolist()}")

# %% [markdown]
# ## 2. Identical outputs and gradients
#
# In torch the input is a tensor of shape [batch, 2]; here a batch of one. The loss is the same
# (ŷ − y)², and `backward()` fills `.grad` of every parameter.

# %% [markdown] lang=zh
# ## 2. 输出和梯度完全相同
#
# 在 torch 里，输入是形状为 [批量大小, 2] 的张量；这里是只有一个样本的批量。损失同样是 (ŷ − y)²，
# `backward()` 会填好每个参数的 `.grad`。

# %%
x = torch.tensor([TEXTBOOK_X], dtype=torch.float64)  # shape [1, 2]
out = torch_model(x)  # shape [1, 1]
loss = ((out - TEXTBOOK_Y) ** 2).mean()
loss.backward()
print("torch:", "y_hat =", out.item(), "  loss =", loss.item())

ours = nn.mse_loss([model(TEXTBOOK_X)], [TEXTBOOK_Y])
ours.backward()
print("ours: ", "loss =", ours.data)

# %% lang=zh
x = torch.tensor([TEXTBOOK_X], dtype=torch.float64)  # 形状 [1, 2]
out = torch_model(x)  # 形状 [1, 1]
loss = ((out - TEXTBOOK_Y) ** 2).mean()
loss.backward()
print("torch:", "y_hat =", out.item(), "  loss =", loss.item())

ours = nn.mse_loss([model(TEXTBOOK_X)], [TEXTBOOK_Y])
ours.backward()
print("我们的:", "loss =", ours.data)

# %% [markdown]
# `nn.to_torch` keeps the order of the parameters, layer by layer: `Linear.weight[j][i]` is
# `model.layers[l].neurons[j].w[i]` and `Linear.bias[j]` is its `b`. Compare every gradient:

# %% [markdown] lang=zh
# `nn.to_torch` 逐层保持参数的顺序：`Linear.weight[j][i]` 就是 `model.layers[l].neurons[j].w[i]`，
# `Linear.bias[j]` 就是它的 `b`。逐个比较梯度：

# %%
def our_gradients(model):
    """Per layer: the weight gradients as rows [outputs][inputs], and the bias gradients."""
    return [([[w.grad for w in n.w] for n in layer.neurons], [n.b.grad for n in layer.neurons])
            for layer in model.layers]  # fmt: skip


def torch_gradients(torch_model):
    linears = [m for m in torch_model if isinstance(m, torch.nn.Linear)]
    return [(m.weight.grad.tolist(), m.bias.grad.tolist()) for m in linears]


def flatten(gradients):
    values = []
    for weights, biases in gradients:
        for row in weights:
            values += row
        values += biases
    return values


def largest_difference(a, b):
    return max(abs(p - q) for p, q in zip(flatten(a), flatten(b)))


print("ours: ", our_gradients(model))
print("torch:", torch_gradients(torch_model))
print("largest difference:", largest_difference(our_gradients(model), torch_gradients(torch_model)))
assert abs(out.item() - 1.83) < 1e-12 and abs(loss.item() - 0.4489) < 1e-12
assert largest_difference(our_gradients(model), torch_gradients(torch_model)) < 1e-12
assert abs(torch_model[0].weight.grad[0, 0].item() - (-1.608)) < 1e-12  # dL/dw1, as in notebook 01

# %% lang=zh
def our_gradients(model):
    """每一层：权重的梯度按 [输出][输入] 排成行，以及偏置的梯度。"""
    return [([[w.grad for w in n.w] for n in layer.neurons], [n.b.grad for n in layer.neurons])
            for layer in model.layers]  # fmt: skip


def torch_gradients(torch_model):
    linears = [m for m in torch_model if isinstance(m, torch.nn.Linear)]
    return [(m.weight.grad.tolist(), m.bias.grad.tolist()) for m in linears]


def flatten(gradients):
    values = []
    for weights, biases in gradients:
        for row in weights:
            values += row
        values += biases
    return values


def largest_difference(a, b):
    return max(abs(p - q) for p, q in zip(flatten(a), flatten(b)))


print("我们的:", our_gradients(model))
print("torch:", torch_gradients(torch_model))
print("最大差异:", largest_difference(our_gradients(model), torch_gradients(torch_model)))
assert abs(out.item() - 1.83) < 1e-12 and abs(loss.item() - 0.4489) < 1e-12
assert largest_difference(our_gradients(model), torch_gradients(torch_model)) < 1e-12
assert abs(torch_model[0].weight.grad[0, 0].item() - (-1.608)) < 1e-12  # dL/dw1，和笔记本 01 一样

# %% [markdown]
# ## 3. What changes: tensors and batches
#
# chainrule calls the model once per sample and builds a graph of scalars each time. torch takes the
# whole batch as one [100, 2] tensor and does each layer as one matrix product. A randomly initialised
# `MLP(2, [16, 16, 1])` on 100 moons points, both ways:

# %% [markdown] lang=zh
# ## 3. 变化之一：张量与批量
#
# chainrule 对每个样本调用一次模型，每次都建一个由标量组成的计算图。torch 则把整个批量当作一个
# [100, 2] 的张量，每一层只做一次矩阵乘法。一个随机初始化的 `MLP(2, [16, 16, 1])`，在 100 个双月数据点上
# 两种方式各算一次：

# %%
X, y = nn.data.make_moons(100, noise=0.1, seed=0)
mlp = nn.MLP(2, [16, 16, 1], seed=0)
torch_mlp = nn.to_torch(mlp)

start = time.perf_counter()
loss_ours = nn.mse_loss([mlp(p) for p in X], y)
loss_ours.backward()
seconds_ours = time.perf_counter() - start

start = time.perf_counter()
X_t = torch.tensor(X, dtype=torch.float64)  # shape [100, 2]
y_t = torch.tensor(y, dtype=torch.float64).unsqueeze(1)  # shape [100, 1]
loss_torch = torch.nn.functional.mse_loss(torch_mlp(X_t), y_t)
loss_torch.backward()
seconds_torch = time.perf_counter() - start

print(f"loss: ours {loss_ours.data:.15f}   torch {loss_torch.item():.15f}")
gap = largest_difference(our_gradients(mlp), torch_gradients(torch_mlp))
print(f"largest gradient difference over 337 parameters: {gap:.1e}")
print(f"one forward + backward: ours {seconds_ours * 1e3:.1f} ms, torch {seconds_torch * 1e3:.1f} ms")
assert abs(loss_ours.data - loss_torch.item()) < 1e-12
assert gap < 1e-10

# %% lang=zh
X, y = nn.data.make_moons(100, noise=0.1, seed=0)
mlp = nn.MLP(2, [16, 16, 1], seed=0)
torch_mlp = nn.to_torch(mlp)

start = time.perf_counter()
loss_ours = nn.mse_loss([mlp(p) for p in X], y)
loss_ours.backward()
seconds_ours = time.perf_counter() - start

start = time.perf_counter()
X_t = torch.tensor(X, dtype=torch.float64)  # 形状 [100, 2]
y_t = torch.tensor(y, dtype=torch.float64).unsqueeze(1)  # 形状 [100, 1]
loss_torch = torch.nn.functional.mse_loss(torch_mlp(X_t), y_t)
loss_torch.backward()
seconds_torch = time.perf_counter() - start

print(f"损失：我们的 {loss_ours.data:.15f}   torch {loss_torch.item():.15f}")
gap = largest_difference(our_gradients(mlp), torch_gradients(torch_mlp))
print(f"337 个参数上梯度的最大差异：{gap:.1e}")
print(f"一次前向 + 反向传播：我们的 {seconds_ours * 1e3:.1f} ms，torch {seconds_torch * 1e3:.1f} ms")
assert abs(loss_ours.data - loss_torch.item()) < 1e-12
assert gap < 1e-10

# %% [markdown]
# Same numbers (to the last few bits: the sums are added in a different order). torch is faster
# because it does the arithmetic in compiled code on whole arrays, not because the maths differs.
#
# ## 4. What changes: interior gradients are not kept
#
# In chainrule every node keeps its `.grad`: you could read dL/dh1 = −0.804 in notebook 01.
# torch keeps `.grad` only for leaves that require it (the parameters) and frees interior gradients
# as soon as backward has used them. Reading one gives `None`, with a warning:

# %% [markdown] lang=zh
# 数值相同（只在最后几位上有差别：求和的顺序不同）。torch 更快，是因为它用编译好的代码对整个数组做运算，
# 而不是因为数学不一样。
#
# ## 4. 变化之二：中间节点的梯度不会保留
#
# 在 chainrule 里每个节点都保留着自己的 `.grad`：在笔记本 01 里你可以读到 ∂L/∂h1 = −0.804。torch 只为
# 需要梯度的叶节点（也就是参数）保留 `.grad`，中间节点的梯度在反向传播用完之后立即释放。读取它得到的是
# `None`，并附带一条警告：

# %%
hidden = torch_model[1](torch_model[0](x))  # relu(x W1ᵀ + b1): the hidden layer, shape [1, 2]
loss = ((torch_model[2](hidden) - TEXTBOOK_Y) ** 2).mean()
torch_model.zero_grad()
loss.backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    interior_grad = hidden.grad
print("hidden.grad =", interior_grad)
print("torch says:", str(caught[0].message).split(". ")[0] + ".")
assert interior_grad is None

# %% lang=zh
hidden = torch_model[1](torch_model[0](x))  # relu(x W1ᵀ + b1)：隐藏层，形状 [1, 2]
loss = ((torch_model[2](hidden) - TEXTBOOK_Y) ** 2).mean()
torch_model.zero_grad()
loss.backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    interior_grad = hidden.grad
print("hidden.grad =", interior_grad)
print("torch 的说法:", str(caught[0].message).split(". ")[0] + ".")
assert interior_grad is None

# %% [markdown]
# Ask for it before backward with `retain_grad()`, and it matches chainrule's h1 and h2:

# %% [markdown] lang=zh
# 在反向传播之前用 `retain_grad()` 要求保留它，得到的值就与 chainrule 中的 h1、h2 一致：

# %%
hidden = torch_model[1](torch_model[0](x))
hidden.retain_grad()
loss = ((torch_model[2](hidden) - TEXTBOOK_Y) ** 2).mean()
torch_model.zero_grad()
loss.backward()

L, node = textbook_network()
L.backward()
print("torch:", hidden.grad.tolist(), "  chainrule:", [node["h1"].grad, node["h2"].grad])
assert abs(hidden.grad[0, 0].item() - node["h1"].grad) < 1e-12
assert abs(hidden.grad[0, 1].item() - node["h2"].grad) < 1e-12

# %% [markdown]
# ## 5. The same training run in both
#
# 20 epochs of full-batch SGD (learning rate 0.1) on the MSE, once with `nn.fit` and once with the
# usual torch loop. The loops are the same five steps; so are the losses.

# %% [markdown] lang=zh
# ## 5. 两边跑同一次训练
#
# 在均方误差上做 20 轮全批量 SGD（学习率 0.1），一次用 `nn.fit`，一次用常见的 torch 循环。两个循环是同样的
# 五步，损失也一样。

# %% tags=["picture"]
mlp = nn.MLP(2, [16, 16, 1], seed=1)
torch_mlp = nn.to_torch(mlp)  # copied before training: both start from the same weights

history = nn.fit(mlp, X, y, loss="mse", optimizer=nn.SGD(mlp.parameters(), lr=0.1), epochs=20, progress=False)

optimizer = torch.optim.SGD(torch_mlp.parameters(), lr=0.1)
torch_losses = []
for _ in range(20):
    loss = torch.nn.functional.mse_loss(torch_mlp(X_t), y_t)  # forward, loss
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch_losses.append(loss.item())

gap = max(abs(a - b) for a, b in zip(history.loss, torch_losses))
print(f"loss after 20 epochs: ours {history.loss[-1]:.10f}, torch {torch_losses[-1]:.10f}; largest gap {gap:.1e}")
assert gap < 1e-9

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(range(1, 21), history.loss, linewidth=5, alpha=0.4, label="chainrule: nn.fit")
ax.plot(range(1, 21), torch_losses, "k.--", label="PyTorch loop")
ax.set(xlabel="epoch", ylabel="MSE", title="The same run, twice")
ax.legend()
plt.show()

# %% lang=zh
mlp = nn.MLP(2, [16, 16, 1], seed=1)
torch_mlp = nn.to_torch(mlp)  # 在训练之前复制：两边从相同的权重出发

history = nn.fit(mlp, X, y, loss="mse", optimizer=nn.SGD(mlp.parameters(), lr=0.1), epochs=20, progress=False)

optimizer = torch.optim.SGD(torch_mlp.parameters(), lr=0.1)
torch_losses = []
for _ in range(20):
    loss = torch.nn.functional.mse_loss(torch_mlp(X_t), y_t)  # 前向传播，计算损失
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch_losses.append(loss.item())

gap = max(abs(a - b) for a, b in zip(history.loss, torch_losses))
print(f"20 轮之后的损失：我们的 {history.loss[-1]:.10f}，torch {torch_losses[-1]:.10f}；最大差距 {gap:.1e}")
assert gap < 1e-9

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(range(1, 21), history.loss, linewidth=5, alpha=0.4, label="chainrule：nn.fit")
ax.plot(range(1, 21), torch_losses, "k.--", label="PyTorch 循环")
ax.set(xlabel="轮次（epoch）", ylabel="均方误差", title="同一次训练，跑了两遍")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. And back
#
# `nn.from_torch` reads a `Sequential` of `Linear` layers and activations back into an `nn.MLP`, for
# instance to draw a trained torch model's graph or explain one of its gradients with chainrule.

# %% [markdown] lang=zh
# ## 6. 再转回来
#
# `nn.from_torch` 把由 `Linear` 层和激活函数组成的 `Sequential` 读回成一个 `nn.MLP`，例如用来画出一个训练好的
# torch 模型的计算图，或者用 chainrule 解释它的某个梯度。

# %%
back = nn.from_torch(torch_mlp)
print(back)
gap = max(abs(back(p).data - torch_mlp(torch.tensor([p], dtype=torch.float64)).item()) for p in X[:10])
print("largest output difference on 10 points:", gap)
assert gap < 1e-12

# %% lang=zh
back = nn.from_torch(torch_mlp)
print(back)
gap = max(abs(back(p).data - torch_mlp(torch.tensor([p], dtype=torch.float64)).item()) for p in X[:10])
print("10 个点上输出的最大差异:", gap)
assert gap < 1e-12

# %% [markdown]
# What stays the same when you graduate: the chain rule, edge by edge; the order; the `+=`;
# `zero_grad`; the optimizers' update rules. What changes: numbers become tensors with shapes,
# samples travel in batches, and the interior of the graph is no longer yours to inspect unless you
# ask. That is the trade for speed.

# %% [markdown] lang=zh
# 毕业之后什么不变：链式法则，一条边一条边地用；顺序；`+=`；`zero_grad`；各优化器的更新规则。
# 什么会变：数变成了有形状的张量，样本成批地传递，计算图的内部不再任你查看，除非你主动要求。
# 这就是为了速度所做的交换。
