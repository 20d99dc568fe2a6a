"""Simulated file-system faults. The tests run as root in CI, where permissions do not stop writes,
so a folder that refuses files is simulated at the call that creates them: `os.open`."""

from __future__ import annotations

import errno
import os
from pathlib import Path


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
