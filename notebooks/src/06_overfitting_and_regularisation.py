# %% [markdown]
# # 06 · Overfitting, weight decay and early stopping
#
# A network with enough parameters can memorise its training set, noise included, and then does
# worse on points it has not seen: overfitting (过拟合). The only way to notice is to keep some data
# out of training and watch the loss there. This notebook makes a model overfit on purpose, then
# tries the two oldest remedies (正则化): L2 weight decay and early stopping.

# %% [markdown] lang=zh
# # 06 · 过拟合、权重衰减与提前停止
#
# 参数足够多的网络可以把训练集连同其中的噪声一起背下来，结果在没见过的点上反而表现更差：这就是过拟合。
# 唯一能发现它的办法，是留出一部分数据不参与训练，并观察在这部分数据上的损失。本笔记本故意让一个模型
# 过拟合，然后试一试两种最古老的正则化方法：L2 权重衰减和提前停止。

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import set_language

random.seed(0)
LANG = "en"  # "en" or "zh": the language of the plots, errors and warnings
set_language(LANG)

# %% lang=zh
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn
from autograd import set_language

random.seed(0)
LANG = "en"  # "en" 或 "zh"：图表、报错和警告所用的语言
set_language(LANG)

# %% [markdown]
# ## 1. A small, noisy data set, split in two
#
# 100 moons points with a lot of noise (0.35). `train_test_split` keeps 30 for training and holds
# out 70 for validation (验证集): the model never trains on those, they stand in for new data.

# %% [markdown] lang=zh
# ## 1. 一个又小又吵的数据集，一分为二
#
# 100 个噪声很大（0.35）的双月数据点。`train_test_split` 留 30 个用于训练，另外 70 个作为验证集：
# 模型从不在它们上面训练，它们代表的是新数据。

# %% tags=["picture"]
X, y = nn.data.make_moons(100, noise=0.35, seed=3)
X_train, X_val, y_train, y_val = nn.data.train_test_split(X, y, test_size=70, seed=0)
print(f"{len(X_train)} training points, {len(X_val)} validation points")

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter([p[0] for p in X_val], [p[1] for p in X_val], c=y_val, cmap="coolwarm", alpha=0.35, label="validation")
ax.scatter([p[0] for p in X_train], [p[1] for p in X_train], c=y_train, cmap="coolwarm", edgecolors="black",
           label="training")  # fmt: skip
ax.set(xlabel="x1", ylabel="x2", title="30 to learn from, 70 to check on")
ax.legend(fontsize="small")
plt.show()

# %% lang=zh
X, y = nn.data.make_moons(100, noise=0.35, seed=3)
X_train, X_val, y_train, y_val = nn.data.train_test_split(X, y, test_size=70, seed=0)
print(f"{len(X_train)} 个训练点，{len(X_val)} 个验证点")

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter([p[0] for p in X_val], [p[1] for p in X_val], c=y_val, cmap="coolwarm", alpha=0.35, label="验证集")
ax.scatter([p[0] for p in X_train], [p[1] for p in X_train], c=y_train, cmap="coolwarm", edgecolors="black",
           label="训练集")  # fmt: skip
ax.set(xlabel="x1", ylabel="x2", title="30 个用来学习，70 个用来检验")
ax.legend(fontsize="small")
plt.show()

# %% [markdown]
# ## 2. Too big a model, trained too long
#
# `MLP(2, [16, 16, 1])` has 337 parameters for 30 points: plenty to memorise them. The output is a
# raw score and the loss `bce_with_logits` is binary cross-entropy on sigmoid(score), computed stably.
# Adam, learning rate 0.03, 120 full-batch epochs; `validation_data=` makes `fit` record the
# validation loss after every epoch (without training on it).

# %% [markdown] lang=zh
# ## 2. 模型太大，训练太久
#
# `MLP(2, [16, 16, 1])` 有 337 个参数，却只有 30 个点：足够把它们全部背下来。输出是一个原始分数，
# 损失 `bce_with_logits` 是对 sigmoid(分数) 求二元交叉熵，并以数值稳定的方式计算。
# 使用 Adam，学习率 0.03，全批量训练 120 轮；`validation_data=` 让 `fit` 在每一轮之后记录验证集上的损失
# （但不在验证集上训练）。

# %%
def train(weight_decay=0.0, **options):
    model = nn.MLP(2, [16, 16, 1], init="he_normal", seed=0)
    optimizer = nn.Adam(model.parameters(), lr=0.03, weight_decay=weight_decay)
    history = nn.fit(model, X_train, y_train, loss="bce_with_logits", optimizer=optimizer, epochs=120,
                     validation_data=(X_val, y_val), progress=False, **options)  # fmt: skip
    return model, history


plain, plain_history = train()
print(plain_history)

# %% tags=["picture"]
ax = nn.plot.loss_curve(plain_history)
ax.set_title("no regularisation")
plt.show()

# %% lang=zh
ax = nn.plot.loss_curve(plain_history)
ax.set_title("不加正则化")
plt.show()

# %% [markdown]
# The training loss (solid) falls towards 0: the model is certain about every training point. The
# validation loss (dashed) bottoms out around epoch 30 and then climbs: from there on, each
# epoch fits the training noise a little better and new points a little worse.
#
# ## 3. L2 weight decay
#
# Add λ · Σ w² to the loss. Its gradient 2λw pulls every weight towards 0 at every step, so only
# weights that the data keeps pushing stay large, and the boundary stays smooth. Optimizers do it
# in the update with `weight_decay=wd` (they add wd · w to each gradient); `nn.losses.l2_penalty`
# writes it into the loss instead. The two are the same step, with λ = wd / 2:

# %% [markdown] lang=zh
# 训练损失（实线）一路降向 0：模型对每个训练点都确信无疑。验证损失（虚线）在第 30 轮左右降到最低，
# 随后开始回升：从那以后，每多训练一轮，模型对训练数据中的噪声就拟合得更好一点，对新点的表现则更差一点。
#
# ## 3. L2 权重衰减
#
# 在损失上加上 λ · Σ w²。它的梯度 2λw 在每一步都把每个权重往 0 拉，只有数据不断推动的那些权重才会保持
# 较大的值，于是边界保持平滑。优化器用 `weight_decay=wd` 在更新时完成这件事（给每个梯度加上 wd · w）；
# `nn.losses.l2_penalty` 则把它写进损失里。两者是同一步更新，其中 λ = wd / 2：

# %%
def one_step(use_penalty, wd=0.1):
    model = nn.MLP(2, [16, 16, 1], init="he_normal", seed=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1, weight_decay=0.0 if use_penalty else wd)
    loss = nn.binary_cross_entropy_with_logits([model(x) for x in X_train], y_train)
    if use_penalty:
        loss = loss + (wd / 2) * nn.l2_penalty(model)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return [p.data for p in model.parameters()]


in_optimizer, in_loss = one_step(use_penalty=False), one_step(use_penalty=True)
print("largest difference between the two updates:", max(abs(a - b) for a, b in zip(in_optimizer, in_loss)))
assert max(abs(a - b) for a, b in zip(in_optimizer, in_loss)) < 1e-12

# %% lang=zh
def one_step(use_penalty, wd=0.1):
    model = nn.MLP(2, [16, 16, 1], init="he_normal", seed=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1, weight_decay=0.0 if use_penalty else wd)
    loss = nn.binary_cross_entropy_with_logits([model(x) for x in X_train], y_train)
    if use_penalty:
        loss = loss + (wd / 2) * nn.l2_penalty(model)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return [p.data for p in model.parameters()]


in_optimizer, in_loss = one_step(use_penalty=False), one_step(use_penalty=True)
print("两种更新之间的最大差异:", max(abs(a - b) for a, b in zip(in_optimizer, in_loss)))
assert max(abs(a - b) for a, b in zip(in_optimizer, in_loss)) < 1e-12

# %% [markdown]
# (Both touch the biases too: `l2_penalty(model)` sums over every parameter, and `weight_decay` decays
# every parameter it was given.) Now the same training run as before, with `weight_decay=0.01`:

# %% [markdown] lang=zh
# （两者都会作用到偏置上：`l2_penalty(model)` 对所有参数求和，`weight_decay` 也会衰减交给它的每一个参数。）
# 现在用 `weight_decay=0.01` 把前面的训练再跑一遍：

# %%
decayed, decayed_history = train(weight_decay=0.01)
print(decayed_history)

# %% [markdown]
# ## 4. Early stopping
#
# Or simply stop when the validation loss stops improving. `patience=15` ends training after 15
# epochs without a new best validation loss, and `restore_best=True` (the default) puts back the
# weights of the best epoch.

# %% [markdown] lang=zh
# ## 4. 提前停止
#
# 或者干脆在验证损失不再改善时停下来。`patience=15` 表示连续 15 轮验证损失没有刷新最好成绩就结束训练，
# 而 `restore_best=True`（默认值）会把权重恢复到最好的那一轮。

# %%
stopped, stopped_history = train(patience=15)
print(stopped_history)
print("stopped because:", stopped_history.stop_reason, "  best epoch:", stopped_history.best_epoch)
assert stopped_history.stop_reason == "early_stopping" and stopped_history.epochs < 120

# %% lang=zh
stopped, stopped_history = train(patience=15)
print(stopped_history)
print("停止的原因:", stopped_history.stop_reason, "  最好的一轮:", stopped_history.best_epoch)
assert stopped_history.stop_reason == "early_stopping" and stopped_history.epochs < 120

# %% [markdown]
# ## 5. Side by side

# %% [markdown] lang=zh
# ## 5. 放在一起比较

# %% tags=["picture"]
runs = {"no regularisation": (plain, plain_history), "weight decay 0.01": (decayed, decayed_history),
        "early stopping": (stopped, stopped_history)}  # fmt: skip
fig, axes = plt.subplots(2, 3, figsize=(13, 8), layout="constrained")
for (name, (model, history)), top, bottom in zip(runs.items(), axes[0], axes[1]):
    nn.plot.loss_curve(history, ax=top, accuracy=False, log=True)
    top.set(title=name, ylim=(1e-3, 5))
    nn.plot.decision_boundary(model, X_train, y_train, ax=bottom, resolution=40)
    val_loss = nn.binary_cross_entropy_with_logits([model(x) for x in X_val], y_val).data
    bottom.set_title(f"validation: loss {val_loss:.2f}, accuracy {nn.accuracy(model, X_val, y_val):.0%}")
plt.show()

# %% lang=zh
runs = {"不加正则化": (plain, plain_history), "权重衰减 0.01": (decayed, decayed_history),
        "提前停止": (stopped, stopped_history)}  # fmt: skip
fig, axes = plt.subplots(2, 3, figsize=(13, 8), layout="constrained")
for (name, (model, history)), top, bottom in zip(runs.items(), axes[0], axes[1]):
    nn.plot.loss_curve(history, ax=top, accuracy=False, log=True)
    top.set(title=name, ylim=(1e-3, 5))
    nn.plot.decision_boundary(model, X_train, y_train, ax=bottom, resolution=40)
    val_loss = nn.binary_cross_entropy_with_logits([model(x) for x in X_val], y_val).data
    bottom.set_title(f"验证集：损失 {val_loss:.2f}，准确率 {nn.accuracy(model, X_val, y_val):.0%}")
plt.show()

# %%
final = {name: nn.binary_cross_entropy_with_logits([m(x) for x in X_val], y_val).data for name, (m, _) in runs.items()}
for name, value in final.items():
    print(f"{name:>18}: validation loss {value:.3f}")
assert final["weight decay 0.01"] < final["no regularisation"] and final["early stopping"] < final["no regularisation"]

# %% lang=zh
final = {name: nn.binary_cross_entropy_with_logits([m(x) for x in X_val], y_val).data for name, (m, _) in runs.items()}
for name, value in final.items():
    print(f"{name:>10}：验证集损失 {value:.3f}")
assert final["权重衰减 0.01"] < final["不加正则化"] and final["提前停止"] < final["不加正则化"]

# %% [markdown]
# What to take from it, candidly:
#
# * The plain model's boundary bends around individual training points; both remedies give a
#   smoother one and a much lower validation loss.
# * The validation *accuracy* moves much less than the loss. With 70 validation points one point is
#   1.4 %, and the plain model's main fault is confidence: it is sure of itself, and when it is wrong
#   it is very wrong, which cross-entropy punishes hard.
# * The numbers depend on the seeds: rerun with other seeds for `make_moons` or the model and the gaps
#   change size. Their direction held in the few seeds we tried; check it with yours.
#
# Next: notebook 07, the same models in PyTorch.

# %% [markdown] lang=zh
# 坦率地说，从中可以得到这些结论：
#
# * 不加正则化的模型，其边界绕着个别训练点弯来弯去；两种方法都给出了更平滑的边界和低得多的验证损失。
# * 验证集**准确率**的变化比损失小得多。验证集只有 70 个点，一个点就是 1.4%；不加正则化的模型主要的毛病
#   在于过度自信：它对自己深信不疑，一旦出错就错得很离谱，而交叉熵对这种错误惩罚得很重。
# * 这些数字取决于随机种子：给 `make_moons` 或模型换几个种子再跑，差距的大小就会改变。在我们试过的几个
#   种子里，差距的方向都没有变；请用你自己的种子检验一下。
#
# 下一个：笔记本 07，在 PyTorch 中实现同样的模型。
