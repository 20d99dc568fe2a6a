"""`compile`: a fixed graph as straight-line Python over floats: tape (the graph read once), codegen, templates.

Imports the engine only (value, ops, functions, mode, errors).
"""

from .compiled import Compiled, Forward, compile, compile_forward

__all__ = ["Compiled", "Forward", "compile", "compile_forward"]
