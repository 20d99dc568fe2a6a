"""Benchmarks: chainrule (dynamic and compiled) against micrograd-rust, micrograd, PyTorch and hand-written floats.

`python -m bench` runs every implementation on the same workloads, each in its own process,
and prints medians and a table of ratios (see `bench/__main__.py` for the options).
"""
