"""The graduation path to PyTorch: `to_torch(mlp)` is the same network as a float64
torch.nn.Sequential of Linear layers and activations, and `from_torch(sequential)` comes back."""

from __future__ import annotations

from ._checks import short
from .layers import MLP

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
        raise ImportError(f"{who} needs PyTorch: pip install 'chainrule[torch]'") from None
    return torch


def to_torch(model: MLP):
    """torch.nn.Sequential(Linear, activation, ..., Linear[, activation]) in float64 with the same weights:
    Linear.weight[j] holds the incoming weights of neuron j, Linear.bias[j] its bias."""
    torch = _torch("nn.to_torch")
    if not isinstance(model, MLP):
        raise TypeError(f"to_torch: expected an nn.MLP, got {short(model)}")
    modules = []
    for layer in model.layers:
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64))
            linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
        modules.append(linear)
        if layer.activation != "linear":
            if layer.activation not in _TORCH_NAMES:
                raise ValueError(f"to_torch: the activation {layer.activation!r} has no torch.nn module here")
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
                raise ValueError(f"from_torch: module {i} ({m}) takes {m.in_features} inputs "
                                 f"but the layer before has {len(weights[-1])} outputs")  # fmt: skip
            weights.append(m.weight.detach().double().tolist())
            biases.append(m.bias.detach().double().tolist() if m.bias is not None else [0.0] * m.out_features)
            activations.append("linear")
        elif type(m).__name__ in _OUR_NAMES and weights and activations[-1] == "linear" and _as_ours(m):
            activations[-1] = _OUR_NAMES[type(m).__name__]
        elif not isinstance(m, torch.nn.Identity):
            raise ValueError(f"from_torch: module {i} is {m}; an nn.MLP is Linear layers, each followed by "
                             f"at most one of {', '.join(_OUR_NAMES)} with its default settings")  # fmt: skip
    if not weights:
        raise ValueError(f"from_torch: {short(module)} has no Linear layer")
    if len(set(activations[:-1])) > 1:
        raise ValueError(f"from_torch: hidden layers use different activations {activations[:-1]}; an nn.MLP has one")
    return MLP.from_weights(weights, biases, activations[0], activations[-1])


def _as_ours(module) -> bool:
    """True when the activation module has torch's default settings, the only ones nn's activations have."""
    return all(getattr(module, key, None) == value for key, value in _DEFAULTS.get(type(module).__name__, {}).items())


def _flatten(module, torch) -> list:
    """The leaf modules of nested Sequentials, in order; anything else is itself."""
    if isinstance(module, torch.nn.Sequential):
        return [leaf for child in module for leaf in _flatten(child, torch)]
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"from_torch: expected a torch.nn.Sequential, got {short(module)}")
    return [module]
