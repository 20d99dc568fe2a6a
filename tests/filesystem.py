"""File-system faults and special files for the tests. The tests run as root in CI, where permissions do
not stop writes, so a folder that refuses files is simulated at the call that creates them (`os.open`);
root also lets them make real devices (mknod) and mount a tiny tmpfs that really fills up."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import stat
import subprocess
from pathlib import Path

import pytest


def refuse_new_files_in(monkeypatch, folder: Path, code: int = errno.EROFS, prefix: str = "") -> None:
    """Make creating a file in `folder` fail with `code`: EROFS as on a read-only mount, EACCES as in a
    folder without write permission. With `prefix`, only files whose names start with it are refused."""
    real_open = os.open
    folder = folder.resolve()
    tmpfile = getattr(os, "O_TMPFILE", 0)  # an unnamed file in a folder: what tempfile.TemporaryFile asks for

    def guarded_open(path, flags, *args, **kwargs):
        where = Path(os.fspath(path)).resolve()
        creates = flags & os.O_CREAT and where.parent == folder and where.name.startswith(prefix)
        unnamed = not prefix and tmpfile and flags & tmpfile == tmpfile and where == folder
        if creates or unnamed:
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)


# Paths that are not regular files, each made by `make_special(kind, path)`. The devices need root (mknod):
# the tests run as root in CI and here, and skip a kind this user cannot make.
DEVICES = {"character device": (stat.S_IFCHR, 1, 3), "block device": (stat.S_IFBLK, 7, 0)}  # /dev/null, loop0
SPECIAL = ("character device", "block device", "named pipe (FIFO)", "socket", "folder")
LINKED = ("link to a character device", "link to a named pipe (FIFO)", "link to a link to a socket", "link loop")


def make_special(kind: str, path: Path) -> Path:
    """Make a `kind` (one of SPECIAL or LINKED) at `path`, or skip the test if this user cannot."""
    if kind in DEVICES:
        mode, major, minor = DEVICES[kind]
        try:
            os.mknod(path, mode | 0o644, os.makedev(major, minor))
        except (OSError, AttributeError) as error:
            pytest.skip(f"cannot make a {kind} here ({error}); the tests make one as root")
    elif kind == "named pipe (FIFO)":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes on this system")
        os.mkfifo(path)
    elif kind == "socket":
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("no Unix sockets here")
        here = os.getcwd()
        os.chdir(path.parent)  # bound by its short name: a socket's path may hold only about 100 bytes
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(path.name)  # the socket file stays after the socket is closed
        finally:
            os.chdir(here)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link loop":
        os.symlink(path.name, path)
    else:  # "link to a <kind>", "link to a link to a <kind>"
        inner = kind.split("link to a ", 1)[1]
        target = make_special(inner, path.with_name(f"{path.name}.target"))
        os.symlink(target.name, path)
    return path


def fingerprint(folder: Path) -> dict:
    """Every entry of `folder` with what it is (mode, device numbers, inode, link target): what must not change."""
    found = {}
    for entry in sorted(folder.iterdir()):
        status = os.lstat(entry)
        link = os.readlink(entry) if entry.is_symlink() else None
        found[entry.name] = (status.st_mode, status.st_rdev, status.st_ino, link)
    return found


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "64k"):
    """A real tmpfs of `size` mounted at `folder` (root only; skips where mounting is not permitted)."""
    folder.mkdir(exist_ok=True)
    if not shutil.which("mount"):
        pytest.skip("no mount command here")
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    mounted = subprocess.run(command, capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def within(seconds: float):
    """Fail (an AssertionError, which no `pytest.raises(OSError)` swallows) instead of hanging, should the
    block block (opening a FIFO waits for a writer)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def give_up(signum, frame):
        raise AssertionError(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
