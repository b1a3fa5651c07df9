"""Reading and writing server.ini files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ._filestate import state_of
from ._parser import decode
from .exceptions import ParseError
from .syntax import Document

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["dumps", "load", "loads"]


def loads(text: str, *, strict: bool = False, path: str | None = None) -> Document:
    """Parse server.ini text.

    The default is tolerant: nothing but undecodable bytes stops the load.
    Lines that are not valid, duplicates, options outside any section and
    indented option-looking lines are kept as written and reported by
    :meth:`Document.problems` (and by the validator). With ``strict=True``
    the first such problem raises :class:`ParseError`.
    """
    bom = text.startswith("\ufeff")
    doc = Document(text[1:] if bom else text, bom=bom, path=path)
    if strict:
        _raise_first_problem(doc)
    return doc


def load(path: str | PathLike[str], *, strict: bool = False) -> Document:
    """Read and parse a server.ini file (UTF-8, with or without a BOM).

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
    if strict:
        _raise_first_problem(doc)
    return doc


def dumps(doc: Document) -> str:
    """The document's text; same as ``doc.dumps()``."""
    return doc.dumps()


def _raise_first_problem(doc: Document) -> None:
    problems = doc.problems()
    if problems:
        first = problems[0]
        raise ParseError(
            first.message,
            line=first.span.line,
            column=first.span.column,
            file=doc.path,
            hint=first.hint,
            rule=first.rule,
        )
