"""Refuse to run from a folder that HIPS autograd's files share.

chainrule's import package is called `autograd`, and so is the unrelated HIPS autograd (PyPI
"autograd", preinstalled on Colab). `pip install chainrule` into such an environment writes both
into the same site-packages/autograd/ folder: chainrule's __init__.py replaces HIPS's, HIPS's
`autograd.numpy` is orphaned, and uninstalling either breaks the other. `check` sees that
(HIPS's own files beside ours, or HIPS's metadata beside the folder) and raises one ImportError
that says what happened and how to repair it. A normal, an editable or a `--target` install and
the repository checkout have neither, so they import as usual. This module imports nothing of
the engine: autograd/__init__.py calls it first.
"""

from __future__ import annotations

import os
import re
import sys

# Files that only HIPS autograd ships in its autograd/ folder (chainrule has none of these names).
HIPS_FILES = ("tracer.py", "differential_operators.py", "wrap_util.py", "numpy/__init__.py")
_HIPS_METADATA = re.compile(r"^autograd-(?P<version>[^-]+?)(?:-py[^-]*)?\.(?:dist|egg)-info$", re.IGNORECASE)
SOURCE = "https://github.com/chainrule/chainrule"  # only if the installed metadata names no Source URL
TARGET = "~/.chainrule-lib"  # the private folder of the install recipe (README, notebooks/build.py)


def hips_files(package_dir: str) -> list[str]:
    """The HIPS autograd files present in `package_dir` (chainrule's autograd folder)."""
    return [name for name in HIPS_FILES if os.path.exists(os.path.join(package_dir, *name.split("/")))]


def hips_metadata(site_dir: str) -> str | None:
    """The name of HIPS autograd's installed metadata folder in `site_dir` (autograd-1.9.1.dist-info), or None."""
    try:
        with os.scandir(site_dir) as entries:
            for entry in entries:
                if entry.name[:9].lower() == "autograd-" and _HIPS_METADATA.match(entry.name):
                    return entry.name
    except OSError:
        return None
    return None


def check(package_dir: str) -> None:
    """Raise ImportError if HIPS autograd was installed into chainrule's `package_dir` (or beside it)."""
    package_dir = os.path.abspath(package_dir)
    files = hips_files(package_dir)
    metadata = hips_metadata(os.path.dirname(package_dir))
    if files or metadata:
        raise ImportError(message(package_dir, files, metadata))


def message(package_dir: str, files: list[str], metadata: str | None) -> str:
    """What happened and the commands that repair it, for this Python."""
    match = _HIPS_METADATA.match(metadata) if metadata else None
    hips = f"autograd=={match['version']}" if match else "autograd"
    shown = [name.removesuffix("/__init__.py") + "/" if name.endswith("/__init__.py") else name for name in files]
    found = ", ".join(shown) if shown else f"its metadata {metadata} is beside it"
    pip = f"{sys.executable} -m pip"
    return (
        f"chainrule's `autograd` shares its folder with HIPS autograd ({hips!r}, the unrelated PyPI package that "
        f"Colab preinstalls): {package_dir} holds HIPS's {found} beside chainrule's files, because pip installed "
        "both there, one over the other, so neither works.\n"
        f"Repair HIPS autograd:  {pip} uninstall -y chainrule && {pip} install --force-reinstall --no-deps {hips}\n"
        "Then install chainrule into a folder of its own, first on sys.path (the first cell of every chainrule "
        "notebook does this; README: 'Colab, and next to HIPS autograd'):\n"
        f"  {pip} install --target {TARGET} '{_source()}'\n"
        f"  import os, sys; sys.path.insert(0, os.path.expanduser({TARGET!r}))"
    )


def _source() -> str:
    """What to pip install: the repository named in chainrule's installed metadata (pyproject's [project.urls])."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        for entry in metadata("chainrule").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "source" and url.strip():
                return f"chainrule @ git+{url.strip()}"
    except (ImportError, PackageNotFoundError):
        pass
    return f"chainrule @ git+{SOURCE}"


check(os.path.dirname(os.path.abspath(__file__)))  # on `import autograd`: its first import is this module
