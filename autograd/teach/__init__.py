"""Text about one backward pass: the traced steps, their explanation in words, why a gradient is small.

Imports the engine only (value, ops, graph, mode, errors); never graphviz, never nn.
"""
