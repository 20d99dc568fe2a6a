# %% [markdown]
# # 06 · Overfitting, weight decay and early stopping
#
# A network with enough parameters can memorise its training set, noise included, and then does
# worse on points it has not seen: overfitting (过拟合). The only way to notice is to keep some data
# out of training and watch the loss there. This notebook makes a model overfit on purpose, then
# tries the two oldest remedies (正则化): L2 weight decay and early stopping.

# %%
%matplotlib inline
import random

import matplotlib.pyplot as plt

import nn

random.seed(0)
LANG = "en"  # no explaining cells here; kept so every notebook starts the same way

# %% [markdown]
# ## 1. A small, noisy data set, split in two
#
# 100 moons points with a lot of noise (0.35). `train_test_split` keeps 30 for training and holds
# out 70 for validation (验证集): the model never trains on those, they stand in for new data.

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

# %% [markdown]
# ## 2. Too big a model, trained too long
#
# `MLP(2, [16, 16, 1])` has 337 parameters for 30 points: plenty to memorise them. The output is a
# raw score and the loss `bce_with_logits` is binary cross-entropy on sigmoid(score), computed stably.
# Adam, learning rate 0.03, 120 full-batch epochs; `validation_data=` makes `fit` record the
# validation loss after every epoch (without training on it).

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

# %% [markdown]
# (Both touch the biases too: `l2_penalty(model)` sums over every parameter, and `weight_decay` decays
# every parameter it was given.) Now the same training run as before, with `weight_decay=0.01`:

# %%
decayed, decayed_history = train(weight_decay=0.01)
print(decayed_history)

# %% [markdown]
# ## 4. Early stopping
#
# Or simply stop when the validation loss stops improving. `patience=15` ends training after 15
# epochs without a new best validation loss, and `restore_best=True` (the default) puts back the
# weights of the best epoch.

# %%
stopped, stopped_history = train(patience=15)
print(stopped_history)
print("stopped because:", stopped_history.stop_reason, "  best epoch:", stopped_history.best_epoch)
assert stopped_history.stop_reason == "early_stopping" and stopped_history.epochs < 120

# %% [markdown]
# ## 5. Side by side

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

# %%
final = {name: nn.binary_cross_entropy_with_logits([m(x) for x in X_val], y_val).data for name, (m, _) in runs.items()}
for name, value in final.items():
    print(f"{name:>18}: validation loss {value:.3f}")
assert final["weight decay 0.01"] < final["no regularisation"] and final["early stopping"] < final["no regularisation"]

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
