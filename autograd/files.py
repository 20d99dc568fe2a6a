"""Writing files safely, for every file chainrule saves (pictures, pages, figures, models).

The bytes go to a temporary file in the same folder, which is fsynced and then renamed over the
target (`os.replace`, atomic on POSIX and Windows): a crash or a kill at any point leaves either
the old file or the new one, whole, never a half-written file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

# What a folder that cannot be written in reports: no permission, or a read-only file system.
NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_atomic(path, data: bytes | str, who: str, example: str = "graph.svg") -> Path:
    """Write `data` (text is written as UTF-8) to `path` atomically; errors name `who` and say what to do.

    A new file gets the permissions open() gives (0o666 less the umask); an overwritten one keeps its own.
    `example` is the file name suggested when `path` is a folder.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{who}: path must be a str or Path, got {path!r} ({type(path).__name__})")
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ValueError(f"{who}: {str(path)!r} is a folder; give a file name such as {example}")
    if not folder.is_dir():
        raise FileNotFoundError(f"{who}: the folder {str(folder)!r} does not exist; create it first")
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        if error.errno not in NOT_WRITABLE:
            raise
        raise not_writable(who, folder) from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
            file.flush()
            os.fsync(file.fileno())  # the bytes are on disk before the rename makes them the file
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)  # overwriting keeps the old permissions
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder, and needs nothing.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def not_writable(who: str, folder) -> PermissionError:
    """The error for a folder that refuses new files, naming `who` and the folder."""
    where = str(folder)
    return PermissionError(f"{who}: cannot write in {where!r} (read-only or no permission); choose another folder")
