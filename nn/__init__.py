"""chainrule's nn: neurons, layers and MLPs on the autograd engine, with the losses, optimizers,
datasets and training loop of a first course on neural networks."""

import autograd._coexist  # noqa: F401  # isort: skip  -- first: one clear ImportError if HIPS autograd is in our folder

from . import data, init, losses, optim, plot, schedules
from .history import History
from .io import load, save
from .layers import MLP, Layer, Neuron
from .live import Live
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge_loss,
    l2_penalty,
    mse_loss,
    softmax,
)
from .metrics import accuracy, predict
from .module import Module
from .optim import SGD, Adam, AdamW, RMSprop
from .torch_bridge import from_torch, to_torch
from .training import fit

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "AdamW",
    "History",
    "Layer",
    "Live",
    "Module",
    "Neuron",
    "RMSprop",
    "accuracy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "data",
    "fit",
    "from_torch",
    "hinge_loss",
    "init",
    "l2_penalty",
    "load",
    "losses",
    "mse_loss",
    "optim",
    "plot",
    "predict",
    "save",
    "schedules",
    "softmax",
    "to_torch",
]
