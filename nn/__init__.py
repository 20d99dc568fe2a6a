"""chainrule's nn: neurons, layers and MLPs on the autograd engine, with the losses, optimizers,
datasets and training loop of a first course on neural networks."""

from . import init, losses, optim, schedules
from .layers import MLP, Layer, Neuron
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge_loss,
    l2_penalty,
    mse_loss,
    softmax,
)
from .module import Module
from .optim import SGD, Adam, AdamW, RMSprop

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "AdamW",
    "Layer",
    "Module",
    "Neuron",
    "RMSprop",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "hinge_loss",
    "init",
    "l2_penalty",
    "losses",
    "mse_loss",
    "optim",
    "schedules",
    "softmax",
]
