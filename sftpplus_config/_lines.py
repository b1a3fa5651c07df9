"""Line helpers for transforms that work on whole lines of a document."""

from __future__ import annotations

import re

from .syntax import Blank, Comment, Option, Section

__all__ = ["common_ending", "line_range", "section_range", "split_lines"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only ``\\r\\n``, ``\\r`` and ``\\n`` end
    a line (unlike ``str.splitlines``)."""
    return _LINE.findall(text)


def common_ending(text: str) -> str:
    """The line ending most lines of ``text`` use (``\\n`` when none)."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    best = max(counts, key=lambda ending: counts[ending])
    return best if counts[best] else "\n"


def line_range(option: Option) -> tuple[int, int]:
    """First and last line of an option, continuation lines included."""
    return option.line, option.line + option.line_count - 1


def section_range(section: Section) -> tuple[int, int]:
    """The header line to the last line that is not a blank or comment line
    (the blank and comment lines at the end introduce the next section)."""
    end = section.line
    for node in section.nodes:
        if not isinstance(node, Blank | Comment):
            end = node.line + node.line_count - 1
    return section.line, end
