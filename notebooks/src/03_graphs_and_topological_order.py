# %% [markdown]
# # 03 · Graphs, topological order, and why gradients add up
#
# Backward is a loop over the nodes of the computation graph (计算图). Two things make it correct:
# the order of the loop, and the `+=` in it. This notebook breaks each on purpose and shows the
# wrong numbers you get, then what the engine does instead, and finally the one bug the engine
# cannot prevent for you: forgetting `zero_grad`.

# %% [markdown] lang=zh
# # 03 · 计算图、拓扑排序，以及梯度为什么要累加
#
# 反向传播是对计算图中各节点的一个循环。它之所以正确，靠的是两件事：循环的顺序，以及循环里的
# `+=`。本笔记本故意把这两件事各破坏一次，看看会得到怎样的错误数字，再看引擎是怎么做的；
# 最后是引擎无法替你避免的那个错误：忘了 `zero_grad`。

# %%
%matplotlib inline
import random
import warnings

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, set_language, topological_order, zero_grad

random.seed(0)
LANG = "en"  # "en" or "zh": the language of explain
set_language(LANG)  # and of errors, warnings, plots and pictures

# %% lang=zh
%matplotlib inline
import random
import warnings

import matplotlib.pyplot as plt

import nn
from autograd import Value, backward_steps, draw, explain, set_language, topological_order, zero_grad

random.seed(0)
LANG = "en"  # "en" 或 "zh"：explain 所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言

# %% [markdown]
# ## 1. A tiny graph with a trap
#
# `b = a + a`, `c = b + b`. So c = 4a and dc/da = 4. Note that `a + a` is a node with **two**
# edges to the same parent (a tuple of parents, not a set), and so is `b + b`. `show_index=True`
# prints each node's position in topological order.

# %% [markdown] lang=zh
# ## 1. 一个带陷阱的小图
#
# `b = a + a`，`c = b + b`。所以 c = 4a，∂c/∂a = 4。注意 `a + a` 这个节点有**两条**边连向同一个父节点
# （父节点存成元组，而不是集合），`b + b` 也一样。`show_index=True` 会标出每个节点在拓扑排序中的位置。

# %% tags=["picture"]
a = Value(3.0, "a")
b = a + a
b.label = "b"
c = b + b
c.label = "c"
print("c =", c.data, "  parents of c:", [p.label for p in c.parents])
draw(c, show_index=True, show_grad=False)

# %% lang=zh
a = Value(3.0, "a")
b = a + a
b.label = "b"
c = b + b
c.label = "c"
print("c =", c.data, "  c 的父节点:", [p.label for p in c.parents])
draw(c, show_index=True, show_grad=False)

# %% [markdown]
# ## 2. A naive recursive backward (wrong on purpose)
#
# The first backward many people write: hand the node's gradient to each parent, then recurse into
# that parent straight away. This is **not** the engine; it is the counter-example.

# %% [markdown] lang=zh
# ## 2. 一个朴素的递归反向传播（故意写错）
#
# 很多人写出的第一个反向传播是这样的：把节点的梯度交给每个父节点，然后马上递归进入这个父节点。
# 这**不是**引擎的做法，而是一个反例。

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

# %% lang=zh
def naive_backward(node):
    """故意写错：父节点的梯度还没有全部到齐，就递归进入了它。"""
    for parent, local in zip(node.parents, node.local_grads):
        parent.grad += node.grad * local
        naive_backward(parent)


zero_grad(c)
c.grad = 1.0
naive_backward(c)
print(f"朴素做法：dc/db = {b.grad}   dc/da = {a.grad}   （正确答案是 2 和 4）")

# %% [markdown]
# dc/db comes out right (2) but dc/da is 6. The first edge of c hands b a gradient of 1, and the
# naive code immediately passes b's *incomplete* gradient on to a (a gets 1 + 1). The second edge
# then raises b to 2 and passes b's gradient on *again* (a gets 2 + 2 more). a has been paid twice
# for the same path: 1 + 1 + 2 + 2 = 6.
#
# The fix is an order: handle a node only after every node that uses it has handed over its share.
# That is a reverse topological order (拓扑排序).

# %% [markdown] lang=zh
# ∂c/∂b 是对的（2），∂c/∂a 却成了 6。c 的第一条边交给 b 的梯度是 1，朴素代码立刻就把 b 这个**还不完整**的
# 梯度传给了 a（a 得到 1 + 1）。接着第二条边把 b 的梯度加到 2，又把 b 的梯度**再一次**传给 a
# （a 又得到 2 + 2）。同一条路径，a 被算了两遍：1 + 1 + 2 + 2 = 6。
#
# 解决办法是一个顺序：一个节点只有在所有用到它的节点都把自己那一份交过来以后，才去处理它。
# 这就是逆拓扑排序。

# %% [markdown]
# ## 3. The engine: order first, then one pass
#
# `topological_order(c)` lists every node after all its parents: leaves first, root last.
# `backward()` walks that list from the end, so each node's gradient is complete before it is used.

# %% [markdown] lang=zh
# ## 3. 引擎的做法：先排序，再走一遍
#
# `topological_order(c)` 把每个节点排在它所有父节点之后：叶节点在前，根节点在最后。`backward()`
# 从这个列表的末尾往前走，所以每个节点的梯度在被使用之前已经完整了。

# %%
order = topological_order(c)
print("topological order:", [v.label for v in order])
zero_grad(c)  # clear the naive run's leftovers (leaves keep what they are given)
c.backward()
print(f"engine: dc/db = {b.grad}   dc/da = {a.grad}")
assert a.grad == 4.0 and b.grad == 2.0

# %% lang=zh
order = topological_order(c)
print("拓扑排序:", [v.label for v in order])
zero_grad(c)  # 清掉朴素做法留下的梯度（叶节点会保留别人交给它的值）
c.backward()
print(f"引擎：dc/db = {b.grad}   dc/da = {a.grad}")
assert a.grad == 4.0 and b.grad == 2.0

# %% [markdown]
# `backward_steps` shows the `+=` at work: the second edge into b adds to what the first one left,
# and only then does b pass 2 on to a, twice.

# %% [markdown] lang=zh
# `backward_steps` 展示了 `+=` 的作用：进入 b 的第二条边把梯度加到第一条边留下的值上，直到这时 b 才把 2
# 传给 a，而且传两次。

# %%
for step in backward_steps(c):
    note = "   (accumulates)" if step.accumulates else ""
    print(f"{step.child_name} -> {step.parent_name}:  {step.formula}{note}")

# %% lang=zh
for step in backward_steps(c):
    note = "   （累加）" if step.accumulates else ""
    print(f"{step.child_name} -> {step.parent_name}:  {step.formula}{note}")

# %% [markdown]
# ## 4. Shared nodes: a diamond
#
# When one value feeds two paths, its gradient is the **sum** over the paths. Here x = 2 feeds
# u = 3x and v = x², and out = u · v = 3x³:
#
#     d out/dx = (d out/du)(du/dx) + (d out/dv)(dv/dx) = v · 3 + u · 2x = 4 · 3 + 6 · 4 = 36 = 9x²

# %% [markdown] lang=zh
# ## 4. 共享节点：菱形结构
#
# 当一个值通向两条路径时，它的梯度是这两条路径上的贡献之**和**。这里 x = 2 同时通向 u = 3x 和 v = x²，
# 而 out = u · v = 3x³：
#
#     ∂out/∂x = ∂out/∂u · ∂u/∂x + ∂out/∂v · ∂v/∂x = v · 3 + u · 2x = 4 · 3 + 6 · 4 = 36 = 9x²

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

# %% lang=zh
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
assert topological_order(out).count(x) == 1  # 无论有多少条路径通向它，都只访问一次
draw(out, show_index=True)

# %% [markdown]
# The same in words:

# %% [markdown] lang=zh
# 用文字再讲一遍：

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

# %% [markdown] lang=zh
# ## 5. `zero_grad` 是做什么用的
#
# 与 PyTorch 一样，叶节点（输入和参数）的梯度会在多次调用 `backward()` 之间**累加**。这是有意为之：
# 对几个损失分别调用 backward，得到的就是它们梯度的和，手工累加一个小批量正是这样做的。代价是，
# 每次新的更新之前都必须把梯度清零。（中间节点不需要清零：反向传播会重新计算它们，
# 它们保存的总是最近一次调用的梯度。）
#
# L = (2w − 5)²，w = 1 时：∂L/∂w = 4 (2w − 5) = −12。

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

# %% lang=zh
w = Value(1.0, "w")
L = (2 * w - 5) ** 2
L.backward()
print("1 次 backward 之后:", w.grad)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    L.backward()
print("2 次 backward 之后:", w.grad, "  引擎发出了警告:", caught[0].message)
zero_grad(L)  # L 背后的每个节点都回到 0
L.backward()
print("先 zero_grad，再 backward:", w.grad)

# %% [markdown]
# In a training loop each step builds a new graph, so it is never "the same graph twice", but a
# forgotten `zero_grad` makes every update use the sum of all the gradients so far. chainrule notices
# that too: after `optimizer.step()`, a `backward()` that adds to the gradients the step used warns.
# Minimise L(w) = (2w − 5)² from w = 0 (the answer is w = 2.5) twice, with and without
# `optimizer.zero_grad()`:

# %% [markdown] lang=zh
# 在训练循环里，每一步都会建一个新的计算图，所以不会出现"同一个图算两次"；但一旦忘了 `zero_grad`，
# 每次更新用的就是此前所有梯度的总和。chainrule 同样能发现这一点：在 `optimizer.step()` 之后，
# 如果某次 `backward()` 把梯度加到了上一步用过的梯度上，它就会发出警告。下面从 w = 0 出发最小化
# L(w) = (2w − 5)²（答案是 w = 2.5），调用与不调用 `optimizer.zero_grad()` 各做一次：

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

# %% lang=zh
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
    assert not caught  # 正确的循环不会有警告
    forgot = train(forget_zero_grad=True)
print(f"调用 zero_grad：  w = {right[-1]:.4f}")
swing = min(forgot[-10:]), max(forgot[-10:])
print(f"忘了 zero_grad：  w = {forgot[-1]:.4f}   （最后 10 步在 {swing[0]:.2f} 和 {swing[1]:.2f} 之间来回摆动）")
print(f"40 步中引擎警告了 {len(caught)} 次：{caught[0].message}")
assert abs(right[-1] - 2.5) < 1e-3 and swing[1] - swing[0] > 2

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(right, label="每一步都调用 optimizer.zero_grad()")
ax.plot(forgot, label="忘了 zero_grad")
ax.axhline(2.5, color="grey", linestyle=":", label="答案 w = 2.5")
ax.set(xlabel="步数", ylabel="w", title="用梯度下降最小化 (2w − 5)²")
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

# %% [markdown] lang=zh
# 不清零的话，梯度会记住之前的每一步：w 冲过头，又摆回来，然后一直摆下去，就像一个没有摩擦的弹簧
# 上的小球。（这种"记忆"也正是动量法的思路，只不过动量法是有意为之，并且带有衰减系数；见笔记本 05。）
#
# ## 6. 自己定义一个运算
#
# 反向传播对每个节点只需要两样东西：它的父节点，以及每条边上的一个局部导数。所以添加一个运算，
# 就是恰好提供这两样：一个作用于普通浮点数的函数，返回它的值和它的局部导数。micrograd 的课程里
# 要你亲手把 `exp` 和 `tanh` 加进 `Value`；在这里，借助 `autograd.primitive`，每个只要几行，
# 而 `local` 写出的导数就是追踪记录里显示的样子。

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

# %% lang=zh
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
print(autograd.check_op("my_exp"), autograd.check_op("my_tanh"))  # 和每个运算一样：比对函数值与中心差分

# %% [markdown]
# They are ops like any other now: a `Value` method, an `autograd` function, a box in the picture,
# a rule in the trace, and the same numbers as the built-in `tanh`.

# %% [markdown] lang=zh
# 现在它们和其他运算没有两样：是 `Value` 的方法，是 `autograd` 的函数，是图中的一个方框，是追踪记录里的
# 一条规则，算出的数也和内置的 `tanh` 相同。

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

# %% lang=zh
x, w = Value(0.5, "x"), Value(0.8, "w")
e = x.my_exp()
e.label = "e"
n = e * w
n.label = "n"
o = my_tanh(n)
o.label = "o"
for step in backward_steps(o):
    print(f"{step.formula}    （局部导数：{step.local_rule}）")
reference = Value(0.5)
(reference.exp() * 0.8).tanh().backward()
assert abs(x.grad - reference.grad) < 1e-15  # my_tanh 用 exp 写出 tanh，所以最后一位可能不同
draw(o)

# %% [markdown]
# A wrong derivative is caught when the op is defined: chainrule tries it at two points of its
# domain against central differences, and names the argument and the point.

# %% [markdown] lang=zh
# 写错的导数在定义运算时就会被发现：chainrule 会在定义域内取两个点，把它与中心差分作比较，
# 并指出是哪个参数、在哪个点上出了错。

# %%
try:

    @autograd.primitive(local=("2 * {x}",))
    def my_cube(x):
        return x**3, (2 * x,)  # the derivative of x^3 is 3x^2: a slip

except ValueError as error:
    print(error)

# %% lang=zh
try:

    @autograd.primitive(local=("2 * {x}",))
    def my_cube(x):
        return x**3, (2 * x,)  # x^3 的导数是 3x^2：这里写错了

except ValueError as error:
    print(error)

# %% [markdown]
# Next: notebook 04 trains a real MLP.

# %% [markdown] lang=zh
# 下一个：笔记本 04，训练一个真正的 MLP。
