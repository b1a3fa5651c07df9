"""Text and files to :class:`~sftpplus_config.document.Document`, with no
checks: the tolerant load that every other module builds on.

:mod:`sftpplus_config.api` adds the public ``strict`` option on top (which
needs the validator's verdict, :mod:`sftpplus_config.acceptance`); modules
below the validator read files through this one.
"""

from __future__ import annotations

import os

from ._filestate import state_of
from ._parser import decode
from .syntax import Document

__all__ = ["load", "loads"]


def loads(text: str, *, path: str | None = None) -> Document:
    """Parse server.ini text (a leading BOM is remembered, not kept in the text)."""
    bom = text.startswith("\ufeff")
    return Document(text[1:] if bom else text, bom=bom, path=path)


def load(path: str | os.PathLike[str]) -> Document:
    """Read and parse a server.ini file (UTF-8, with or without a BOM).
    Raises OSError, and DecodeError for bytes that are not UTF-8.

    The document remembers what the file was (its identity, size and
    modification time): :meth:`Document.save` back to it refuses to
    overwrite a file that another program changed meanwhile."""
    name = os.fspath(path)
    with open(name, "rb") as handle:
        info = os.fstat(handle.fileno())
        data = handle.read()
    text, bom = decode(data, name)
    doc = Document(text, bom=bom, path=name)
    doc._origin = state_of(os.path.realpath(name), info)
    return doc
