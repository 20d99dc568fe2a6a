"""`chainrule demo`, run for real once (as `python -m autograd demo --out DIR`) in a temporary folder:
the textbook numbers in the terminal, and every file it lists checked for what it claims to be."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nn
from autograd import backward_steps
from autograd.cli import build_parser, main
from autograd.cli import demo as cli_demo
from autograd.cli.words import WORDS
from autograd.examples import textbook_network

ROOT = Path(__file__).resolve().parents[1]
NAMES = [
    "textbook_graph.svg",
    "textbook_graph.png",
    "textbook_backward.html",
    "moons_loss_curve.png",
    "moons_decision_boundary.png",
    "moons_model.json",
]


def chainrule(*args, cwd, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m autograd args...` in a fresh interpreter, with this checkout first on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "autograd", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One real run of the demo: (completed process, output folder)."""
    where = tmp_path_factory.mktemp("demo")
    return chainrule("demo", "--out", where / "out", cwd=where), where / "out"


def listed(stdout: str) -> list[Path]:
    """The paths the demo printed under 'Files written', in order."""
    block = stdout.split("Files written", 1)[1].split("\n\n", 1)[0]
    return [Path(line.strip().rsplit("  (", 1)[0].strip()) for line in block.splitlines()[1:]]


def test_demo_succeeds_quietly(demo):
    result, _ = demo
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "error" not in result.stderr


def test_demo_walks_the_textbook_network_forward_and_backward(demo):
    out = demo[0].stdout
    assert "z_h1 = w1·x1 + w2·x2 + b_h1 = 0.1 · 2 + 0.4 · 3 + 0.1 = 1.5" in out  # as the chapter writes it
    assert "h1 = relu(z_h1) = relu(1.5) = 1.5" in out
    assert "ŷ = w5·h1 + w6·h2 + b_o = 0.6 · 1.5 + 0.3 · 2.1 + 0.3 = 1.83" in out
    assert "L = (ŷ - y)² = (1.83 - 2.5)² = 0.4489" in out
    anchors = {"ŷ": -1.34, "w5": -2.01, "w6": -2.814, "b_o": -1.34, "w1": -1.608, "w2": -2.412,
               "w3": -0.804, "w4": -1.206, "b_h1": -0.804, "b_h2": -0.402}  # fmt: skip
    for name, grad in anchors.items():
        assert f"∂L/∂{name} = {grad:g}" in out
    assert out.count("by the chain rule") == len(backward_steps(textbook_network()[0]))
    # the textbook's three-factor chain, neuron by neuron
    assert "∂L/∂w1 = ∂L/∂h1 · ∂h1/∂z_h1 · ∂z_h1/∂w1 = (-0.804) · 1 · 2 = -1.608" in out
    assert "Backward starts at L with ∂L/∂L = 1" in out and "y = 2.5 is a constant" in out


def test_demo_trains_moons_to_a_high_accuracy(demo):
    out = demo[0].stdout
    assert "Training MLP(2, [16, 16, 1]) on 100 moons points: hinge loss, Adam (lr 0.02)" in out
    accuracy = float(re.search(r"after 20 epochs: loss [\d.e-]+, accuracy ([\d.]+)%", out).group(1))
    assert accuracy >= 95


def test_demo_lists_every_file_it_wrote_and_nothing_else(demo):
    result, folder = demo
    files = listed(result.stdout)
    assert [path.name for path in files] == NAMES
    assert all(path.is_absolute() and path.parent == folder.resolve() for path in files)
    assert sorted(files) == sorted(p.resolve() for p in folder.iterdir())  # no stray temporary files
    assert f"open {folder.resolve() / 'textbook_backward.html'} in a browser" in result.stdout


def test_each_file_is_what_the_demo_says(demo):
    files = {path.name: path for path in listed(demo[0].stdout)}
    for name in NAMES:
        if name.endswith(".png"):
            assert files[name].read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), name
    svg = files["textbook_graph.svg"].read_text(encoding="utf-8")
    assert "<svg" in svg and "y_hat" in svg and "0.4489" in svg
    page = files["textbook_backward.html"].read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="chainrule-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["steps"]) == len(backward_steps(textbook_network()[0]))
    assert data["steps"][0]["formula"] == "∂L/∂n1 = ∂L/∂L · ∂(n1²)/∂n1 = 1 · (-1.34) = -1.34 (final: its only path)"
    png = files["textbook_graph.png"].read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width / height < 2.2  # folded in two rows for a slide, not the 4:1 strip
    model = nn.load(files["moons_model.json"])
    X, y = nn.data.make_moons(100, noise=0.1, seed=0)
    assert model.nouts == [16, 16, 1] and nn.accuracy(model, X, y) >= 0.95


def test_demo_writes_to_chainrule_demo_by_default():
    assert build_parser().parse_args(["demo"]).out == "chainrule-demo"


def test_demo_in_chinese(capsys, tmp_path):
    assert main(["demo", "--lang", "zh", "--epochs", "1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for words in ["chainrule 演示", "前向传播", "的反向传播：逐条边展开", "由链式法则", "训练 1 轮之后", "写入的文件"]:
        assert words in out
    assert 'lang="zh-CN"' in (tmp_path / "textbook_backward.html").read_text(encoding="utf-8")
    assert "Backward" not in out


def _no_graphviz(monkeypatch):
    import autograd.render.backends as render_io

    monkeypatch.setattr(render_io, "dot_program", lambda: None)
    monkeypatch.setattr(render_io, "system_dot", lambda: None)


def test_demo_skips_the_pictures_with_a_note_when_graphviz_is_missing(capsys, tmp_path, monkeypatch):
    _no_graphviz(monkeypatch)
    loss, _ = cli_demo.textbook_network()
    assert cli_demo.pictures(loss, tmp_path, WORDS["en"], "en") == []
    _, err = capsys.readouterr()
    assert err.startswith("chainrule: note: skipping the graph pictures") and len(err.splitlines()) == 1
