"""`Module`: the base of every model. It finds parameters and sub-modules, names them, zeroes their
gradients, saves or restores their values and switches training and evaluation mode, with PyTorch's
method names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from autograd import Value, mistakes

from ._checks import real, short
from .messages import text


class Module:
    """A model made of parameters (Values) and sub-modules: subclass it and define `forward(x)`."""

    training: bool = True  # as torch.nn.Module: set by train() and eval(), read by your own forward

    def __call__(self, *args, **kwargs):
        forward = getattr(self, "forward", None)
        if forward is None:
            name = type(self).__name__
            raise TypeError(text("no_forward", name=name))
        return forward(*args, **kwargs)

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """Every parameter once, with a stable dotted name such as "layers.0.neurons.3.w.1"."""
        seen = set()
        for name, p in self._named_members():
            if p not in seen:  # a Value shared by two sub-modules is one parameter
                seen.add(p)
                yield name, p

    def _named_members(self) -> Iterator[tuple[str, Value]]:
        # Public attributes in the order they were set: a Value is a parameter, a Module is
        # walked into, a list or tuple is numbered from 0 (as torch's ModuleList), a dict by key.
        for name, item in vars(self).items():
            if not name.startswith("_"):
                yield from _walk(name, item)

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module ("" or `prefix`) and every sub-module below it once, depth first, named as in
        `named_parameters` ("layers.0", "layers.0.neurons.3"), as torch's named_modules."""
        seen = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:  # a module shared by two parents is one module
                continue
            seen.add(id(module))
            yield name, module
            below = [(f"{name}.{sub}" if name else sub, child) for sub, child in module._named_child_modules()]
            stack.extend(reversed(below))

    def modules(self) -> Iterator[Module]:
        """This module and every sub-module below it, once each (as torch's modules())."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The immediate sub-modules, once each, with their names ("layers.0", "layers.1", ...)."""
        seen = set()
        for name, child in self._named_child_modules():
            if id(child) not in seen:
                seen.add(id(child))
                yield name, child

    def children(self) -> Iterator[Module]:
        """The immediate sub-modules (as torch's children())."""
        for _, child in self.named_children():
            yield child

    def _named_child_modules(self) -> Iterator[tuple[str, Module]]:
        # The same walk as _named_members, stopping at the first Module on each path.
        for name, item in vars(self).items():
            if not name.startswith("_"):
                yield from _walk_modules(name, item)

    def train(self, mode: bool = True) -> Module:
        """Set `.training = mode` on this module and every sub-module; returns self (as torch).

        No layer in nn behaves differently when training, but your own module's forward can read
        `self.training` (for dropout, say); `nn.fit` leaves the mode as you set it."""
        if not isinstance(mode, bool):
            raise TypeError(text("train_mode", name=type(self).__name__, got=short(mode)))
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Evaluation mode: the same as train(False); returns self."""
        return self.train(False)

    def parameters(self) -> list[Value]:
        """The parameters as a list, in `named_parameters` order."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's .grad to 0 before the next backward (leaves accumulate)."""
        for p in self.parameters():
            p.grad = 0.0
        mistakes.zeroed()  # backward() then knows a second call on the same loss is a fresh gradient

    def state_dict(self) -> dict[str, float]:
        """{name: float} for every parameter: a snapshot of the weights."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, float]) -> None:
        """Copy the floats of `state` into the parameters; names must match exactly."""
        who = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping):
            raise TypeError(text("module_state_type", who=who, got=short(state)))
        named = dict(self.named_parameters())
        missing = [k for k in named if k not in state]
        unexpected = [k for k in state if k not in named]
        if missing or unexpected:
            raise ValueError(text("module_state_names", who=who, n=len(named), given=len(state),
                                  missing=_few(missing), unexpected=_few(unexpected)))  # fmt: skip
        values = {k: real(state[k], who, f"state[{k!r}]") for k in named}
        for k, p in named.items():
            p.data = values[k]


def _walk(name: str, item) -> Iterator[tuple[str, Value]]:
    if isinstance(item, Value):
        yield name, item
    elif isinstance(item, Module):
        for sub, p in item._named_members():
            yield f"{name}.{sub}", p
    elif isinstance(item, (list, tuple)):
        for i, element in enumerate(item):
            yield from _walk(f"{name}.{i}", element)
    elif isinstance(item, dict):
        for key, element in item.items():
            yield from _walk(f"{name}.{key}", element)


def _walk_modules(name: str, item) -> Iterator[tuple[str, Module]]:
    if isinstance(item, Module):
        yield name, item
    elif isinstance(item, (list, tuple)):
        for i, element in enumerate(item):
            yield from _walk_modules(f"{name}.{i}", element)
    elif isinstance(item, dict):
        for key, element in item.items():
            yield from _walk_modules(f"{name}.{key}", element)


def _few(names: list) -> str:
    if not names:
        return "none"
    shown = ", ".join(repr(n) for n in names[:4])
    return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")
