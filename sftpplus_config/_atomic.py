"""Crash-safe file writes."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["atomic_write"]


def atomic_write(path: str | PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any point leaves
    either the complete old file or the complete new one.

    The data goes to a temporary file in the same folder, is flushed and
    fsync'ed, gets the old file's permission bits (and owner, where we are
    allowed to set it), and is renamed over the target. A symbolic link is
    followed: the file it points to is replaced and the link stays.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    if old is not None and (not old.st_mode & 0o222 or not os.access(target, os.W_OK)):
        # Replacing the file would work (the folder is writable), but the
        # owner made the file read-only: respect that (root included, who
        # could write it anyway, when no write bit is set at all).
        raise PermissionError(errno.EACCES, "the file is read-only; nothing was written", str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            os.chmod(tmp_name, stat.S_IMODE(old.st_mode))
            with contextlib.suppress(OSError):
                os.chown(tmp_name, old.st_uid, old.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
