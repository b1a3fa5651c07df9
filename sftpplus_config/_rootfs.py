"""File operations confined to one folder (a build's output folder).

:class:`Root` opens the folder once (a symbolic link given as the folder
itself is resolved then: the user chose it) and does every read, write and
delete relative to open folder descriptors: each component of a relative
path is opened with ``O_NOFOLLOW | O_DIRECTORY`` from its parent, files with
``O_NOFOLLOW``, and renames and unlinks take ``dir_fd``. So no operation
follows a symbolic link inside the folder, or leaves it: a path through
one, or a link where a file is expected, raises :class:`UnsafePathError`.
:meth:`Root.check` does the same walk without changing anything, so that
a caller can refuse a whole batch before the first write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from types import TracebackType
from typing import Self

from ._atomic import SaveResult, write_in
from .exceptions import UnsafePathError

__all__ = ["Root", "is_plain_relative"]

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_HINT = (
    "the output folder must hold real folders and files only: remove the "
    "symbolic link (or choose another output folder)"
)


def is_plain_relative(relative: str) -> bool:
    """Whether ``relative`` is a plain relative path: not absolute, no
    empty, ``.`` or ``..`` component, no NUL byte."""
    if not relative or relative.startswith("/") or "\0" in relative:
        return False
    return all(part not in ("", ".", "..") for part in relative.split("/"))


class Root:
    """A folder that every operation stays inside. Use it as a context
    manager (it holds a descriptor of the folder)."""

    def __init__(self, folder: str | os.PathLike[str], *, create: bool = False) -> None:
        self.shown = os.fspath(folder)
        self.real = os.path.realpath(folder)
        if create:
            os.makedirs(self.real, exist_ok=True)
        self.fd = os.open(self.real, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        os.close(self.fd)

    # -- walking -------------------------------------------------------------
    def _shown(self, relative: str) -> str:
        return os.path.join(self.shown, *relative.split("/"))

    def _parts(self, relative: str) -> list[str]:
        if not is_plain_relative(relative):
            raise UnsafePathError(
                self._shown(relative),
                f"`{relative}` is not a plain relative path inside {self.shown}",
            )
        return relative.split("/")

    @contextlib.contextmanager
    def _folder(self, parts: list[str], relative: str, *, create: bool) -> Iterator[int | None]:
        """The descriptor of the folder holding ``relative``'s last part
        (None when a folder on the way is missing and ``create`` is False)."""
        fds: list[int] = []
        try:
            current: int | None = self.fd
            for index, part in enumerate(parts[:-1]):
                assert current is not None
                opened = self._open_dir(part, current, parts, index, relative)
                if opened is None and create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o777, dir_fd=current)
                    opened = self._open_dir(part, current, parts, index, relative)
                if opened is None:
                    current = None
                    break
                fds.append(opened)
                current = opened
            yield current
        finally:
            for fd in fds:
                os.close(fd)

    def _open_dir(
        self, part: str, parent: int, parts: list[str], index: int, relative: str
    ) -> int | None:
        """Open one folder component without following a link (None when
        it does not exist)."""
        try:
            return os.open(part, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            where = "/".join(parts[: index + 1])
            # O_DIRECTORY | O_NOFOLLOW on a link fails with ELOOP or ENOTDIR
            try:
                link = stat.S_ISLNK(os.stat(part, dir_fd=parent, follow_symlinks=False).st_mode)
            except OSError:
                link = exc.errno == errno.ELOOP
            raise UnsafePathError(
                self._shown(relative),
                f"{self._shown(where)} is {'a symbolic link' if link else 'not a folder'}; "
                "nothing is written or deleted through it",
                _HINT if link else None,
            ) from None

    def _leaf(self, dir_fd: int, name: str, relative: str) -> os.stat_result | None:
        """The ``lstat`` of the last part: None when missing; refused when
        it is anything but a regular file."""
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(info.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            raise UnsafePathError(
                self._shown(relative),
                f"is {what}; it is not followed, written or deleted",
                _HINT if stat.S_ISLNK(info.st_mode) else None,
            )
        return info

    # -- operations ----------------------------------------------------------
    def check(self, relative: str) -> None:
        """Refuse (raise :class:`UnsafePathError`) a path that a write or a
        delete would refuse; change nothing."""
        parts = self._parts(relative)
        with self._folder(parts, relative, create=False) as dir_fd:
            if dir_fd is not None:
                self._leaf(dir_fd, parts[-1], relative)

    def is_file(self, relative: str) -> bool:
        """Whether ``relative`` is an existing regular file (refused like
        :meth:`check` when its path goes through a link)."""
        parts = self._parts(relative)
        with self._folder(parts, relative, create=False) as dir_fd:
            return dir_fd is not None and self._leaf(dir_fd, parts[-1], relative) is not None

    def read(self, relative: str) -> bytes | None:
        """The bytes of a regular file, or None when it does not exist."""
        parts = self._parts(relative)
        with self._folder(parts, relative, create=False) as dir_fd:
            if dir_fd is None or self._leaf(dir_fd, parts[-1], relative) is None:
                return None
            # O_NONBLOCK: a FIFO swapped in since the check must not hang us
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            try:
                fd = os.open(parts[-1], flags, dir_fd=dir_fd)
            except FileNotFoundError:
                return None
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    raise
                fd = -1
            if fd < 0 or not stat.S_ISREG(os.fstat(fd).st_mode):
                if fd >= 0:
                    os.close(fd)
                self._leaf(dir_fd, parts[-1], relative)  # raises: no longer a file
                raise UnsafePathError(self._shown(relative), "changed while it was read")
            with os.fdopen(fd, "rb") as handle:
                return handle.read()

    def write(self, relative: str, data: bytes) -> SaveResult:
        """Write a file atomically (see :func:`._atomic.write_in`), making
        the folders on the way."""
        parts = self._parts(relative)
        with self._folder(parts, relative, create=True) as dir_fd:
            assert dir_fd is not None
            self._leaf(dir_fd, parts[-1], relative)
            real = os.path.join(self.real, *parts)
            return write_in(dir_fd, parts[-1], data, shown=self._shown(relative), real_path=real)

    def remove(self, relative: str) -> bool:
        """Delete a regular file and the folders on its way that this
        leaves empty (never the root). False when it did not exist."""
        parts = self._parts(relative)
        with self._folder(parts, relative, create=False) as dir_fd:
            if dir_fd is None or self._leaf(dir_fd, parts[-1], relative) is None:
                return False
            os.unlink(parts[-1], dir_fd=dir_fd)
        for depth in range(len(parts) - 1, 0, -1):
            folder = parts[:depth]
            with self._folder(folder, "/".join(folder), create=False) as parent:
                if parent is None:
                    break
                try:
                    os.rmdir(folder[-1], dir_fd=parent)
                except OSError:
                    break  # not empty (or not ours to remove): stop here
        return True
