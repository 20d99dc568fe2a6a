"""autograd/files.py: every save is atomic; read-only, missing or failing folders give one clear error."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

import nn
from autograd import Value, save_graph, stepper_html
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
