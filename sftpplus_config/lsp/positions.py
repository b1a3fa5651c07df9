"""Our positions to LSP positions and back.

A :class:`~sftpplus_config.span.Span` has 1-based lines and columns that
count code points; a UTF-8 byte order mark is not counted. An LSP
``Position`` has a 0-based line and a 0-based ``character`` counted in the
encoding the client and the server agreed on: UTF-16 code units unless the
client offers another one (``utf-8``, ``utf-32``). An ``é`` is one unit in
UTF-16 and two in UTF-8; an emoji is two in UTF-16 and four in UTF-8.
Lines end at ``\\n``, ``\\r\\n`` and a lone ``\\r``, for both.
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

from ..span import Span

__all__ = ["Lines"]


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf32.value:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """The lines of a document's text (as the client has it: a leading
    byte order mark, if any, is part of its first line) and the position
    encoding in force.

    The start of every line is found once; after a change,
    :meth:`replaced` moves the starts after it instead of finding them all
    again, so that a one-line change to a big file costs no scan of it."""

    def __init__(
        self,
        text: str,
        encoding: str = types.PositionEncodingKind.Utf16,
        starts: list[int] | None = None,
    ) -> None:
        self._text = text
        self._bom = 1 if text.startswith("\ufeff") else 0
        self.encoding = encoding
        if starts is None:
            starts = [0, *(match.end() for match in _BREAK.finditer(text))]
        self._starts = starts
        self._count = len(starts) - (1 if not text or starts[-1] == len(text) else 0)

    def replaced(self, start: int, end: int, new: str, text: str) -> Lines:
        """The lines of ``text``, which is this text with ``new`` in place of
        the characters from offset ``start`` to ``end``."""
        after = start + len(new)
        if "\r" in text[max(start - 1, 0) : start + 1] + text[max(after - 1, 0) : after + 1]:
            return Lines(text, self.encoding)  # a `\r\n` may have been split or joined
        starts = self._starts
        first = bisect.bisect_right(starts, start)
        last = bisect.bisect_right(starts, end)
        delta = len(new) - (end - start)
        inner = [start + match.end() for match in _BREAK.finditer(new)]
        moved = [offset + delta for offset in starts[last:]]
        return Lines(text, self.encoding, starts[:first] + inner + moved)

    def __len__(self) -> int:
        return self._count

    def start(self, line: int) -> int:
        """The offset (in code points, the byte order mark counted) of the
        first character of 1-based ``line`` (the text's length past the end)."""
        if line <= 1:
            return 0
        starts = self._starts
        return starts[line - 1] if line - 1 < len(starts) else len(self._text)

    def _raw(self, line: int) -> str:
        """Line ``line`` without its ending, the byte order mark included."""
        if not 1 <= line <= self._count:
            return ""
        start = self.start(line)
        found = _REST.match(self._text, start)
        return self._text[start : found.end()] if found is not None else ""

    def text(self, line: int) -> str:
        """Line ``line`` (1-based) without its ending and the byte order mark."""
        return self._raw(line)[self._offset(line) :]

    def _offset(self, line: int) -> int:
        return self._bom if line == 1 else 0

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and code-point column."""
        if line > self._count:  # just after the last line
            if line == self._count + 1 and self._text.endswith(("\n", "\r")):
                return types.Position(line=line - 1, character=0)
            line = max(self._count, 1)
            column = len(self.text(line)) + 1
        raw = self._raw(line)
        before = raw[: self._offset(line) + column - 1]
        return types.Position(line=line - 1, character=_units(before, self.encoding))

    def range(self, span: Span) -> types.Range:
        """The LSP range of a span."""
        return types.Range(
            start=self.position(span.line, span.column),
            end=self.position(span.end_line, span.end_column),
        )

    def point(self, position: types.Position) -> tuple[int, int]:
        """The 1-based line and code-point column of an LSP position (a
        character in the middle of a character's units, or past the end of
        the line, is taken to the nearest character boundary before it)."""
        line = position.line + 1
        if line > self._count:
            return line, 1
        raw = self._raw(line)
        start = self._offset(line)
        units = _units(raw[:start], self.encoding)  # the byte order mark
        column = 1
        for char in raw[start:]:
            width = _units(char, self.encoding)
            if units + width > position.character:
                break
            units += width
            column += 1
        return line, column

    def offset(self, position: types.Position) -> int:
        """The offset in the text of an LSP position (for applying a change)."""
        line, column = self.point(position)
        if line > self._count:
            return len(self._text)
        return self.start(line) + self._offset(line) + column - 1


_BREAK = re.compile(r"\r\n|\r|\n")
_REST = re.compile(r"[^\r\n]*")
