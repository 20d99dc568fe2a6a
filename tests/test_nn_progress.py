"""nn.progress: tqdm's widget bar in a notebook that has ipywidgets, its text bar (and no "IProgress not
found" warning) in a notebook without them, as a real kernel shows."""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import warnings
from pathlib import Path

import pytest

from nn import progress

tqdm = pytest.importorskip("tqdm")
ROOT = Path(__file__).resolve().parent.parent


def in_a_notebook(monkeypatch) -> io.StringIO:
    """A Jupyter kernel as nn.progress sees it, CI unset; returns the captured stderr."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "in_notebook", lambda: True)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    return stderr


def without_ipywidgets(monkeypatch):
    """As if ipywidgets were not installed: tqdm.notebook is imported afresh and finds no IProgress
    (the module as it was comes back after the test)."""
    import tqdm.notebook  # noqa: F401  (so that monkeypatch restores it afterwards)

    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    monkeypatch.delitem(sys.modules, "tqdm.notebook", raising=False)
    monkeypatch.delattr(tqdm, "notebook", raising=False)


def test_a_notebook_without_ipywidgets_gets_the_text_bar_and_no_warning(monkeypatch):
    stderr = in_a_notebook(monkeypatch)
    without_ipywidgets(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tqdm.auto would warn "IProgress not found" here
        bar = progress.bar(3, True)
        bar.update(3)
        bar.close()
    assert type(bar) is tqdm.std.tqdm
    assert "fit: 100%" in stderr.getvalue() and "3/3" in stderr.getvalue()


def test_a_notebook_with_ipywidgets_gets_the_widget_bar(monkeypatch, capsys):
    pytest.importorskip("ipywidgets")
    in_a_notebook(monkeypatch)
    from tqdm import notebook as tqdm_notebook

    bar = progress.bar(2, True)
    bar.close()
    assert isinstance(bar, tqdm_notebook.tqdm)


def test_a_terminal_gets_the_text_bar_and_progress_false_none(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "in_notebook", lambda: False)
    monkeypatch.setattr(progress, "wanted", lambda asked: asked)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    bar = progress.bar(2, True)
    bar.close()
    assert type(bar) is tqdm.std.tqdm and progress.bar(2, False) is None


@pytest.mark.slow
def test_a_real_kernel_without_ipywidgets_trains_with_a_text_bar(tmp_path):
    pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    spec = importlib.util.spec_from_file_location("chainrule_notebook_build", ROOT / "notebooks" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "ipywidgets.py").write_text('raise ImportError("ipywidgets is not installed (blocked by the test)")\n')
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI would turn the bar off
    env["PYTHONPATH"] = os.pathsep.join([str(blocker), str(ROOT)])
    code = """\
import warnings
warnings.simplefilter("always")
import nn
X, y = nn.data.make_moons(n_samples=20, noise=0.1, random_state=0)
history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss="hinge", epochs=5, progress=True)
print("epochs", history.epochs)"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    build.execute(nb, tmp_path, timeout=120, env=env)
    outputs = nb.cells[0].outputs
    text = "".join(o.get("text", "") for o in outputs)
    assert "epochs 5" in text and "fit: 100%" in text and "5/5" in text
    assert "IProgress" not in text and not [o for o in outputs if o.output_type == "error"]
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
