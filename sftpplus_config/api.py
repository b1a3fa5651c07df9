"""Reading and writing server.ini files, and new section ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _reading
from .syntax import Document

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["dumps", "load", "loads", "new_id"]


def loads(text: str, *, strict: bool = False, path: str | None = None) -> Document:
    """Parse server.ini text.

    The default is tolerant: nothing but undecodable bytes stops the load.
    Lines that are not valid, duplicates, options outside any section and
    indented option-looking lines are kept as written and reported by the
    validator. With ``strict=True`` the text must be acceptable as ``validate``
    decides
    ([`sftpplus_config.acceptance.refusals`][sftpplus_config.acceptance.refusals]:
    the syntax findings, ``indented-option`` only for options the section
    knows, less those that suppression comments silence); otherwise
    [`RefusedError`][sftpplus_config.exceptions.RefusedError] (a
    ``ParseError``) is raised, positioned at the first problem, with all of
    them in ``findings``.
    """
    doc = _reading.loads(text, path=path)
    if strict:
        _refuse(doc)
    return doc


def load(path: str | PathLike[str], *, strict: bool = False) -> Document:
    """Read and parse a server.ini file (UTF-8, with or without a BOM);
    ``strict`` as for [`loads`][sftpplus_config.api.loads]."""
    doc = _reading.load(path)
    if strict:
        _refuse(doc)
    return doc


def dumps(doc: Document) -> str:
    """The document's text; same as ``doc.dumps()``."""
    return doc.dumps()


def new_id() -> str:
    """A new section id that SFTPPlus accepts: a random UUID (version 4)
    in its usual text form, as SFTPPlus makes them
    (`"5b0d5c3e-…"`; for `[accounts/<id>]`, `[services/<id>]`...)."""
    import uuid

    return str(uuid.uuid4())


def _refuse(doc: Document) -> None:
    from .acceptance import require_acceptable

    require_acceptable(doc)
