"""autograd/files.py: every save is atomic, replaces only a regular file, and read-only, missing, full or failing
folders give one clear error naming the operation and the path."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

import pytest

import nn
from autograd import Value, draw, save_graph, stepper_html
from autograd.cli.common import pyplot, replaceable, save_figure
from autograd.files import explained, not_writable, read_file, write_atomic
from autograd.language import using
from tests.filesystem import LINKED, SPECIAL, fingerprint, make_special, refuse_new_files_in, tiny_disk, within


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
    with pytest.raises(OSError, match="save: no space left on the device to write"):
        nn.save(nn.MLP(2, [3, 1], seed=1), path)
    only_the_old_file(tmp_path, "model.json", before)


# Replacing what is not ours: every writer refuses an existing path that is not a regular file, at
# once and in one line, and leaves it exactly as it was; a link is written through, to its file.


def _figure(big: bool = False):
    plt = pyplot()
    if plt is None:
        pytest.skip("matplotlib is not installed")
    figure = plt.figure(figsize=(6, 6) if big else (1, 1))
    figure.gca().plot(range(100), [i * i % 17 for i in range(100)])
    return figure


WRITERS = {  # name -> (who the errors name, write(path, big)); `big` asks for more bytes than a tiny disk holds
    "nn.save": ("save", lambda path, big: nn.save(nn.MLP(4, [64, 64, 1] if big else [1], seed=0), path)),
    "save_graph": ("save_graph", lambda path, big: save_graph(_chain(400 if big else 2), path)),
    "Stepper.save": ("Stepper.save", lambda path, big: stepper_html(_chain(30 if big else 2)).save(path)),
    "chainrule figure": ("chainrule", lambda path, big: save_figure(_figure(big), path)),
    "Graph.save": ("save", lambda path, big: _saved(draw(_chain(400 if big else 2)), path)),
}


def _saved(graph, path) -> None:
    graph.save(path)  # the DOT source, as graphviz's Graph.save writes it (returns the name as a str)


def _chain(n: int) -> Value:
    x = Value(0.5, "x")
    for i in range(n):
        x = (x * 1.01 + i).tanh()
    return x


@pytest.mark.parametrize("kind", [*SPECIAL, *LINKED])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_writer_replaces_what_is_not_a_regular_file(tmp_path, writer, kind):
    who, write = WRITERS[writer]
    path = make_special(kind, tmp_path / "target.gv")  # .gv: save_graph writes the DOT source, no Graphviz run
    before = fingerprint(tmp_path)
    error = (OSError, ValueError) if kind in ("folder", "link loop") else FileExistsError
    with within(20), pytest.raises(error) as info:
        write(path, False)
    message = str(info.value)
    assert message.startswith(f"{who}: ") and str(path) in message and "\n" not in message, message
    if kind not in ("link loop",):
        assert kind.split("link to a ")[-1] in message, message
    assert "Errno" not in message
    assert fingerprint(tmp_path) == before  # the same nodes, devices and links, and no temporary file


@pytest.mark.parametrize("kind", SPECIAL)
def test_graph_render_never_writes_over_what_is_not_a_regular_file(tmp_path, kind):
    """Graph.render writes two files, the source and the picture: it refuses before writing either."""
    picture = make_special(kind, tmp_path / "target.svg")
    before = fingerprint(tmp_path)
    error = ValueError if kind == "folder" else FileExistsError
    with within(20), pytest.raises(error, match=rf"^render: '{re.escape(str(picture))}' is a"):
        draw(_chain(2)).render(outfile=picture)
    assert fingerprint(tmp_path) == before  # no source written beside it, no temporary file
    source = make_special(kind, tmp_path / "source.gv")
    with within(20), pytest.raises(error, match=rf"^save: '{re.escape(str(source))}' is a"):
        draw(_chain(2)).render(filename=source, format="svg")  # the DOT source onto it
    assert not (tmp_path / "source.gv.svg").exists()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_link_is_written_through_to_its_file(tmp_path, writer):
    who, write = WRITERS[writer]
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "target.gv"
    target.write_bytes(b"old")
    os.symlink(target, tmp_path / "link.gv")
    os.symlink("link.gv", tmp_path / "link2.gv")  # a chain of two links
    assert write(tmp_path / "link2.gv", False) in (None, tmp_path / "link2.gv")  # the name the user gave
    assert (tmp_path / "link2.gv").is_symlink() and (tmp_path / "link.gv").is_symlink()
    assert target.read_bytes() not in (b"old", b"") and os.listdir(tmp_path / "real") == ["target.gv"]
    os.symlink("real/new.gv", tmp_path / "dangling.gv")  # a link to a file not yet made: the file is made
    write(tmp_path / "dangling.gv", False)
    assert (tmp_path / "dangling.gv").is_symlink() and (tmp_path / "real" / "new.gv").stat().st_size > 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_something_put_at_the_path_during_the_write_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    real_fsync = os.fsync

    def meanwhile(fd):  # another program makes a pipe there while chainrule writes its temporary file
        real_fsync(fd)
        if not path.exists():
            os.mkfifo(path)

    monkeypatch.setattr(os, "fsync", meanwhile)
    with pytest.raises(FileExistsError, match="is a named pipe"):
        nn.save(nn.MLP(2, [1], seed=0), path)
    assert stat.S_ISFIFO(os.lstat(path).st_mode) and os.listdir(tmp_path) == ["model.json"]


# A full disk: the operation and the path, never a bare "[Errno 28] No space left on device". Once on a
# real tmpfs of 64 KiB that fills up (as root), and at each system call, simulated, everywhere.


def _full(tmp_path, writer, code=errno.ENOSPC, size=None):
    who, write = WRITERS[writer]
    old = tmp_path / "target.gv"
    old.write_bytes(b"saved before")
    with pytest.raises(OSError) as info:
        write(old, True)
    message = str(info.value)
    assert info.value.errno == code, info.value
    assert message.startswith(f"{who}: no space left on the device to write {str(old)!r}"), message
    assert "Errno" not in message and "\n" not in message and "free some space" in message
    if size is not None:
        assert f"({size:,} bytes)" in message
    only_the_old_file(tmp_path, "target.gv", b"saved before")


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_real_full_disk_names_the_operation_and_the_path(tmp_path, writer):
    with tiny_disk(tmp_path / "disk", "64k") as disk:
        space = os.statvfs(disk)
        (disk / "filler").write_bytes(b"x" * (space.f_bavail * space.f_frsize - 8192))  # 8 KiB stay free
        (disk / "work").mkdir()
        _full(disk / "work", writer)  # every `big` write is larger than what is left


def _at(point: str, code: int, monkeypatch, folder: Path):
    """Make the system call `point` of a save fail with `code`, as a full disk makes it fail."""

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if point == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])
                fail()

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    elif point == "open":
        real_open = os.open

        def open_(path, flags, *args, **kwargs):  # no inode left for the temporary file
            if flags & os.O_CREAT and Path(os.fspath(path)).parent.resolve() == folder.resolve():
                fail()
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
    else:
        monkeypatch.setattr(os, point, fail)


@pytest.mark.parametrize("code", [errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)])
@pytest.mark.parametrize("point", ["open", "write", "fsync", "replace"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_at_any_step_names_the_operation_and_the_path(tmp_path, monkeypatch, writer, point, code):
    if writer == "chainrule figure":
        _figure()  # matplotlib loaded before the system calls fail
    _at(point, code, monkeypatch, tmp_path)
    _full(tmp_path, writer, code)


def test_other_write_failures_also_name_the_operation_and_the_path(tmp_path, monkeypatch):
    _at("fsync", errno.EIO, monkeypatch, tmp_path)
    with pytest.raises(OSError, match=r"^save: cannot write '.*m.json': Input/output error$") as info:
        nn.save(nn.MLP(2, [1], seed=0), tmp_path / "m.json")
    assert info.value.errno == errno.EIO and os.listdir(tmp_path) == []


def _file_errors(folder: Path) -> list:
    """(a call that fails, what the English says, what the Chinese says) for every error the file helpers write."""
    os.mkfifo(folder / "pipe")
    (folder / "big.json").write_text("x" * 100)
    full = OSError(errno.ENOSPC, "No space left on device")
    return [
        (lambda: read_file(folder, "load", "model file", 10), "is a folder, not a model file", "是文件夹"),
        (lambda: read_file(folder / "pipe", "load", "model file", 10), "only regular files are read", "只读取普通文件"),
        (lambda: read_file(folder / "big.json", "load", "model file", 10), "a larger max_bytes", "更大的 max_bytes"),
        (lambda: read_file(folder / "missing", "load", "model file", 10), "cannot read", "无法读取"),
        (lambda: write_atomic("/dev/null", b"x", "save", "model.json"), "is a character device", "是字符设备"),
        (lambda: write_atomic(folder, b"x", "save", "model.json"), "is a folder; give a file name", "是一个文件夹"),
        (lambda: write_atomic(folder / "no" / "m.json", b"x", "save"), "does not exist; create it first", "请先创建它"),
        (lambda: write_atomic(3, b"x", "save"), "path must be a str or Path", "path 必须是 str 或 Path"),
        (lambda: replaceable(Path("/dev/null"), "--out"), "so give another name", "请换一个名字"),
    ], [
        (lambda: explained(full, "save", folder / "m.json", 2048), "no space left on the device", "设备上没有空间"),
        (lambda: not_writable("save", folder), "read-only or no permission", "只读，或没有权限"),
    ]


def test_file_errors_are_said_in_the_default_language(tmp_path):
    raised, returned = _file_errors(tmp_path)
    for call, english, chinese in raised:
        with pytest.raises(Exception) as in_english:
            call()
        with using("zh"), pytest.raises(type(in_english.value)) as in_chinese:
            call()
        assert english in str(in_english.value), (english, str(in_english.value))
        assert chinese in str(in_chinese.value) and english not in str(in_chinese.value), str(in_chinese.value)
    for make, english, chinese in returned:
        assert english in str(make())
        with using("zh"):
            said = str(make())
        assert chinese in said and english not in said, said
    with using("zh"), pytest.raises(ValueError, match="不是模型文件"):
        nn.load(tmp_path)  # nn names what it reads in the same language
