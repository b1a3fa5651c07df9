"""Helpers shared by commands."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from ...api import load
from ...exceptions import RefusedError, SftpplusConfigError
from ...span import Span
from ...syntax import Document

if TYPE_CHECKING:
    from ..._atomic import SaveResult
from .._output import document, error


@contextlib.contextmanager
def locked_for_edit(path: str) -> Iterator[None]:
    """Hold the lock of a file that a command edits in place (``set``,
    ``unset``) from reading to writing. A missing file is an error that
    names it, before any lock file is made beside it."""
    from ...locking import locked

    os.stat(path)
    with locked(path):
        yield


#: The file argument that means standard input (and, for ``-o``, output).
STDIN = "-"
#: The name standard input goes by in messages and findings.
STDIN_NAME = "<stdin>"


class UsageError(SftpplusConfigError):
    """A mistake in the command line that argparse cannot see (exit 2)."""


_stdin_read: list[bool] = []
_ONCE = "standard input (-) can be read only once: give `-` for one file"


def read_stdin() -> Document:
    """The document on standard input (``-``), which a command reads once:
    a second ``-`` among its inputs is a usage error."""
    from ..._parser import decode
    from ..._reading import loads

    text, bom = decode(read_stdin_bytes(), STDIN_NAME)
    return loads(("\ufeff" if bom else "") + text, path=STDIN_NAME)


def read_stdin_bytes() -> bytes:
    """Standard input's bytes (read once per run, as for `read_stdin`)."""
    import sys

    if _stdin_read:
        raise UsageError(_ONCE)
    _stdin_read.append(True)
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read().encode("utf-8")


def stdin_once(paths: Sequence[str]) -> None:
    """Refuse, before anything is read or written, a command line that gives
    `-` for more than one input (standard input is read only once)."""
    if sum(path == STDIN for path in paths) > 1:
        raise UsageError(_ONCE)


def reset_stdin() -> None:
    """Forget that standard input was read (a new command run)."""
    _stdin_read.clear()


def load_file(path: str) -> Document:
    """Load a file for a command, ``-`` being standard input (errors become
    exit 2 in main)."""
    return read_stdin() if path == STDIN else load(path)


def load_accepted(path: str, *, base: Document | None = None) -> Document:
    """Load a file that the command will use as input (``-``: standard
    input), refusing it (with
    [`RefusedError`][sftpplus_config.exceptions.RefusedError]: exit 1, findings
    listed) when ``validate`` would fail it on syntax grounds. An override
    file is judged with its base (``base``, else the one
    [`find_base`][sftpplus_config.pairing.find_base] finds)."""
    from ...acceptance import require_acceptable
    from ...pairing import find_base, is_override_file

    doc = load_file(path)
    if base is None and path != STDIN and is_override_file(path):
        found = find_base(path)
        if found is not None:
            base = load(found)
    require_acceptable(doc, base=base)
    return doc


def refused(exc: RefusedError, fmt: str = "text", stream: str = "stderr") -> int:
    """Report a refused input (every finding, in ``fmt``) and say that
    nothing was written; the exit code (1)."""
    import sys

    from ..reporters import write_report

    files = sorted({f.file or "<string>" for f in exc.findings})
    write_report(fmt, exc.findings, files, stream=sys.stdout if stream == "stdout" else sys.stderr)
    error(
        f"{exc.file or '<string>'}: refused, nothing written: "
        f"{plural(len(exc.findings), 'syntax error')}"
    )
    return 1


def add_file_argument(
    parser: argparse.ArgumentParser, help_text: str = "server.ini file (-: standard input)"
) -> None:
    parser.add_argument("file", metavar="FILE", help=help_text)


def add_section_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "section",
        metavar="SECTION",
        help="a section name (server, accounts/<uuid>) or KIND:NAME (accounts:johnd), "
        "the section of that kind whose `name` is NAME",
    )


def add_color_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output: auto (the default) on a terminal unless NO_COLOR is set",
    )


def use_color(choice: str, stream: TextIO) -> bool:
    """``auto`` means colour on a terminal, unless the ``NO_COLOR``
    environment variable is set (https://no-color.org); ``always`` and
    ``never`` are explicit and win over it."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def span_text(file: str, span: Span | None) -> str:
    """``file:line:col`` (``file:1:1`` without a span)."""
    return f"{file}:{span.line}:{span.column}" if span is not None else f"{file}:1:1"


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the result to OUT (default, or -: stdout)"
    )


def write_output(path: str | None, text: str, sources: Sequence[Document] = ()) -> None:
    """Write a command's resulting file atomically to ``path``, or to stdout.

    When ``path`` is one of the files the command read (``sources``, e.g.
    ``merge3 %O %A %B -o %A``), the write is refused (FileChangedError,
    exit 1) if that file changed since it was read. No lock file is made
    for it: a merge driver's temporary file would leave one behind."""
    if not path or path == STDIN:
        document(text)
        return
    data = text.encode("utf-8")
    for source in sources:
        if source._is_origin(path):
            warn_about(source._write(path, data, lock=False))
            return
    from ..._atomic import atomic_write

    warn_about(atomic_write(path, data))


def warn_about(result: SaveResult) -> None:
    """Print a save's warnings (a hard link split, an owner not kept)."""
    for note in result.warnings:
        error(f"{result.path}: warning: {note}")


def plural(count: int, noun: str) -> str:
    """``1 conflict``, ``2 conflicts``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
