"""Build the teaching notebooks from their readable sources in notebooks/src/, and run them fresh.

A source is a plain-text "percent" script: `# %% [markdown]` starts a Markdown cell (its lines
begin with `# `), `# %%` starts a code cell, and `# %% tags=["picture"]` a code cell that must
show a picture (tests/test_notebooks.py checks it). Edit the source, then rebuild:

    python notebooks/build.py              # every notebook: build, execute in a temp dir, write .ipynb
    python notebooks/build.py 01 04        # only these
    python notebooks/build.py --check      # the .ipynb cells match their sources (no kernel needed)

Every notebook starts with two cells made here, not in its source: an "Open in Colab" badge and
the install cell (INSTALL), which puts chainrule into a folder of its own, first on sys.path, so
an environment's own `autograd` (Colab preinstalls HIPS autograd) stays untouched; where
chainrule is already importable it does nothing. The README gives the same cell.

The kernel is this Python (sys.executable), with the repository first on PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = HERE / "src"
HEADER = re.compile(r"^# %%(?P<markdown> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANG_LINE = re.compile(r'^LANG = "en"', re.M)

REPOSITORY = "chainrule/chainrule"  # owner/name on GitHub: the Colab badges, the install cell, the README
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
PREAMBLE = ("colab", "install")  # the ids (after "NN-") of the cells every notebook starts with
INSTALL = f"""\
# Run this cell first. On Colab (or any Jupyter without chainrule) it installs chainrule into a
# folder of its own and puts that folder first on sys.path, so the environment's own `autograd`
# (Colab preinstalls the unrelated HIPS autograd) stays untouched. Where chainrule is already
# installed (a local venv, `make notebook`), it does nothing.
import importlib.util
import os
import subprocess
import sys

SOURCE = "chainrule @ git+https://github.com/{REPOSITORY}"
CHAINRULE = os.environ.get("CHAINRULE_SOURCE", SOURCE)  # or a wheel, a checkout
TARGET = os.path.expanduser("~/.chainrule-lib")
if importlib.util.find_spec("chainrule") is None:
    if not os.path.isdir(os.path.join(TARGET, "chainrule")):
        pip = [sys.executable, "-m", "pip", "install", "-q", "--target", TARGET, CHAINRULE]
        subprocess.run(pip, check=True)
    sys.path.insert(0, TARGET)
    os.environ["PATH"] = os.path.join(TARGET, "bin") + os.pathsep + os.environ["PATH"]  # for `dot`"""


def parse(text: str, prefix: str) -> list:
    """The cells of a percent script, with stable ids `prefix-NN` (so rebuilding gives small diffs)."""
    chunks = []
    for line in text.splitlines():
        match = HEADER.match(line)
        if match:
            tags = json.loads(match["tags"]) if match["tags"] else []
            chunks.append(("markdown" if match["markdown"] else "code", tags, []))
        elif chunks:
            chunks[-1][2].append(line)
        elif line.strip():
            raise ValueError(f"{prefix}: text before the first '# %%' cell header: {line!r}")
    return [_cell(kind, tags, lines, f"{prefix}-{i:02d}") for i, (kind, tags, lines) in enumerate(chunks)]


def _cell(kind: str, tags: list, lines: list, cell_id: str):
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if kind == "markdown":
        if any(line and not line.startswith("#") for line in lines):
            raise ValueError(f"{cell_id}: a Markdown line must start with '# '")
        cell = nbformat.v4.new_markdown_cell("\n".join(line[2:] for line in lines))
    else:
        cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.id = cell_id
    if tags:
        cell.metadata["tags"] = tags
    return cell


def colab_url(path: str) -> str:
    """The address that opens notebooks/<path> of the repository's main branch in Colab."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/notebooks/{path}"


def preamble(path: str, prefix: str) -> list:
    """The badge cell and the install cell that start the notebook notebooks/<path>."""
    badge = nbformat.v4.new_markdown_cell(f"[![Open In Colab]({COLAB_BADGE})]({colab_url(path)})")
    install = nbformat.v4.new_code_cell(INSTALL)
    for cell, name in zip((badge, install), PREAMBLE):
        cell.id = f"{prefix}-{name}"
    return [badge, install]


def lesson(nb) -> list:
    """The notebook's cells after the preamble: those written in its source."""
    ids = [cell.get("id", "") for cell in nb.cells[: len(PREAMBLE)]]
    made_here = len(ids) == len(PREAMBLE) and all(i.endswith(f"-{name}") for i, name in zip(ids, PREAMBLE))
    return nb.cells[len(PREAMBLE) :] if made_here else list(nb.cells)


def build(source: Path):
    """The notebook of one source file, without outputs: the preamble, then the source's cells."""
    nb = nbformat.v4.new_notebook()
    prefix = source.stem[:2]
    nb.cells = preamble(f"{source.stem}.ipynb", prefix) + parse(source.read_text(encoding="utf-8"), prefix)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def set_lang(nb, lang: str):
    """The notebook with `LANG = "en"` in its first code cell (after the preamble) replaced by `LANG = "<lang>"`."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    first = next(cell for cell in lesson(nb) if cell.cell_type == "code")
    if not LANG_LINE.search(first.source):
        raise ValueError('the first code cell has no line starting with LANG = "en"')
    first.source = LANG_LINE.sub(f'LANG = "{lang}"', first.source, count=1)
    return nb


def execute(nb, cwd, timeout: int = 120, python: str | None = None, env: dict | None = None) -> float:
    """Run every cell in a fresh kernel working in `cwd`; returns the seconds it took.

    The kernel is `python` (default: this Python, with the repository first on PYTHONPATH) in the
    environment `env` (default: this process's). Raises nbclient's CellExecutionError (with the
    traceback) if a cell fails.
    """
    from nbclient import NotebookClient

    if env is None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory(prefix="chainrule-kernel-") as specs:
        resources = {"metadata": {"path": str(cwd)}}
        km = _kernel(specs, python or sys.executable)
        client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False, resources=resources)
        start = time.perf_counter()
        client.execute(cleanup_kc=True, env=env)
        return time.perf_counter() - start


def _kernel(specs: str, python: str):
    """A kernel manager for `python`: a private kernelspec, whatever "python3" means elsewhere."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    spec = Path(specs, "chainrule")
    spec.mkdir()
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "chainrule", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return AsyncKernelManager(kernel_name="chainrule", kernel_spec_manager=KernelSpecManager(kernel_dirs=[specs]))


def finish_progress_bars(nb) -> int:
    """Give each progress-bar widget output the text of its finished bar ("fit: 100%|##########| 100/100 ...")
    as its text/plain: a viewer without the widget (GitHub, nbviewer, the docs) shows that text, which tqdm
    wrote when the bar was still at 0/100. Returns how many were finished."""
    from html import unescape

    states = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    finished = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            box = states.get(view["model_id"], {}).get("state", {}) if view else {}
            parts = [
                states.get(child.removeprefix("IPY_MODEL_"), {}).get("state", {}) for child in box.get("children", [])
            ]
            if len(parts) != 3 or "max" not in parts[1]:
                continue
            left, bar, right = parts
            share = bar.get("value", 0) / bar["max"] if bar["max"] else 1.0
            filled = round(10 * min(max(share, 0.0), 1.0))
            text = f"{unescape(left.get('value', ''))}|{'█' * filled}{' ' * (10 - filled)}|{unescape(right.get('value', ''))}"
            output["data"]["text/plain"] = text
            finished += 1
    return finished


def sources(selected: list) -> list:
    found = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    chosen = [s for s in found if not selected or any(s.name.startswith(key) for key in selected)]
    if selected and not chosen:
        raise SystemExit(f"no source in {SOURCES} starts with {selected}")
    return chosen


def check(paths: list) -> list:
    """Names of notebooks whose cells (kind, source, tags) differ from their sources."""
    stale = []
    for source in paths:
        target = HERE / f"{source.stem}.ipynb"
        if not target.exists() or _shape(build(source)) != _shape(nbformat.read(target, as_version=4)):
            stale.append(target.name)
    return stale


def _shape(nb) -> list:
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def main(argv: list) -> int:
    if "--check" in argv:
        stale = check(sources([a for a in argv if a != "--check"]))
        for name in stale:
            print(f"{name} does not match its source; run: python notebooks/build.py {name[:2]}")
        return 1 if stale else 0
    for source in sources(argv):
        nb = build(source)
        with tempfile.TemporaryDirectory(prefix="chainrule-nb-") as cwd:
            seconds = execute(nb, cwd)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)  # the kernel that readers have, not our private one
        finish_progress_bars(nb)
        target = HERE / f"{source.stem}.ipynb"
        nbformat.write(nb, target)
        print(f"{target.name}: {seconds:.1f} s, {target.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
