"""The training progress bar: tqdm.auto in terminals and notebooks, nothing in CI logs or pipes."""

from __future__ import annotations

import os
import sys


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where a widget bar replaces the terminal one)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def wanted(progress: bool) -> bool:
    """Show a bar? Only when asked, not in CI (env CI set), and where someone watches: a TTY or a notebook."""
    if not progress or os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        return False
    if in_notebook():
        return True
    stderr = sys.stderr
    return stderr is not None and hasattr(stderr, "isatty") and stderr.isatty()


def bar(total: int, progress: bool, desc: str = "fit"):
    """A tqdm bar over `total` epochs, or None when none is wanted or tqdm is not installed."""
    if not wanted(progress):
        return None
    try:
        from tqdm.auto import tqdm  # optional: pip install 'chainrule[plot]'
    except ImportError:
        return None  # no bar, no error: training does not depend on it
    return tqdm(total=total, desc=desc, unit="epoch", dynamic_ncols=True)
