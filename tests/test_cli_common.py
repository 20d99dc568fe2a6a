"""autograd/cli/common.py: output paths are checked before the work (a device, a pipe or a socket is
refused), and a full disk under any command is one line naming the file."""

from __future__ import annotations

import pytest

from autograd.cli import main
from autograd.cli.common import UsageError, replaceable
from tests.filesystem import LINKED, SPECIAL, fingerprint, make_special, tiny_disk, within


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainrule: error: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", [k for k in (*SPECIAL, *LINKED) if k not in ("folder", "link loop")])
def test_an_output_that_is_not_a_regular_file_is_refused_before_the_work(capsys, tmp_path, kind):
    path = make_special(kind, tmp_path / "graph.svg")
    before = fingerprint(tmp_path)
    with within(20):
        code, out, err = run(capsys, "trace", "x * y", "--at", "x=2", "y=3", "--render", path)
    line = one_error_line(err)
    assert code == 2 and out == "" and f"--render: {str(path)!r} is a " in line and "not a regular file" in line
    assert fingerprint(tmp_path) == before
    with pytest.raises(UsageError, match="--html: .* is a .*, not a regular file"):
        replaceable(path, "--html")


@pytest.mark.parametrize("kind", ["named pipe (FIFO)", "character device", "link to a character device"])
def test_train_refuses_an_output_that_is_not_a_file_before_training(capsys, tmp_path, kind):
    path = make_special(kind, tmp_path / "moons_model.json")
    before = fingerprint(tmp_path)
    with within(20):
        code, out, err = run(capsys, "train", "--epochs", "1", "--out", tmp_path)
    assert code == 2 and out == "" and f"--out: {str(path)!r} is a " in one_error_line(err)
    assert fingerprint(tmp_path) == before


def test_a_full_disk_under_the_command_line_is_one_line_naming_the_file(capsys, tmp_path):
    with tiny_disk(tmp_path / "disk", "64k") as disk:
        (disk / "filler").write_bytes(b"x" * (60 * 1024))
        code, out, err = run(capsys, "trace", "tanh(x * y + 1)", "--at", "x=2", "y=3", "--render", disk / "g.svg")
        line = one_error_line(err)
        assert code == 1 and "no space left on the device to write" in line and str(disk / "g.svg") in line
        assert "Errno" not in line and sorted(p.name for p in disk.iterdir()) == ["filler"]
        code, out, err = run(capsys, "train", "--epochs", "1", "--samples", "20", "--out", disk / "train")
        line = one_error_line(err)
        assert code == 1 and "no space left on the device to write" in line and str(disk / "train") in line
