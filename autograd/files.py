"""Writing files safely: a temporary file in the same folder, then `os.replace`, so a file a user
saved before is never left half-written."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

# What a folder that cannot be written in reports: no permission, or a read-only file system.
NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_atomic(path, data: bytes | str, who: str) -> Path:
    """Write `data` to `path` atomically; errors name `who` and say what to do."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{who}: path must be a str or Path, got {path!r} ({type(path).__name__})")
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ValueError(f"{who}: {str(path)!r} is a folder; give a file name such as graph.svg")
    if not folder.is_dir():
        raise FileNotFoundError(f"{who}: the folder {str(folder)!r} does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        if error.errno not in NOT_WRITABLE:
            raise
        raise not_writable(who, folder) from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a saved picture should be readable like any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def not_writable(who: str, folder) -> PermissionError:
    """The error for a folder that refuses new files, naming `who` and the folder."""
    where = str(folder)
    return PermissionError(f"{who}: cannot write in {where!r} (read-only or no permission); choose another folder")
