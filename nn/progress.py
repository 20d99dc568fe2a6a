"""The training progress bar: tqdm's widget in notebooks that have ipywidgets, its text bar in terminals
and in notebooks without ipywidgets, nothing in CI logs or pipes."""

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
        import tqdm  # noqa: F401  (optional: pip install 'chainrule[plot]')
        from tqdm.std import tqdm as text_bar
    except ImportError:
        return None  # no bar, no error: training does not depend on it
    widget = _widget_bar() if in_notebook() else None
    if widget is not None:
        return widget(total=total, desc=desc, unit="epoch")
    return text_bar(total=total, desc=desc, unit="epoch", dynamic_ncols=True)


def _widget_bar():
    """tqdm's notebook bar if ipywidgets (7 or 8) can draw it, else None: then the text bar, without
    the "IProgress not found" warning that tqdm.auto gives in a notebook without ipywidgets."""
    try:
        from tqdm import notebook
    except ImportError:
        return None
    return notebook.tqdm if getattr(notebook, "IProgress", None) is not None else None
