"""A griffe extension for the API reference: names a package exports on first use (a module
`__getattr__`, as `autograd.draw`) become aliases of where they live, so `::: autograd.draw` works
with public names only, wherever the package keeps the code."""

from __future__ import annotations

import importlib

import griffe


class PublicNames(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs) -> None:
        module = importlib.import_module(pkg.path)
        for name in getattr(module, "__all__", ()):
            if name not in pkg.members:
                obj = getattr(module, name)
                pkg.set_member(name, griffe.Alias(name, f"{obj.__module__}.{obj.__qualname__}", parent=pkg))
