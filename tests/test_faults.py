"""Faults a laptop meets: a folder that cannot be written, no Graphviz, Ctrl-C in the middle of a step.

Each ends in a clear error naming what to do, or (Ctrl-C) in the history so far and a model that
still works; a file saved before is never damaged. The tests run as root in CI, where permissions
do not stop writes, so a read-only folder is simulated (tests/filesystem.py): the call that creates
the temporary file fails with EROFS, exactly as it does on a read-only mount. One test uses a real unwritable folder
when the machine has one.
"""

from __future__ import annotations

import errno
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

import autograd
import nn
from autograd import Value, save_graph, stepper_html
from autograd.cli import main
from tests.filesystem import refuse_new_files_in


def only_the_old_file(folder: Path, name: str, before: bytes) -> None:
    assert [p.name for p in folder.iterdir()] == [name] and (folder / name).read_bytes() == before


@pytest.mark.parametrize("write", ["nn.save", "save_graph", "stepper_html", "Stepper.save"])
def test_a_read_only_folder_is_a_clear_error_and_the_old_file_stays(tmp_path, monkeypatch, write):
    target = tmp_path / ("model.json" if write == "nn.save" else "page.html" if "tepper" in write else "g.svg")
    target.write_bytes(b"saved before")
    x = Value(2.0, "x")
    page = stepper_html(x * x) if write == "Stepper.save" else None
    refuse_new_files_in(monkeypatch, tmp_path)
    who = {"nn.save": "save", "save_graph": "save_graph"}.get(write, "Stepper.save")
    with pytest.raises(PermissionError, match=f"^{who}: cannot write in .*read-only or no permission") as info:
        if write == "nn.save":
            nn.save(nn.MLP(2, [1], seed=0), target)
        elif write == "save_graph":
            save_graph(x * x, target)
        elif write == "stepper_html":
            stepper_html(x * x, path=target)
        else:
            page.save(target)
    assert str(tmp_path) in str(info.value) and "\n" not in str(info.value)
    only_the_old_file(tmp_path, target.name, b"saved before")


def test_a_really_unwritable_folder_when_the_machine_has_one(tmp_path):
    candidates = [tmp_path / "locked"] if os.geteuid() != 0 else [Path("/sys"), Path("/proc/sys")]
    for folder in candidates:
        if folder == tmp_path / "locked":
            folder.mkdir()
            folder.chmod(0o500)
        try:
            tempfile.TemporaryFile(dir=folder).close()
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                break
    else:
        pytest.skip("no folder here refuses new files to this user")
    for write in (lambda: nn.save(nn.MLP(1, [1], seed=0), folder / "m.json"),
                  lambda: save_graph(Value(1.0), folder / "g.dot")):  # fmt: skip
        with pytest.raises(PermissionError, match="cannot write in .*read-only or no permission"):
            write()


def test_saving_into_a_missing_folder_or_onto_a_folder(tmp_path):
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(FileNotFoundError, match=r"save: the folder .*missing' does not exist; create it first"):
        nn.save(model, tmp_path / "missing" / "m.json")
    with pytest.raises(ValueError, match="save: .* is a folder; give a file name such as model.json"):
        nn.save(model, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_disk_that_fails_mid_write_leaves_the_old_model(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    nn.save(nn.MLP(2, [3, 1], seed=0), path)
    before = path.read_bytes()

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        nn.save(nn.MLP(2, [3, 1], seed=1), path)
    only_the_old_file(tmp_path, "model.json", before)


# The command line: checked before any work (exit 2), or failing while writing (exit 1) ---------------


@pytest.mark.parametrize("argv", [
    ["html", "x*x", "--at", "x=3", "--out", "{dir}/page.html"],
    ["trace", "x*x", "--at", "x=3", "--render", "{dir}/g.svg"],
    ["train", "--epochs", "1", "--out", "{dir}"],
])  # fmt: skip
def test_the_cli_refuses_a_read_only_output_folder_before_working(capsys, tmp_path, monkeypatch, argv):
    refuse_new_files_in(monkeypatch, tmp_path)
    code = main([a.format(dir=tmp_path) for a in argv])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, err
    assert lines[0].startswith("chainrule: error: --") and f"cannot write in {str(tmp_path)!r}" in lines[0]
    assert "Read-only file system" in lines[0] and list(tmp_path.iterdir()) == []


def test_the_cli_says_so_when_the_folder_turns_read_only_mid_run(capsys, tmp_path, monkeypatch):
    # The check before the work passed; the folder refused the page only when it was written.
    refuse_new_files_in(monkeypatch, tmp_path, prefix=".page.html.")  # only the page's temporary file
    code = main(["html", "x*x", "--at", "x=3", "--out", str(tmp_path / "page.html")])
    err = capsys.readouterr().err
    assert code == 1 and err.strip().count("\n") == 0, err
    assert "chainrule: error: cannot write a file: Stepper.save: cannot write in" in err
    assert list(tmp_path.iterdir()) == []


# No Graphviz -------------------------------------------------------------------------------------------


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


# Ctrl-C in the middle of an optimizer step ----------------------------------------------------------


class InterruptedSGD(nn.SGD):
    """SGD whose third step is cut by Ctrl-C after updating only half of the parameters."""

    calls = 0

    def step(self) -> None:
        self.calls += 1
        if self.calls != 3:
            return super().step()
        half = self.params[: len(self.params) // 2]
        for p in half:
            p.data -= self.lr * p.grad
        raise KeyboardInterrupt


def test_ctrl_c_mid_step_returns_the_history_and_the_model_keeps_working_and_training():
    X, y = nn.data.make_moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [8, 1], seed=0)
    history = nn.fit(model, X, y, loss="hinge", optimizer=InterruptedSGD(model.parameters(), lr=0.1), epochs=10,
                     progress=False)  # fmt: skip
    assert history.interrupted and history.stop_reason == "interrupted" and history.epochs == 2
    assert len(history.loss) == len(history.accuracy) == 2
    assert all(math.isfinite(p.data) for p in model.parameters()) and type(model([0.1, 0.2])) is Value
    assert set(nn.predict(model, X)) <= {0, 1}
    more = nn.fit(model, X, y, loss="hinge", optimizer=nn.Adam(model.parameters(), lr=0.05), epochs=15,
                  progress=False)  # fmt: skip
    assert not more.interrupted and more.epochs == 15 and more.loss[-1] < more.loss[0]
    assert nn.accuracy(model, X, y) >= 0.8
    path_after = [p.data for p in model.parameters()]
    nn.save(model, Path(tempfile.mkdtemp()) / "m.json")  # and it saves
    assert [p.data for p in model.parameters()] == path_after
