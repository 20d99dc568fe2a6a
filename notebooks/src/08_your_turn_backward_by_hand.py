# %% [markdown]
# # 08 · Your turn: backward by hand
#
# Reading a backward pass is not the same as doing one. Here you do it: chainrule builds a graph,
# shows its forward pass (前向传播), and asks for the gradients (梯度). Every answer is checked
# against the engine's own backward, and a wrong one is matched against the mistakes students
# make with the chain rule (链式法则): a wrong sign, the upstream gradient (上游梯度) without its
# local derivative (局部导数), the local derivative alone, a forgotten path, a wrong rule, swapped
# operands, too much rounding. Each blank has three hints, from a nudge to the worked step.
#
# In Jupyter (JupyterLab, Notebook 7, VS Code, Colab) an exercise shows as a small form: type into
# the fields, press Check or Hint. Where widgets cannot run (GitHub, nbviewer) you see the same
# question as a picture and text, and the cells below answer it in code.
#
# Set `LANG = "zh"` in the next cell to get the exercises, verdicts and hints in Chinese. This
# notebook is also in Chinese, in notebooks/zh/ (the same code; `LANG = "zh"` in its first cell).

# %% [markdown] lang=zh
# # 08 · 轮到你了：亲手算反向传播
#
# 看懂一次反向传播，和亲手做一次，并不是一回事。这一次由你来做：chainrule 搭好一个计算图，给出它的
# 前向传播，然后请你求出梯度。每个答案都会与引擎自己算出的反向传播结果核对；答错了，还会拿它去和学生
# 使用链式法则时的常见错误逐一比对：符号错误、漏乘了局部导数（只剩下上游梯度）、只写了局部导数、
# 漏掉了一条路径、求导法则用错了、操作数弄反了、舍入过多。每个空都有三条提示，从轻轻点拨一句，
# 一直到给出完整的计算步骤。
#
# 在 Jupyter（JupyterLab、Notebook 7、VS Code、Colab）里，一道练习显示为一个小表单：在输入框里填写答案，
# 再点"检查"或"提示"。在不能运行小部件的地方（GitHub、nbviewer），你看到的是同一道题的图片和文字，
# 下面的代码单元格则用代码来作答。
#
# 本笔记本也有英文版，在 notebooks/ 目录下（代码完全相同，只是第一个代码单元格里写的是 `LANG = "en"`）。
# 这里的 `LANG = "zh"`，所以练习、判定和提示都用中文。

# %%
import random

import autograd
from autograd import exercise, set_language
from autograd.examples import textbook_network

random.seed(0)  # every exercise below has its own seed, so the notebook asks the same ones each run
LANG = "en"  # "en" or "zh": the language of the exercises, verdicts and hints
set_language(LANG)  # and of errors, warnings, plots and pictures
generate, preset = autograd.exercises.generate, autograd.exercises.preset

# %% lang=zh
import random

import autograd
from autograd import exercise, set_language
from autograd.examples import textbook_network

random.seed(0)  # 下面每道练习都有自己的种子，所以这个笔记本每次运行出的题都一样
LANG = "en"  # "en" 或 "zh"：练习、判定和提示所用的语言
set_language(LANG)  # 报错、警告、图表和计算图也用这种语言
generate, preset = autograd.exercises.generate, autograd.exercises.preset

# %% [markdown]
# ## 1. One op
#
# Level 1 of `autograd.exercises.generate` is a single op. The exercise shows the graph with every
# value, and the blanks it asks: here ∂f/∂x and ∂f/∂y. Try it in the form, then run the next cell.

# %% [markdown] lang=zh
# ## 1. 一个运算
#
# `autograd.exercises.generate` 的第 1 级只有一个运算。练习会给出标好每个数值的计算图，以及要你填的空：
# 这里是 ∂f/∂x 和 ∂f/∂y。先在表单里试一试，再运行下一个单元格。

# %% tags=["picture"]
ex = generate(1, seed=4, lang=LANG)
ex

# %% [markdown]
# Here f = x / y. The rules: ∂(x/y)/∂x = 1/y and ∂(x/y)/∂y = −x/y². A student gets the first
# right and loses the minus of the second:

# %% [markdown] lang=zh
# 这里 f = x / y。求导法则是：∂(x/y)/∂x = 1/y，∂(x/y)/∂y = −x/y²。一个学生第一个空算对了，
# 第二个却丢了负号：

# %%
for name, verdict in ex.check({"df/dx": -0.5, "df/dy": 0.75}).items():
    print(verdict.message)
    if not verdict.correct:
        print("   hint:", verdict.hints[0])
print(ex.score())

# %% lang=zh
for name, verdict in ex.check({"df/dx": -0.5, "df/dy": 0.75}).items():
    print(verdict.message)
    if not verdict.correct:
        print("   提示:", verdict.hints[0])
print(ex.score())

# %% [markdown]
# Answers go in as you would type them: `-1.5`, `−1.5`, `-3/2`, `1e-3`, even `2*(1.83 - 2.5)`,
# keyed by the blank's name (`"∂f/∂x"`, or plainly `"df/dx"`). Three significant figures count as
# right.
#
# ## 2. The chapter's sigmoid neuron
#
# The neuron of notebook 02: x = [1, 2], w = [0.1, 0.2], b = 0.1, L = ½ (y − a)² with y = 0.5.
# Three gradients to find, each a product of the local derivatives along its path:
#
#     ∂L/∂w1 = ∂L/∂a · ∂a/∂z · ∂z/∂w1

# %% [markdown] lang=zh
# 答案按你平常输入的样子填写就行：`-1.5`、`−1.5`、`-3/2`、`1e-3`，甚至 `2*(1.83 - 2.5)` 都可以，
# 以空的名字为键（`"∂f/∂x"`，或者直接写成 `"df/dx"`）。保留三位有效数字就算对。
#
# ## 2. 教材中的 sigmoid 神经元
#
# 就是笔记本 02 里的那个神经元：输入 x = [1, 2]，权重 w = [0.1, 0.2]，偏置 b = 0.1，损失函数
# L = ½ (y − a)²，目标值 y = 0.5。要求三个梯度，每一个都是它那条路径上各个局部导数的乘积：
#
#     ∂L/∂w1 = ∂L/∂a · ∂a/∂z · ∂z/∂w1

# %% tags=["picture"]
neuron = preset("sigmoid_neuron", lang=LANG)
neuron

# %% [markdown]
# A common slip: taking σ'(z) to be σ(z) itself. The first answer below makes it; the second
# forgets the minus of y − a; the third is right but rounded to two figures.

# %% [markdown] lang=zh
# 一个常见的失误是把 σ'(z) 当成 σ(z) 本身。下面第一个答案就犯了这个错；第二个忘了 y − a 里的负号；
# 第三个其实是对的，只是只保留了两位有效数字。

# %%
a = 1 / (1 + 2.718281828459045**-0.6)
answers = {"dL/dw1": (a - 0.5) * a * 1, "dL/dw2": -0.0666, "dL/db": 0.033}
for name, verdict in neuron.check(answers).items():
    print(verdict.message, "| mistake:", verdict.mistake, "| at:", verdict.at)

# %% lang=zh
a = 1 / (1 + 2.718281828459045**-0.6)
answers = {"dL/dw1": (a - 0.5) * a * 1, "dL/dw2": -0.0666, "dL/db": 0.033}
for name, verdict in neuron.check(answers).items():
    print(verdict.message, "| 错误类型:", verdict.mistake, "| 出错的节点:", verdict.at)

# %% [markdown]
# The three hints of the first one go from a nudge to the worked step. The mistake happened at
# `a = sigmoid(z)`, so they start there:

# %% [markdown] lang=zh
# 第一个答案的三条提示由浅入深，从轻轻点拨一句到给出完整的计算步骤。错误出在
# `a = sigmoid(z)` 这一步，所以提示就从那里说起：

# %%
for level, hint in enumerate(neuron.check(answers)["∂L/∂w1"].hints, start=1):
    print(f"{level}. {hint}\n")

# %% [markdown]
# ## 3. A node used twice
#
# When a node feeds two others, its gradient is the sum over both paths. Forgetting one is the
# classic mistake of hand-done backprop, and exactly the bug a recursive backward without a
# topological order makes (notebook 03).

# %% [markdown] lang=zh
# ## 3. 一个用了两次的节点
#
# 当一个节点同时通向另外两个节点时，它的梯度是两条路径上的贡献之和。漏掉其中一条，是手算反向传播时
# 最典型的错误，也正是不按拓扑排序、直接递归的反向传播会出的那种错（见笔记本 03）。

# %% tags=["picture"]
reuse = exercise("x*y + x", at={"x": 2, "y": 3}, lang=LANG)
reuse

# %%
verdict = reuse.check({"df/dx": 3, "df/dy": 2})["∂f/∂x"]
print(verdict.message)
print(verdict.hints[1])

# %% [markdown]
# ## 4. Every step of the 2-2-1 network
#
# `hide="steps"` asks every step of backward in order. A node used by several others (the
# inputs are data here, so none is) would get one blank per path and one for the sum. The teacher's
# view, `answers()`, is the answer key:

# %% [markdown] lang=zh
# ## 4. 2-2-1 网络的每一步
#
# `hide="steps"` 会按顺序问反向传播的每一步。如果一个节点被好几个节点用到（这里被多次用到的只有输入，
# 而输入是数据，所以没有这样的节点），它的每条路径各有一个空，路径之和再占一个空。教师视角的
# `answers()` 就是参考答案：

# %%
steps = preset("textbook_network", hide="steps", lang=LANG)
for name, value in list(steps.answers().items())[:8]:
    print(f"{name:>14} = {value:.6g}")
print("...", len(steps.blanks), "blanks in all")

# %% lang=zh
steps = preset("textbook_network", hide="steps", lang=LANG)
for name, value in list(steps.answers().items())[:8]:
    print(f"{name:>14} = {value:.6g}")
print("……共", len(steps.blanks), "个空")

# %% [markdown]
# Other choices: `hide="locals"` asks only local derivatives, `hide="upstream"` the gradient each
# node receives. And any graph can be an exercise, for example the network built by hand:

# %% [markdown] lang=zh
# 其他选项：`hide="locals"` 只问局部导数，`hide="upstream"` 问每个节点收到的梯度，也就是上游梯度。
# 而且任何计算图都可以变成一道练习，例如手工搭建的那个网络：

# %% tags=["picture"]
loss, named = textbook_network()
mine = exercise(loss, hide="upstream", lang=LANG)
mine

# %% [markdown]
# ## 5. For teachers: generated exercises and autograders
#
# `generate(level, seed)` makes exercises of five levels: 1 one op, 2 a chain, 3 a reused node,
# 4 a neuron with activation and loss, 5 a tiny MLP. The same seed gives the same exercise, so a
# class can share one, and each student can get their own.

# %% [markdown] lang=zh
# ## 5. 写给教师：自动生成练习与自动评分
#
# `generate(level, seed)` 可以生成五个等级的练习：第 1 级是一个运算，第 2 级是一条链，第 3 级有一个
# 被重复使用的节点，第 4 级是带激活函数和损失的神经元，第 5 级是一个小型 MLP。同一个种子总是给出同一道练习，
# 所以全班可以共用一道题，也可以每个学生各做一道。

# %%
for level in range(1, 6):
    ex = generate(level, seed=2024, lang=LANG)
    print(f"{ex.title}: {', '.join(ex.blanks)}")

# %% lang=zh
for level in range(1, 6):
    ex = generate(level, seed=2024, lang=LANG)
    print(f"{ex.title}：{'，'.join(ex.blanks)}")

# %% [markdown]
# In an nbgrader or pytest autograder, `assert_correct` fails with the diagnosis and the first
# hint, which is what the student sees:

# %% [markdown] lang=zh
# 在用 nbgrader 或 pytest 搭建的自动评分程序里，`assert_correct` 不通过时会给出诊断和第一条提示，
# 学生看到的就是这些：

# %%
mlp = generate(5, seed=2024, lang=LANG)
student = mlp.answers()  # right, except two: one forgets the 2 of (ŷ − y)², one the sign
student["∂L/∂w5"] /= 2
student["∂L/∂w1"] *= -1
try:
    mlp.assert_correct(student)
except AssertionError as failed:
    print(failed)

# %% lang=zh
mlp = generate(5, seed=2024, lang=LANG)
student = mlp.answers()  # 除了两个都对：一个忘了 (ŷ − y)² 求导时的系数 2，一个弄错了符号
student["∂L/∂w5"] /= 2
student["∂L/∂w1"] *= -1
try:
    mlp.assert_correct(student)
except AssertionError as failed:
    print(failed)

# %% [markdown]
# ## 6. In the stepper: type each step before it shows
#
# The stepper of notebook 01 has a quiz mode. Before Next reveals a step, you type what it gives: one
# edge's product, upstream gradient · local derivative, and a node's gradient once its last path is in.
# A wrong answer gets the same diagnosis and hints as above; the page keeps the score. It runs offline
# (`chainrule html "x*y + x" --at x=2 y=3 --quiz` writes the same page to a file).

# %% [markdown] lang=zh
# ## 6. 在单步演示里：每一步揭晓之前，先自己填
#
# 笔记本 01 里的单步演示页面有一个测验模式。在"下一步"揭晓某一步之前，你先填上这一步的结果：一条边的乘积，
# 即"上游梯度 · 局部导数"；等一个节点的最后一条路径也传到了，再填它的梯度。答错时给出的诊断和提示与上面
# 相同；页面会记下你的得分。它不联网也能运行
# （`chainrule html "x*y + x" --at x=2 y=3 --quiz` 会把同样的页面写入一个文件）。

# %% tags=["picture"]
autograd.stepper_html(reuse.root, quiz=True, lang=LANG)  # x*y + x of section 3: x has two paths

# %% lang=zh
autograd.stepper_html(reuse.root, quiz=True, lang=LANG)  # 第 3 节的 x*y + x：x 有两条路径

# %% [markdown]
# On paper: `chainrule worksheet --level 3 --count 10 --seed 7 --out ws.pdf` writes ten exercises
# and a separate answer key with every worked step (also as `.md` or `.html`); in a terminal,
# `chainrule quiz --level 4` asks blank by blank.

# %% [markdown] lang=zh
# 想在纸上做：`chainrule worksheet --level 3 --count 10 --seed 7 --out ws.pdf` 会生成十道练习，
# 外加一份单独的参考答案，每一步的完整计算都写在里面（也可以输出为 `.md` 或 `.html`）；
# 在终端里，`chainrule quiz --level 4` 会一个空一个空地向你提问。
