"""Crash-safe file writes.

`atomic_write` writes a whole file so that a crash at any point leaves either
the complete old file or the complete new one. `write_in` is the same write
into a folder given as an open descriptor (the safe output folder of `_rootfs`
uses it). Both return a [`SaveResult`][sftpplus_config._atomic.SaveResult],
whose ``warnings`` the command line prints (the library never prints).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._filestate import FileState, digest, state_of
from ._record import record
from .exceptions import UnsafePathError

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["SaveResult", "atomic_write", "temp_name", "write_in"]

_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp\Z")


@record
class SaveResult:
    """What a save did besides writing the bytes.

    ``in_place``: the target is a character device or a FIFO (``-o
    /dev/stdout``, a named pipe), which was written into as it is, not
    replaced. ``other_links``: the file had that many other hard links;
    the atomic replace gave this name a new file, and the other names still
    show the old content. ``owner_kept``/``group_kept``: False when the new
    file could not get the old file's owner or group (only the owner or
    root may set them)."""

    path: str
    in_place: bool = False
    other_links: int = 0
    owner_kept: bool = True
    group_kept: bool = True
    state: FileState | None = None
    """The written file as it is on disk (None when written in place)."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the caller should tell the user: a hard link that no longer
        shares the new content, an owner or group that could not be kept."""
        notes: list[str] = []
        if self.other_links:
            one = self.other_links == 1
            names, hold = ("link", "keeps") if one else ("links", "keep")
            notes.append(
                f"the file had {self.other_links} other hard {names}; this name now "
                f"holds the new file and the other {names} {hold} the old content"
            )
        if not self.owner_kept:
            notes.append("the new file could not keep the old file's owner")
        if not self.group_kept:
            notes.append("the new file could not keep the old file's group")
        return tuple(notes)


def temp_name(name: str) -> str:
    """A temporary file name for writing ``name``, recognisably ours:
    ``.<name>.<pid>.<random>.tmp``."""
    return f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def atomic_write(
    path: str | PathLike[str],
    data: bytes,
    *,
    check: Callable[[], None] | None = None,
) -> SaveResult:
    """Write ``data`` to ``path``.

    A regular file (or a new one) is replaced atomically: the data goes to a
    temporary file in the same folder, is flushed and fsync'ed, gets the old
    file's owner, group and permission bits (those it may set), and is renamed
    over the target. A symbolic link is followed: the file it points to is
    replaced and the link stays. A character device or a FIFO is written into
    as it is (it cannot be replaced without breaking what it is); a folder,
    block device or socket is refused with
    [`UnsafePathError`][sftpplus_config.exceptions.UnsafePathError]. ``check``
    is called right before the rename (it may raise to stop the write; the
    temporary file is removed).
    """
    shown = os.fspath(path)
    info = check_target(shown)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(shown, data)
        return SaveResult(shown, in_place=True)
    target = os.path.realpath(shown)
    folder, name = os.path.split(target)
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        return write_in(dir_fd, name, data, shown=shown, real_path=target, check=check)
    finally:
        os.close(dir_fd)


def check_target(path: str | PathLike[str]) -> os.stat_result | None:
    """What is at ``path`` (None: nothing), refusing what `atomic_write`
    refuses (a folder, a block device, a socket) with
    [`UnsafePathError`][sftpplus_config.exceptions.UnsafePathError]: a command
    that writes several files checks them all before it writes the first."""
    shown = os.fspath(path)
    try:
        info = os.stat(shown)
    except FileNotFoundError:
        return None
    mode = info.st_mode
    if stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return info
    raise UnsafePathError(
        shown,
        f"is {_kind(mode)}, not a file; nothing was written",
        "give the path of a file to write (it is created if missing)",
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - no other kinds on POSIX


def _write_into(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_in(
    dir_fd: int,
    name: str,
    data: bytes,
    *,
    shown: str,
    real_path: str,
    check: Callable[[], None] | None = None,
) -> SaveResult:
    """Replace (or create) the regular file ``name`` of the open folder
    ``dir_fd`` with ``data``, atomically. ``shown`` names it in errors,
    ``real_path`` is its resolved path (recorded in the result's state).
    Stale temporary files of ours for ``name`` (their writer was killed)
    are removed first."""
    try:
        old = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        old = None
    if old is not None:
        if not stat.S_ISREG(old.st_mode):
            raise UnsafePathError(
                shown,
                "is a symbolic link; it is not followed, nothing was written"
                if stat.S_ISLNK(old.st_mode)
                else f"is {_kind(old.st_mode)}, not a file; nothing was written",
            )
        if not old.st_mode & 0o222 or not os.access(name, os.W_OK, dir_fd=dir_fd):
            # Replacing the file would work (the folder is writable), but the
            # owner made the file read-only: respect that (root included, who
            # could write it anyway, when no write bit is set at all).
            raise PermissionError(errno.EACCES, "the file is read-only; nothing was written", shown)
    remove_stale_temps(dir_fd, name)
    tmp = temp_name(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o600, dir_fd=dir_fd)
    except OSError as exc:
        raise _naming(exc, shown) from exc
    owner_kept = group_kept = True
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            if old is not None:
                # owner first: changing it clears the set-user/group-ID bits
                owner_kept, group_kept = _keep_owner(fd, old)
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        if check is not None:
            check()
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        if isinstance(exc, OSError):
            raise _naming(exc, shown) from exc
        raise
    with contextlib.suppress(OSError):
        os.fsync(dir_fd)
    return SaveResult(
        shown,
        other_links=old.st_nlink - 1 if old is not None else 0,
        owner_kept=owner_kept,
        group_kept=group_kept,
        state=state_of(real_path, written, digest(data)),
    )


def _naming(exc: OSError, shown: str) -> OSError:
    """``exc`` about the file the caller asked for (``shown``), not about our
    temporary file: messages name the real target."""
    if exc.filename == shown or exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror, shown)  # the errno's subclass


def _keep_owner(fd: int, old: os.stat_result) -> tuple[bool, bool]:
    """Give the new file the old one's owner and group; when the owner
    cannot be set (only root may), keep at least the group (its members,
    such as the service account, may need to read the file)."""
    here = os.fstat(fd)
    if (here.st_uid, here.st_gid) == (old.st_uid, old.st_gid):
        return True, True
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
        return True, True
    except OSError:
        pass
    try:
        os.fchown(fd, -1, old.st_gid)
    except OSError:
        return here.st_uid == old.st_uid, False
    return here.st_uid == old.st_uid, True


def remove_stale_temps(dir_fd: int, name: str) -> None:
    """Remove the temporary files of ours for ``name`` whose writer is dead
    (killed before it could clean up). Files of a live process, of another
    process we cannot signal, and any other file are left alone."""
    try:
        entries = os.listdir(dir_fd)
    except OSError:
        return
    for entry in entries:
        if not entry.startswith(f".{name}.") or not entry.endswith(".tmp"):
            continue
        match = _TEMP.match(entry)
        if match is None or match.group("name") != name:
            continue
        if _alive(int(match.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry, dir_fd=dir_fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid() or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or no such number): not ours to judge
    return True
