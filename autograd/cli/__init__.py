"""The `chainrule` command line: demo, trace, html and train, and the parts they share.

The only part of autograd that may import nn (lazily, inside the commands that train).
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
