"""The graduation path to PyTorch: `to_torch(mlp)` is the same network as a float64
torch.nn.Sequential of Linear layers and activations, and `from_torch(sequential)` comes back."""

from __future__ import annotations

from ._checks import short
from .layers import MLP
from .messages import text

# torch.nn's modules with their default settings are nn's activations with theirs (slope 0.01, alpha 1, exact gelu).
_TORCH_NAMES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "leaky_relu": "LeakyReLU", "elu": "ELU",
                "gelu": "GELU", "softplus": "Softplus", "silu": "SiLU", "softsign": "Softsign"}  # fmt: skip
_OUR_NAMES = {v: k for k, v in _TORCH_NAMES.items()}
_DEFAULTS = {"LeakyReLU": {"negative_slope": 0.01}, "ELU": {"alpha": 1.0}, "GELU": {"approximate": "none"},
             "Softplus": {"beta": 1.0, "threshold": 20.0}}  # fmt: skip


def _torch(who: str):
    try:
        import torch  # optional: a large download, needed only here
    except ImportError:
        raise ImportError(text("needs_torch", who=who)) from None
    return torch


def to_torch(model: MLP):
    """torch.nn.Sequential(Linear, activation, ..., Linear[, activation]) in float64 with the same weights:
    Linear.weight[j] holds the incoming weights of neuron j, Linear.bias[j] its bias."""
    torch = _torch("nn.to_torch")
    if not isinstance(model, MLP):
        raise TypeError(text("expected_mlp", who="to_torch", got=short(model)))
    modules = []
    for layer in model.layers:
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64))
            linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
        modules.append(linear)
        if layer.activation != "linear":
            if layer.activation not in _TORCH_NAMES:
                raise ValueError(text("to_torch_activation", name=layer.activation))
            modules.append(getattr(torch.nn, _TORCH_NAMES[layer.activation])())
    return torch.nn.Sequential(*modules)


def from_torch(module) -> MLP:
    """The nn.MLP of a Sequential of Linear layers each followed by at most one activation module (ReLU,
    Tanh, Sigmoid, LeakyReLU, ELU, GELU, Softplus, SiLU or Softsign, with default settings; Identity is
    skipped; a Linear without bias gets zero biases). The weights are copied as float64."""
    torch = _torch("nn.from_torch")
    weights, biases, activations = [], [], []
    for i, m in enumerate(_flatten(module, torch)):
        if isinstance(m, torch.nn.Linear):
            if weights and len(weights[-1]) != m.in_features:
                raise ValueError(text("from_torch_sizes", i=i, module=m, nin=m.in_features, nout=len(weights[-1])))
            weights.append(m.weight.detach().double().tolist())
            biases.append(m.bias.detach().double().tolist() if m.bias is not None else [0.0] * m.out_features)
            activations.append("linear")
        elif type(m).__name__ in _OUR_NAMES and weights and activations[-1] == "linear" and _as_ours(m):
            activations[-1] = _OUR_NAMES[type(m).__name__]
        elif not isinstance(m, torch.nn.Identity):
            raise ValueError(text("from_torch_module", i=i, module=m, valid=", ".join(_OUR_NAMES)))
    if not weights:
        raise ValueError(text("from_torch_no_linear", got=short(module)))
    if len(set(activations[:-1])) > 1:
        raise ValueError(text("from_torch_hidden", got=activations[:-1]))
    return MLP.from_weights(weights, biases, activations[0], activations[-1])


def _as_ours(module) -> bool:
    """True when the activation module has torch's default settings, the only ones nn's activations have."""
    return all(getattr(module, key, None) == value for key, value in _DEFAULTS.get(type(module).__name__, {}).items())


def _flatten(module, torch) -> list:
    """The leaf modules of nested Sequentials, in order; anything else is itself."""
    if isinstance(module, torch.nn.Sequential):
        return [leaf for child in module for leaf in _flatten(child, torch)]
    if not isinstance(module, torch.nn.Module):
        raise TypeError(text("from_torch_type", got=short(module)))
    return [module]
