# %% [markdown]
# # 01 · The chain rule, node by node
#
# A network's gradient is the chain rule (链式法则) applied once per edge of its computation
# graph, nothing more. This notebook takes the chapter's 2-2-1 ReLU network, runs it forward
# (前向传播), measures its error (损失), and walks backward (反向传播) one edge at a time,
# checking every number against the derivation by hand.
#
# This notebook is also in Chinese, in notebooks/zh/ (the same code; `LANG = "zh"` in its first cell).

# %% [markdown] lang=zh
# # 01 · 链式法则，逐个节点地算
#
# 神经网络的梯度，说到底就是把链式法则在计算图的每一条边上各用一次，仅此而已。本笔记本以教材中的
# 2-2-1 ReLU 网络为例：先做一次前向传播，算出损失，再沿着反向传播一条边一条边地往回走，
# 并把每一个数都和手工推导的结果逐一核对。
#
# 本笔记本也有英文版，在 notebooks/ 目录下（代码完全相同，只是第一个代码单元格里写的是 `LANG = "en"`）。

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, gradcheck, numerical_grad, set_language, stepper_html, why
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

random.seed(0)  # nothing below is random; every notebook starts from a seed all the same
LANG = "en"  # "en" or "zh": the language of explain, why, the stepper
set_language(LANG)  # and of errors, warnings, plots and pictures

# %% lang=zh
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, gradcheck, numerical_grad, set_language, stepper_html, why
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

random.seed(0)  # 下面没有任何随机的东西；但每个笔记本都同样从设定随机种子开始
LANG = "en"  # "en" 或 "zh"：explain、why 和单步演示页面所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言

# %% [markdown]
# ## 1. A derivative is a nudge
#
# dL/dw says how much L moves when w moves a little. You can measure it without any calculus:
# nudge w up by ε and down by ε, evaluate twice, divide by 2ε. That is the central difference
# (数值梯度), and `autograd.numerical_grad` computes it.
#
# Try f(w) = w³ at w = 2, where calculus says f'(2) = 3 · 2² = 12.

# %% [markdown] lang=zh
# ## 1. 导数就是"轻轻推一下"
#
# ∂L/∂w（L 对 w 的偏导数）描述的是：w 变动一点点时，L 会跟着变动多少。这件事不用微积分也能测出来：把 w 往上推 ε、
# 往下推 ε，各算一次函数值，相减后再除以 2ε。这就是中心差分，也就是数值梯度，
# `autograd.numerical_grad` 计算的正是它。
#
# 以 f(w) = w³ 在 w = 2 处为例，微积分告诉我们 f'(2) = 3 · 2² = 12。

# %%
def f(w):
    return w**3


epsilons = [10.0**-k for k in range(1, 14)]
errors = [abs(numerical_grad(f, [2.0], 0, eps) - 12.0) for eps in epsilons]
for eps, err in zip(epsilons[::3], errors[::3]):
    print(f"eps = {eps:.0e}   |estimate - 12| = {err:.1e}")

# %% lang=zh
def f(w):
    return w**3


epsilons = [10.0**-k for k in range(1, 14)]
errors = [abs(numerical_grad(f, [2.0], 0, eps) - 12.0) for eps in epsilons]
for eps, err in zip(epsilons[::3], errors[::3]):
    print(f"eps = {eps:.0e}   |估计值 - 12| = {err:.1e}")

# %% [markdown]
# The error first falls like ε² (the curvature the secant misses), then rises again: for tiny ε,
# f(w + ε) and f(w − ε) agree in almost every digit and the subtraction keeps only rounding noise.
# ε ≈ 1e-6 is the usual compromise, and what `gradcheck` uses.

# %% [markdown] lang=zh
# 误差先是像 ε² 那样下降（这是割线没有捕捉到的曲率），随后又重新上升：ε 很小时，f(w + ε) 和
# f(w − ε) 几乎每一位数字都相同，相减之后只剩下舍入误差。ε ≈ 1e-6 是常用的折中，`gradcheck`
# 用的也是它。

# %% tags=["picture"]
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.loglog(epsilons, errors, marker="o")
ax.set(xlabel="ε", ylabel="|central difference − 12|", title="Nudging f(w) = w³ at w = 2")
plt.show()

# %% lang=zh
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.loglog(epsilons, errors, marker="o")
ax.set(xlabel="ε", ylabel="|中心差分 − 12|", title="在 w = 2 处轻推 f(w) = w³")
plt.show()

# %% [markdown]
# Backward gets the same 12 in one pass, and `gradcheck` compares the two ways:

# %% [markdown] lang=zh
# 反向传播只需一趟就得到同样的 12，`gradcheck` 则把两种算法放在一起比较：

# %%
w = Value(2.0, "w")
y = f(w)
y.backward()
print("backward gives dy/dw =", w.grad)
print("gradcheck:", gradcheck(f, 2.0))

# %% lang=zh
w = Value(2.0, "w")
y = f(w)
y.backward()
print("反向传播给出 dy/dw =", w.grad)
print("gradcheck:", gradcheck(f, 2.0))

# %% [markdown]
# Why not always nudge? Each parameter needs its own pair of forward passes. The small MLP of
# notebook 04 has 337 parameters:

# %% [markdown] lang=zh
# 那为什么不总是用"轻推"的办法呢？因为每个参数都需要单独做两次前向传播。笔记本 04 里那个小小的
# MLP 就有 337 个参数：

# %%
n = len(nn.MLP(2, [16, 16, 1], seed=0).parameters())
print(f"{n} parameters: {2 * n} forward passes by nudging, or 1 forward + 1 backward with the chain rule")

# %% lang=zh
n = len(nn.MLP(2, [16, 16, 1], seed=0).parameters())
print(f"{n} 个参数：逐个轻推要做 {2 * n} 次前向传播；用链式法则只要 1 次前向传播加 1 次反向传播")

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

# %% [markdown] lang=zh
# ## 2. 前向传播：教材中的 2-2-1 网络
#
# 输入 x = [2, 3]。隐藏层（ReLU）：进入 h1 的权重 w1, w2 = 0.1, 0.4，进入 h2 的权重 w3, w4 = 0.2, 0.5，
# 偏置 b_h1 = 0.1, b_h2 = 0.2。输出层是线性的：权重 w5, w6 = 0.6, 0.3，偏置 b_o = 0.3。目标值 y = 2.5。
#
#     h1 = relu(w1·x1 + w2·x2 + b_h1)     h2 = relu(w3·x1 + w4·x2 + b_h2)
#     ŷ  = w5·h1 + w6·h2 + b_o             L  = (ŷ − y)²
#
# `nn.MLP.from_weights` 搭建的正是这个网络；权重的每一行是一个神经元的输入权重
# （与 `torch.nn.Linear.weight` 的排列相同）。

# %%
print("weights:", TEXTBOOK_WEIGHTS, " biases:", TEXTBOOK_BIASES)
model = nn.MLP.from_weights(TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES)
hidden = model.layers[0](TEXTBOOK_X)  # a list of 2 Values
y_hat = model(TEXTBOOK_X)  # one output neuron: a single Value
loss = nn.mse_loss([y_hat], [TEXTBOOK_Y])
print(f"hidden = [{hidden[0].data:.4g}, {hidden[1].data:.4g}]   y_hat = {y_hat.data:.4g}   loss = {loss.data:.4g}")

# %% lang=zh
print("权重:", TEXTBOOK_WEIGHTS, " 偏置:", TEXTBOOK_BIASES)
model = nn.MLP.from_weights(TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES)
hidden = model.layers[0](TEXTBOOK_X)  # 由 2 个 Value 组成的列表
y_hat = model(TEXTBOOK_X)  # 输出层只有一个神经元：一个 Value
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

# %% [markdown] lang=zh
# 从这里开始，我们改用 `autograd.examples.textbook_network()`：同一个网络，但由按教材命名的 Value
# 搭成（w1 … w6、b_h1、h1、y_hat、L），这样图中出现的就是教材里的名字。每个神经元的加权和是
# 一个有多个父节点的 `dot` 节点。

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

# %% [markdown] lang=zh
# ## 3. 反向传播，一次一条边
#
# 反向传播从 L 出发，∂L/∂L = 1，并按这样的顺序访问节点：一个节点只有在所有用到它的节点都处理完之后
# 才被处理。在每条边"子节点 → 父节点"上，它只做一次乘法和一次加法：
#
#     ∂L/∂(父节点) += ∂L/∂(子节点)  ·  ∂(子节点)/∂(父节点)
#                     上游梯度           局部导数
#
# `backward_steps(L)` 运行引擎自己的反向传播，并在每条边发生时把它记录下来。

# %%
steps = backward_steps(L)
print(f"{len(steps)} edges\n")
print(f"{'#':>2}  {'child':>6} -> {'parent':<6} {'upstream':>9} {'local':>6} {'contribution':>12} {'parent grad':>11}")
for s in steps:
    print(
        f"{s.number:>2}  {s.child_name:>6} -> {s.parent_name:<6} {s.upstream:>9.4g} {s.local:>6.4g}"
        f" {s.contribution:>12.4g} {s.parent_grad_after:>11.4g}"
    )

# %% lang=zh
steps = backward_steps(L)
print(f"{len(steps)} 条边\n")
print(f"{'#':>2}  {'子节点':>3} -> {'父节点':<3} {'上游梯度':>5} {'局部导数':>4} {'贡献':>10} {'父节点梯度':>6}")  # 一个汉字占两格
for s in steps:
    print(
        f"{s.number:>2}  {s.child_name:>6} -> {s.parent_name:<6} {s.upstream:>9.4g} {s.local:>8.4g}"
        f" {s.contribution:>12.4g} {s.parent_grad_after:>11.4g}"
    )

# %% [markdown]
# Zoom in on one step: the edge from h1's weighted sum (the `dot` node, `n7` in the picture) into
# w1. The local derivative of w1·x1 + w2·x2 + b_h1 with respect to w1 is x1 = 2, and the upstream
# gradient that has arrived at n7 is −0.804. The picture marks that edge in red.

# %% [markdown] lang=zh
# 放大其中一步：从 h1 的加权和（`dot` 节点，图中的 `n7`）到 w1 的那条边。w1·x1 + w2·x2 + b_h1
# 对 w1 的局部导数是 x1 = 2，而已经到达 n7 的上游梯度是 −0.804。图中用红色标出了这条边。

# %% tags=["picture"]
step = next(s for s in steps if s.parent is node["w1"])
print("rule:   ", step.rule)
print("formula:", step.formula)
draw(L, highlight=step)

# %% lang=zh
step = next(s for s in steps if s.parent is node["w1"])
print("规则:", step.rule)
print("算式:", step.formula)
draw(L, highlight=step)

# %% [markdown]
# `explain` tells the whole pass in words, node by node. Look for the two edges into x1 and x2:
# the inputs feed both hidden neurons, so their gradients are sums over two paths.

# %% [markdown] lang=zh
# `explain` 用文字把整个反向传播过程逐个节点地讲一遍。留意进入 x1 和 x2 的那些边：输入同时连着
# 两个隐藏神经元，所以它们的梯度是两条路径上的贡献之和。

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

# %% [markdown] lang=zh
# ## 4. 与手工推导核对
#
# 用链式法则手工推导：
#
#     ∂L/∂ŷ   = 2(ŷ − y) = 2 · (1.83 − 2.5)  = −1.34
#     ∂L/∂w5  = ∂L/∂ŷ · h1 = −1.34 · 1.5      = −2.01       ∂L/∂w6 = −1.34 · 2.1 = −2.814     ∂L/∂b_o = −1.34
#     ∂L/∂h1  = ∂L/∂ŷ · w5 = −1.34 · 0.6      = −0.804      relu'(1.5) = 1
#     ∂L/∂w1  = −0.804 · x1 = −1.608          ∂L/∂w2 = −0.804 · x2 = −2.412                 ∂L/∂b_h1 = −0.804
#     ∂L/∂h2  = ∂L/∂ŷ · w6 = −1.34 · 0.3      = −0.402      relu'(2.1) = 1
#     ∂L/∂w3  = −0.402 · x1 = −0.804          ∂L/∂w4 = −0.402 · x2 = −1.206                 ∂L/∂b_h2 = −0.402

# %%
by_hand = {
    "y_hat": -1.34, "w5": -2.01, "w6": -2.814, "b_o": -1.34,
    "w1": -1.608, "w2": -2.412, "b_h1": -0.804,
    "w3": -0.804, "w4": -1.206, "b_h2": -0.402,
}  # fmt: skip
for name, expected in by_hand.items():
    assert abs(node[name].grad - expected) < 1e-12, (name, node[name].grad, expected)
print(f"all {len(by_hand)} gradients match the hand derivation")

# %% lang=zh
by_hand = {
    "y_hat": -1.34, "w5": -2.01, "w6": -2.814, "b_o": -1.34,
    "w1": -1.608, "w2": -2.412, "b_h1": -0.804,
    "w3": -0.804, "w4": -1.206, "b_h2": -0.402,
}  # fmt: skip
for name, expected in by_hand.items():
    assert abs(node[name].grad - expected) < 1e-12, (name, node[name].grad, expected)
print(f"全部 {len(by_hand)} 个梯度都与手工推导一致")

# %% [markdown]
# The `nn.MLP` of section 2 gets the same gradients (its first neuron's weights are w1, w2):

# %% [markdown] lang=zh
# 第 2 节里的 `nn.MLP` 得到的梯度也相同（它第一个神经元的权重就是 w1、w2）：

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

# %% [markdown] lang=zh
# 数值梯度同样吻合：`gradcheck` 一次就把全部九个参数的反向传播结果与中心差分作比较。
# 这个函数接收 Value，并用它们搭出整个网络。

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

# %% [markdown] lang=zh
# ## 5. 梯度为零时，问问 `why`
#
# 把 h1 的偏置改成 −2：它的加权和变成 0.2 + 1.2 − 2 = −0.6，ReLU 处于关闭状态（z < 0 时 relu'(z) = 0），
# 于是没有任何梯度能流回 w1、w2 或 b_h1。加上 `flow=True` 后，图中每条边的粗细与它传回的梯度成正比；
# "死掉"的 ReLU 显示为灰色。

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

# %% [markdown] lang=zh
# `why` 会沿着边一步步追查，找出梯度为零的原因。w1 被"死掉"的 ReLU 切断了；w5 则是另一个原因：
# 它乘的是 h1，而 h1 现在等于 0。

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

# %% [markdown] lang=zh
# ## 6. 自己一步一步走
#
# `stepper_html` 生成一个页面，每点一次（或按一次方向键）就重放反向传播中的一条边。它可以直接在
# Jupyter 里运行（GitHub 的静态预览不会运行它）；`.save("backward.html")` 会写出一个文件，
# 可以用任何浏览器打开，也可以发给学生。

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

# %% [markdown] lang=zh
# ## 7. 如果 w1 是 0.5 呢？
#
# `stepper_widget` 就是放进这个笔记本里的单步演示，每个输入和参数都有一个滑块。把 w1 拖到 0.5，
# 计算图会重新搭建，反向传播再跑一遍：h1、ŷ、L 以及每一个梯度同时改变，你正在看的那一步也显示出新的数值。
# "上一步"和"下一步"像在页面上一样，一条边一条边地走完反向传播。这个小部件在副本上工作，所以 `L` 和上面的
# 数值保持不变。（在不能运行小部件的地方，比如 GitHub，显示的是计算图和整个过程的文字说明。）

# %% tags=["picture"]
from autograd import stepper_widget

stepper_widget(L, lang=LANG)

# %% [markdown]
# Next: notebook 02, one sigmoid neuron, one step of gradient descent, and why cross-entropy
# learns faster than MSE when the sigmoid is saturated.

# %% [markdown] lang=zh
# 下一个：笔记本 02，一个 sigmoid 神经元、一步梯度下降，以及为什么在 sigmoid 饱和时交叉熵比均方误差
# 学得更快。
