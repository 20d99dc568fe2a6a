"""`compile`: a fixed graph as Python over floats, a line per node and edge: tape, codegen, templates.

Imports the engine only (value, ops, functions, mode, errors).
"""

from .compiled import Compiled, Forward, compile, compile_forward

__all__ = ["Compiled", "Forward", "compile", "compile_forward"]
