"""Writing to the terminal (the only place in the package that does).

Messages (:func:`line`, :func:`error`) go through
:func:`~sftpplus_config._printable.log_lines`, so that text from a file, a
file name or an argument can neither drive the terminal nor start a CI
workflow command. File content
(:func:`document`) is written exactly, as UTF-8, whatever the terminal's
encoding. :func:`setup_streams` makes the standard streams replace what
their encoding cannot show (``\\xe9``) instead of failing.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .._printable import log_lines


def setup_streams() -> None:
    """Standard output and error show characters their encoding lacks as
    backslash escapes (``PYTHONIOENCODING=ascii``, a C locale) instead of
    raising ``UnicodeEncodeError``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def is_utf8(stream: TextIO) -> bool:
    """Whether ``stream`` encodes every character (UTF-8)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")


def out(text: str) -> None:
    """Write ``text`` to standard output as is (no newline added)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def document(text: str) -> None:
    """Write file content (a configuration, a value) to standard output,
    byte for byte as UTF-8, even where the terminal's encoding is another."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if is_utf8(stream) or buffer is None:
        out(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def line(text: str = "") -> None:
    """A message of ours on standard output (user text in it made printable)."""
    print(log_lines(text))


def error(text: str) -> None:
    """A message on standard error (user text in it made printable)."""
    print(log_lines(text), file=sys.stderr)
