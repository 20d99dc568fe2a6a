"""`python -m chainrule`: the same command line as `python -m autograd` and the `chainrule` script."""

import runpy

runpy.run_module("autograd", run_name="__main__", alter_sys=True)
