"""The distribution's own name as a package, for `python -m chainrule` (the `chainrule` command).

The library itself is imported as `autograd` (the engine) and `nn` (models and training). That a
`chainrule` package can be found is also how the notebooks' install cell tells that chainrule is
installed without importing `autograd`, which may be another package of that name.
"""
