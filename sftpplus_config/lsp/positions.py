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

import re

from lsprotocol import types

from ..span import Span

__all__ = ["Lines"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf32.value:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """The lines of a document's text (as the client has it: a leading
    byte order mark, if any, is part of its first line) and the position
    encoding in force."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self._bom = 1 if text.startswith("\ufeff") else 0
        self._lines: list[str] = [line.rstrip("\r\n") for line in _LINE.findall(text)]
        self.encoding = encoding

    def __len__(self) -> int:
        return len(self._lines)

    def text(self, line: int) -> str:
        """Line ``line`` (1-based) without its ending and the byte order mark."""
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1][self._bom if line == 1 else 0 :]
        return ""

    def _offset(self, line: int) -> int:
        return self._bom if line == 1 else 0

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and code-point column."""
        if line > len(self._lines):  # just after the last line
            if self._lines and line == len(self._lines) + 1:
                return types.Position(line=line - 1, character=0)
            line = max(len(self._lines), 1)
            column = len(self.text(line)) + 1
        raw = self._lines[line - 1] if self._lines else ""
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
        if line > len(self._lines):
            return line, 1
        raw = self._lines[line - 1]
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
