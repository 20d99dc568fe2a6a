"""Writing files safely, for every file chainrule saves (pictures, pages, figures, models), and reading them back.

The bytes go to a temporary file in the same folder, which is fsynced and then renamed over the
target (`os.replace`, atomic on POSIX and Windows): a crash or a kill at any point leaves either
the old file or the new one, whole, never a half-written file. Only a regular file is ever
replaced: a device (/dev/null, as root), a named pipe or a socket at the path is refused, and a
symbolic link is written through, to the file it points at. Failures (a full disk, a read-only
folder) name the operation and the path. `read_file` reads only a regular file, and only up to a
size given before the first byte is read: a named pipe would block forever, /dev/zero never ends.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from .messages import text

# What a folder that cannot be written in reports: no permission, or a read-only file system.
NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)
# What a full disk reports: no space, or the user's quota spent.
FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})

_KINDS = (
    (stat.S_ISREG, "kind_regular"),
    (stat.S_ISDIR, "kind_folder"),
    (stat.S_ISCHR, "kind_character"),
    (stat.S_ISBLK, "kind_block"),
    (stat.S_ISFIFO, "kind_fifo"),
    (stat.S_ISSOCK, "kind_socket"),
)


def kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words: "a regular file", "a folder", "a character device", ..."""
    return text(next((key for test, key in _KINDS if test(mode)), "kind_other"))


def write_atomic(path, data: bytes | str, who: str, example: str = "graph.svg") -> Path:
    """Write `data` (text is written as UTF-8) to `path` atomically; errors name `who` and say what to do.

    A new file gets the permissions open() gives (0o666 less the umask); an overwritten one keeps its own.
    `example` is the file name suggested when `path` is a folder or something else that is not a file.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(text("path_type", who=who, path=path, type=type(path).__name__))
    given = Path(path)
    path = Path(os.path.realpath(given)) if given.is_symlink() else given  # a link is written through
    folder = path.parent
    data = data.encode("utf-8") if isinstance(data, str) else data
    check_replaceable(path, who, example, given)
    if not folder.is_dir():
        raise FileNotFoundError(text("no_folder", who=who, folder=str(folder)))
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        if error.errno not in NOT_WRITABLE:
            raise explained(error, who, given, len(data)) from None
        raise not_writable(who, folder) from None
    with _discarded_on_failure(tmp):
        with _explaining(who, given, len(data)):
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())  # the bytes are on disk before the rename makes them the file
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)  # overwriting keeps the old permissions
        check_replaceable(path, who, example, given)  # again: something may have been put there meanwhile
        with _explaining(who, given, len(data)):
            os.replace(tmp, path)
    _fsync_folder(folder)
    return given


def check_replaceable(path: Path, who: str, example: str, given: Path | None = None) -> None:
    """Nothing, if `path` is missing or a regular file; else the error saying what is there.

    A folder is a ValueError (a file name is missing); a device, a named pipe or a socket is a
    FileExistsError: it exists, and replacing it with a file would break whatever uses it.
    """
    shown = str(given if given is not None else path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:  # a loop of links, a path through a file: nothing can be written there
        raise explained(error, who, shown, None) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise ValueError(text("is_folder", who=who, path=shown, example=example))
    raise FileExistsError(text("not_regular", who=who, path=shown, kind=kind(mode), example=example))


@contextlib.contextmanager
def _discarded_on_failure(tmp: Path):
    """The temporary file is removed if the block fails in any way (Ctrl-C included)."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _explaining(who: str, path, size: int):
    """An OSError in the block comes out `explained`: naming `who` and `path`."""
    try:
        yield
    except OSError as error:
        raise explained(error, who, path, size) from None


def explained(error: OSError, who: str, path, size: int | None) -> OSError:
    """`error` again, its message naming `who` and `path` (and, for a full disk, the bytes that did not fit).

    The class and the errno stay, so callers can still tell ENOSPC from EACCES; the text is one line.
    """
    if error.errno in FULL:
        need = "" if size is None else text("bytes_needed", size=size)
        message = text("disk_full", who=who, path=str(path), need=need)
    else:
        reason = error.strerror or str(error) or type(error).__name__
        message = text("cannot_write_path", who=who, path=str(path), reason=reason)
    cls = type(error) if type(error).__module__ == "builtins" else OSError
    new = cls(message)
    new.errno = error.errno
    return new


def read_file(path, who: str, what: str, max_bytes: int) -> bytes:
    """The bytes of the regular file `path` (a link to one is fine), if it holds at most `max_bytes`.

    A folder, a device, a named pipe or a socket, or a larger file, is a one-line ValueError naming
    `who`, the path and what it is; a missing or unreadable file is the usual OSError, explained.
    """
    shown = os.fspath(path)
    try:
        mode = os.stat(path).st_mode  # before opening: opening a device can itself do something
        if stat.S_ISREG(mode):
            # O_NONBLOCK: should a pipe be swapped in after the check, opening it does not wait for a writer.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _read_error(error, who, shown) from None
    if not stat.S_ISREG(mode):
        key = "read_folder" if stat.S_ISDIR(mode) else "read_not_regular"
        raise ValueError(text(key, who=who, path=shown, kind=kind(mode), what=what))
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(text("read_not_regular", who=who, path=shown, kind=kind(status.st_mode), what=what))
        if status.st_size > max_bytes:
            raise _too_big(who, shown, what, status.st_size, max_bytes)
        try:
            data = file.read(max_bytes + 1)  # one byte more tells a file that grew since fstat
        except OSError as error:
            raise _read_error(error, who, shown) from None
    if len(data) > max_bytes:
        raise _too_big(who, shown, what, len(data), max_bytes, grew=True)
    return data


def _too_big(who: str, shown: str, what: str, size: int, max_bytes: int, grew: bool = False) -> ValueError:
    return ValueError(text("grew" if grew else "too_big", who=who, path=shown, size=size, what=what, most=max_bytes))


def _read_error(error: OSError, who: str, shown: str) -> OSError:
    reason = error.strerror or str(error) or type(error).__name__
    cls = type(error) if type(error).__module__ == "builtins" else OSError
    new = cls(text("cannot_read", who=who, path=shown, reason=reason))
    new.errno = error.errno
    return new


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
    return PermissionError(text("cannot_write_in", who=who, folder=where))
