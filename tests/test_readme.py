"""The README's Python examples run as written, so a newcomer's first copy-paste works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_examples_run(tmp_path):
    pytest.importorskip("matplotlib")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if not b.startswith(">>>")]
    assert len(blocks) >= 3
    script = tmp_path / "readme_examples.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "graph.png").read_bytes()[:4] == b"\x89PNG"
    assert "backward" in (tmp_path / "backward.html").read_text(encoding="utf-8").lower()


def test_readme_doctest_lines_hold():
    import autograd

    assert autograd.OPS["tanh"].rule == "d/dx tanh(x) = 1 - tanh(x)^2"
    assert "'d/dx tanh(x) = 1 - tanh(x)^2'" in (ROOT / "README.md").read_text(encoding="utf-8")
