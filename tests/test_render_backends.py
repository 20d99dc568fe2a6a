"""autograd/render/backends.py: finding a `dot` program, graphviz-pure, and the PDF route; clear errors without them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import autograd
from autograd import Value, draw, save_graph, stepper_html


@pytest.mark.parametrize("render", ["pipe", "save_graph", "render", "stepper_html"])
def test_rendering_without_any_dot_program_says_how_to_get_one(tmp_path, monkeypatch, render):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))  # no graphviz-pure beside it either
    y = Value(2.0, "x") * 3.0
    with pytest.raises(autograd.GraphvizNotFoundError) as info:
        if render == "pipe":
            autograd.draw(y).pipe(format="svg")
        elif render == "save_graph":
            save_graph(y, tmp_path / "g.png")
        elif render == "render":
            autograd.draw(y).render(tmp_path / "g", format="png")
        else:
            stepper_html(y)
    message = str(info.value)
    assert "pip install graphviz-pure" in message and "apt install graphviz" in message and "brew" in message
    assert [p.suffix for p in tmp_path.iterdir()] in ([], [""])  # no picture; render may leave its DOT source


def test_missing_dot_says_how_to_install(monkeypatch, tmp_path):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(autograd.GraphvizNotFoundError, match="pip install graphviz-pure"):
        draw(Value(1.0)).pipe(format="svg")


def test_graphviz_pure_is_used_when_there_is_no_system_dot(monkeypatch):
    import shutil

    import graphviz.backend.dot_command as dot_command

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "dot" else real(name))
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    if real("graphviz-pure") is None and not (Path(sys.executable).parent / "graphviz-pure").is_file():
        pytest.skip("graphviz-pure is not installed")
    assert draw(Value(1.0)).pipe(format="svg").startswith(b"<?xml")
    assert Path(dot_command.DOT_BINARY).name == "graphviz-pure"


def test_pdf_without_any_route_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setattr(autograd.render.backends, "system_dot", lambda: None)
    monkeypatch.setitem(sys.modules, "svglib", None)
    monkeypatch.setitem(sys.modules, "svglib.svglib", None)
    with pytest.raises(RuntimeError, match=r"apt install graphviz.*chainrule\[pdf\]"):
        save_graph(Value(1.0), tmp_path / "g.pdf")
    assert not (tmp_path / "g.pdf").exists()
