"""An exclusive lock around the read-modify-write of a file.

[`locked`][sftpplus_config.locking.locked] holds an advisory ``flock`` on a
sidecar lock file next to the target (``.server.ini.lock`` for ``server.ini``),
so that programs that use it take turns::

    with sftpplus_config.locked("server.ini"):
        doc = sftpplus_config.load("server.ini")
        doc.set("server", "name", "files-a")
        doc.save()

The lock file is created when needed and never deleted (deleting it would let
two writers hold "the" lock on two different files). It lives beside the file
that a symbolic link points to, so that every path to one file shares one lock.
The lock is re-entrant within a thread (``save()`` takes it too), other threads
and processes wait for it. It is advisory: a program that does not take it is
not stopped, but [`save`][sftpplus_config.syntax.Document.save] still refuses
to overwrite a file that changed since it was loaded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator

from .exceptions import SftpplusConfigError, UnsafePathError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking
    fcntl = None  # type: ignore[assignment]

__all__ = ["LockTimeoutError", "lock_file_for", "locked"]

_POLL_SECONDS = 0.05
_held = threading.local()


class LockTimeoutError(SftpplusConfigError):
    """[`locked`][sftpplus_config.locking.locked] was given a ``timeout`` and
    another writer held the lock for longer. ``path`` is the file,
    ``lock_file`` the lock file."""

    def __init__(self, path: str, lock_file: str) -> None:
        self.path = path
        self.lock_file = lock_file
        super().__init__(path, lock_file)

    def __str__(self) -> str:
        return (
            f"{self.path}: another program is editing the file (it holds "
            f"{self.lock_file})\n  hint: try again when it is done"
        )


def lock_file_for(path: str | os.PathLike[str]) -> str:
    """The lock file of ``path``: ``.<name>.lock`` beside the real file."""
    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    return os.path.join(folder, f".{name}.lock")


def _held_locks() -> dict[str, int]:
    held: dict[str, int] | None = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    return held


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` for the ``with`` block.

    Waits for the lock as long as it takes, or at most ``timeout`` seconds
    (``0``: do not wait), then raises
    [`LockTimeoutError`][sftpplus_config.locking.LockTimeoutError]. In a folder
    where the lock file cannot be created (no write permission, a read-only
    file system), nobody can replace the file either, and no lock is taken."""
    shown = os.fspath(path)
    lock_file = lock_file_for(path)
    held = _held_locks()
    if lock_file in held:  # re-entrant: this thread already holds it
        held[lock_file] += 1
        try:
            yield
        finally:
            held[lock_file] -= 1
        return
    fd = _open_lock_file(shown, lock_file)
    if fd is None or fcntl is None:
        yield
        return
    try:
        _acquire(fd, shown, lock_file, timeout)
        held[lock_file] = 1
        try:
            yield
        finally:
            del held[lock_file]
    finally:
        os.close(fd)  # releases the lock


def _open_lock_file(shown: str, lock_file: str) -> int | None:
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(lock_file, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError(
                lock_file,
                f"the lock file of {shown} is a symbolic link; it is not followed",
                "delete it (it is re-created as an empty file)",
            ) from None
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:  # it may exist, made by a user who can write the folder
        return os.open(lock_file, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None


def _acquire(fd: int, shown: str, lock_file: str, timeout: float | None) -> None:
    assert fcntl is not None
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeoutError(shown, lock_file) from None
            time.sleep(_POLL_SECONDS)
