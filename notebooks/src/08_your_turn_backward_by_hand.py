# %% [markdown]
# # 08 · Your turn: backward by hand
#
# Reading a backward pass is not the same as doing one. Here you do it: chainrule builds a graph,
# shows its forward pass (前向传播), and asks for the gradients (梯度). Every answer is checked
# against the engine's own backward, and a wrong one is matched against the mistakes students
# make with the chain rule (链式法则): a wrong sign, a forgotten local derivative (局部导数), the
# upstream gradient (上游梯度) alone, a forgotten path, a wrong rule, swapped operands, too much
# rounding. Each blank has three hints, from a nudge to the worked step.
#
# In Jupyter (JupyterLab, Notebook 7, VS Code, Colab) an exercise shows as a small form: type into
# the fields, press Check or Hint. Where widgets cannot run (GitHub, nbviewer) you see the same
# question as a picture and text, and the cells below answer it in code.
#
# Set `LANG = "zh"` in the next cell to get the exercises, verdicts and hints in Chinese (a Chinese
# copy of this notebook is in notebooks/zh/; its text is not yet translated).

# %%
import random

import autograd
from autograd import exercise, set_language
from autograd.examples import textbook_network

random.seed(0)  # every exercise below has its own seed, so the notebook asks the same ones each run
LANG = "en"  # "en" or "zh": the language of the exercises, verdicts and hints
set_language(LANG)  # and of errors, warnings, plots and pictures
generate, preset = autograd.exercises.generate, autograd.exercises.preset

# %% [markdown]
# ## 1. One op
#
# Level 1 of `autograd.exercises.generate` is a single op. The exercise shows the graph with every
# value, and the blanks it asks: here ∂f/∂x and ∂f/∂y. Try it in the form, then run the next cell.

# %% tags=["picture"]
ex = generate(1, seed=4, lang=LANG)
ex

# %% [markdown]
# Here f = x / y. The rules: ∂(x/y)/∂x = 1/y and ∂(x/y)/∂y = −x/y². A student gets the first
# right and loses the minus of the second:

# %%
for name, verdict in ex.check({"df/dx": -0.5, "df/dy": 0.75}).items():
    print(verdict.message)
    if not verdict.correct:
        print("   hint:", verdict.hints[0])
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

# %% tags=["picture"]
neuron = preset("sigmoid_neuron", lang=LANG)
neuron

# %% [markdown]
# A common slip: taking σ'(z) to be σ(z) itself. The first answer below makes it; the second
# forgets the minus of y − a; the third is right but rounded to two figures.

# %%
a = 1 / (1 + 2.718281828459045**-0.6)
answers = {"dL/dw1": (a - 0.5) * a * 1, "dL/dw2": -0.0666, "dL/db": 0.033}
for name, verdict in neuron.check(answers).items():
    print(verdict.message, "| mistake:", verdict.mistake, "| at:", verdict.at)

# %% [markdown]
# The three hints of the first one go from a nudge to the worked step. The mistake happened at
# `a = sigmoid(z)`, so they start there:

# %%
for level, hint in enumerate(neuron.check(answers)["∂L/∂w1"].hints, start=1):
    print(f"{level}. {hint}\n")

# %% [markdown]
# ## 3. A node used twice
#
# When a node feeds two others, its gradient is the sum over both paths. Forgetting one is the
# classic mistake of hand-done backprop, and exactly the bug a recursive backward without a
# topological order makes (notebook 03).

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

# %%
steps = preset("textbook_network", hide="steps", lang=LANG)
for name, value in list(steps.answers().items())[:8]:
    print(f"{name:>14} = {value:.6g}")
print("...", len(steps.blanks), "blanks in all")

# %% [markdown]
# Other choices: `hide="locals"` asks only local derivatives, `hide="upstream"` the gradient each
# node receives. And any graph can be an exercise, for example the network built by hand:

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

# %%
for level in range(1, 6):
    ex = generate(level, seed=2024, lang=LANG)
    print(f"{ex.title}: {', '.join(ex.blanks)}")

# %% [markdown]
# In an nbgrader or pytest autograder, `assert_correct` fails with the diagnosis and the first
# hint, which is what the student sees:

# %%
mlp = generate(5, seed=2024, lang=LANG)
student = mlp.answers()  # right, except two: one forgets the 2 of (ŷ − y)², one the sign
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

# %% tags=["picture"]
autograd.stepper_html(reuse.root, quiz=True, lang=LANG)  # x*y + x of section 3: x has two paths

# %% [markdown]
# On paper: `chainrule worksheet --level 3 --count 10 --seed 7 --out ws.pdf` writes ten exercises
# and a separate answer key with every worked step (also as `.md` or `.html`); in a terminal,
# `chainrule quiz --level 4` asks blank by blank.
