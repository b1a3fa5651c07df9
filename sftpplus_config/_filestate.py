"""What a file on disk was when we read or wrote it, and whether it still is.

A :class:`FileState` remembers a regular file's identity (device and inode),
size and modification time. :func:`check_unchanged` compares the file with
it: the same identity, size and time means unchanged; otherwise the bytes
decide (a ``touch``, or a checkout that wrote the same bytes again, is not
a change), and any other difference raises :class:`FileChangedError`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from ._record import record
from .exceptions import FileChangedError

__all__ = ["FileState", "check_unchanged", "digest", "state_of"]


@record
class FileState:
    """A regular file as we last saw it. ``real_path`` is its resolved
    path; ``sha256`` the digest of its bytes when we wrote them ourselves
    (None: the bytes are the loaded document's source text)."""

    real_path: str
    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: bytes | None = None


def digest(data: bytes) -> bytes:
    """SHA-256 of ``data`` (hashlib is imported here: it loads the OpenSSL
    library, which reads need not pay for)."""
    import hashlib

    return hashlib.sha256(data).digest()


def state_of(real_path: str, info: os.stat_result, sha256: bytes | None = None) -> FileState | None:
    """The state of a file from its ``stat`` (None for anything but a
    regular file: a FIFO or a device has no content to compare)."""
    if not stat.S_ISREG(info.st_mode):
        return None
    return FileState(real_path, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, sha256)


def check_unchanged(state: FileState, shown: str, original: Callable[[], bytes]) -> None:
    """Raise :class:`FileChangedError` (naming the file as ``shown``) when
    the file at ``state.real_path`` is no longer what ``state`` describes.
    ``original`` gives the bytes that were read, when ``state`` has no
    digest; it is called only when the identity, size or time differ."""
    try:
        info = os.stat(state.real_path)
    except FileNotFoundError:
        raise FileChangedError(shown, "it was deleted") from None
    same_file = (info.st_dev, info.st_ino) == (state.device, state.inode)
    if same_file and (info.st_size, info.st_mtime_ns) == (state.size, state.mtime_ns):
        return
    if not stat.S_ISREG(info.st_mode):
        raise FileChangedError(shown, "it is no longer a regular file")
    if info.st_size != state.size:
        raise FileChangedError(shown, f"its size changed from {state.size} to {info.st_size} bytes")
    with open(state.real_path, "rb") as handle:
        data = handle.read()
    if (digest(data) == state.sha256) if state.sha256 is not None else data == original():
        return
    detail = "it was modified" if same_file else "it was replaced by another file"
    raise FileChangedError(shown, detail)
