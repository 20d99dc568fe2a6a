"""What the `chainrule` commands share: the two kinds of error (exit 2 and exit 1), checked output
paths, headings for the terminal, the list of files written, and matplotlib without a window."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from ..files import kind, write_atomic
from ..messages import text

PLOT_HINT = "pip install 'chainrule[plot]'"


class UsageError(Exception):
    """Bad input from the command line: a one-line message and exit code 2."""


class RunError(Exception):
    """The input was fine but the work failed (no Graphviz, training diverged): exit code 1."""


@contextlib.contextmanager
def drawing():
    """Around Graphviz work: no `dot` program (or a crash of it) is a RunError, a graph too big a UsageError."""
    try:
        yield
    except (RuntimeError, subprocess.CalledProcessError) as error:  # GraphvizNotFoundError is a RuntimeError
        raise RunError(str(error)) from None
    except ValueError as error:
        raise UsageError(str(error)) from None


def positive_int(text: str) -> int:
    """argparse type: an int >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite float > 0 (learning rates)."""
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def finite_float(text: str) -> float:
    """argparse type: a finite float."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value - value != 0.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def output_folder(path: str, option: str = "--out") -> Path:
    """Create the folder `path` if needed and check that files can be written in it."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {path!r} exists and is not a folder; give a folder name")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{option}: cannot create the folder {path!r}: {error.strerror or error}") from None
    _check_writable(folder, option)
    return folder


def output_file(path: str, option: str, suffixes: tuple[str, ...]) -> Path:
    """Check, before any work is done, that `path` has one of `suffixes` and can be written."""
    file = Path(path)
    if file.is_dir():
        raise UsageError(f"{option} {path!r} is a folder; give a file name ending in {_either(suffixes)}")
    replaceable(file, option)
    if file.suffix.lower() not in suffixes:
        raise UsageError(f"{option} {path!r}: the file name must end in {_either(suffixes)}")
    folder = file.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {path!r}: the folder {str(folder)!r} does not exist; create it first")
    _check_writable(folder, option)
    return file


def replaceable(path: Path, option: str) -> None:
    """A UsageError if something other than a regular file is at `path` (a device, a pipe, a socket):
    chainrule writes only regular files, and says so before the work, not after it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (it will be created), or unreachable: writing it reports that
    if not stat.S_ISREG(mode):
        raise UsageError(text("not_regular_cli", who=option, path=str(path), kind=kind(mode)))


def memory_bytes() -> int:
    """The memory this machine (or its container's limit, if lower) has, in bytes; 64 GiB if it cannot tell."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # Windows has no sysconf
        total = 64 * 2**30
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError):
            total = min(total, int(Path(limit).read_text().strip()))  # "max" (no limit) is a ValueError
    return total


def _check_writable(folder: Path, option: str) -> None:
    # Trying is the only honest test: permissions, read-only mounts and quotas all show up here.
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UsageError(f"{option}: cannot write in {str(folder)!r}: {error.strerror or error}") from None


def _either(suffixes: tuple[str, ...]) -> str:
    return ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]


def colour_wanted(stream=None) -> bool:
    """Colours only on a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb."""
    stream = sys.stdout if stream is None else stream
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def heading(text: str) -> str:
    """A section heading: bold on a colour terminal, plain text otherwise."""
    return f"\033[1m{text}\033[0m" if colour_wanted() else text


def note(text: str) -> None:
    """A one-line note on stderr, for things skipped rather than failed."""
    print(f"chainrule: note: {text}", file=sys.stderr)


def print_files(title: str, files: list[tuple[Path, str]]) -> None:
    """The files written, one a line: the path first (to copy), then what it is."""
    print()
    print(heading(title))
    longest = max((len(str(path)) for path, _ in files), default=0)
    for path, what in files:
        print(f"  {str(path):<{longest}}  ({what})")


def pyplot():
    """matplotlib.pyplot on the Agg backend (files only, never a window), or None if not installed."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(figure, path: Path) -> Path:
    """Write a matplotlib figure as PNG, atomically, and free it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return write_atomic(path, buffer.getvalue(), "chainrule")
