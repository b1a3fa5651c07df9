"""Positions in a server.ini file."""

from __future__ import annotations

from ._record import record

__all__ = ["Span"]


@record(order=True)
class Span:
    """A range of text: 1-based line and column of the first character, and
    of the position just after the last character (``end_column`` is
    exclusive). Columns count characters (code points), not bytes; a UTF-8
    byte order mark is not counted."""

    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"
