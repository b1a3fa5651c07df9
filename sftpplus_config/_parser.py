"""Text to syntax tree, nothing more.

The dialect (docs/dialect.md) is what Python's
``configparser.RawConfigParser(strict=True, interpolation=None)`` reads, with
every byte kept. This module mirrors configparser's line loop exactly:

* a line whose stripped text is empty is blank, one starting with ``;`` or
  ``#`` is a comment (configparser skips both, and a blank line inside a value
  only matters when more continuation lines follow);
* a line indented deeper than the current option's first line continues that
  option's value;
* otherwise the stripped line is a section header when it matches
  ``\\[(.+)\\]``, else an option when it has a ``=`` or ``:``, else a syntax
  error.

Parsing is lazy per section: :func:`split` finds the section headers in one
regex pass over the whole text (C speed), and each section's body is scanned
by :func:`scan` the first time somebody looks inside it. When the quick split
cannot be exact (a lone ``\\r`` line ending, or an indented line that could
be a section header) the whole text is scanned eagerly instead.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from itertools import chain, repeat
from typing import TYPE_CHECKING, NamedTuple

from .exceptions import DecodeError
from .nodes import Blank, Comment, Invalid, Node, Option

if TYPE_CHECKING:
    from .section import Section

__all__ = [
    "INDENTED_OPTION",
    "HeaderMark",
    "decode",
    "find_header",
    "header_at",
    "scan",
    "scan_values",
    "scan_values_checked",
    "split",
]

BOM = "\ufeff"
_LINE_SPLIT = re.compile(r"(\r\n|\r|\n)")
_SECTION = re.compile(r"\[(.+)\]")
# A section header at column 0, as configparser reads it: the name runs to
# the last "]" of the line. Matched from the "\n" before it (much faster than
# a multi-line "^"), in a text with no lone "\r".
_HEADER = re.compile(r"\n\[[^\r\n]+\][^\]\r\n]*(?=\r?\n|\Z)")
# The same header, matched at a known offset of the unpadded text.
_HEADER_AT = re.compile(r"\[(?P<name>[^\r\n]+)\][^\]\r\n]*(?=(?P<ending>\r?\n|\Z))")
# An indented line that could be a section header if no option is open.
_INDENTED_BRACKET = re.compile(r"\n[^\S\r\n]+\[[^\n]*\]")
_INDENTED_BRACKET_FIRST = re.compile(r"[^\S\r\n]+\[[^\n]*\]")
#: A continuation line (stripped) that looks like ``name = value``: SFTPPlus
#: reads it as part of the previous value (the ``indented-option`` finding).
INDENTED_OPTION = re.compile(r"([a-z][a-z0-9_]*)\s*[=:]", re.IGNORECASE)


def decode(data: bytes, file: str | None = None) -> tuple[str, bool]:
    """Decode UTF-8 bytes (with or without a BOM). Returns (text, had_bom)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError(
            "the file is UTF-16 encoded; server.ini must be UTF-8",
            offset=0,
            line=1,
            column=1,
            file=file,
            hint="convert it, e.g. `iconv -f UTF-16 -t UTF-8 server.ini > server.utf8.ini`",
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        head = data[:offset]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        last_break = max(head.rfind(b"\n"), head.rfind(b"\r"))
        column = len(head[last_break + 1 :].decode("utf-8", errors="replace")) + 1
        if line == 1 and bom:
            column -= 1
        raise DecodeError(
            f"invalid UTF-8 byte 0x{data[offset]:02x} at byte offset {offset}",
            offset=offset,
            line=line,
            column=column,
            file=file,
            hint="server.ini must be UTF-8; re-save the file as UTF-8 "
            "(e.g. `iconv -f LATIN1 -t UTF-8`)",
        ) from None
    if bom:
        text = text[1:]
    return text, bom


class HeaderMark(NamedTuple):
    """A section header met by an eager scan (``allow_headers=True``)."""

    name: str
    content: str
    ending: str
    rel: int


def split(text: str) -> array[int] | None:
    """The offset of every section header's ``[``, found in one regex pass
    over the text, or None when the quick split could be wrong and the text
    must be scanned eagerly. :func:`header_at` reads a header at an offset.
    """
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None  # a lone "\r" line ending: the pattern would not see those lines
    if "[" in text and (
        _INDENTED_BRACKET.search(text) is not None
        or _INDENTED_BRACKET_FIRST.match(text) is not None
    ):
        return None
    # the pattern starts at the "\n" before "[": the first line is apart
    offsets = array("q", [0] if _HEADER_AT.match(text) is not None else [])
    offsets.extend(match.start() + 1 for match in _HEADER.finditer(text))
    return offsets


def header_at(text: str, offset: int) -> tuple[str, str, int]:
    """The section name, line ending and end offset (before the ending) of
    the header that :func:`split` found at ``offset``."""
    match = _HEADER_AT.match(text, offset)
    assert match is not None, "offset is not a header found by split()"
    name, ending = match.groups()
    return name, ending, match.end()


def find_header(text: str, name: str) -> int | None:
    """Offset of the first header (as :func:`split` finds them) of section
    ``name``, or None. One regex search: for texts :func:`split` accepts."""
    if not name or "\n" in name or "\r" in name:
        return None  # no header has such a name (and "\n" would match across lines)
    pattern = re.compile(r"\n\[" + re.escape(name) + r"\][^\]\r\n]*(?=\r?\n|\Z)")
    first_end = text.find("\n") + 1 or len(text)
    if pattern.match("\n" + text[:first_end]):  # the first line has no "\n" before it
        return 0
    match = pattern.search(text)
    return None if match is None else match.start() + 1


def scan(
    text: str,
    parent: Section,
    rel: int,
    *,
    allow_headers: bool = False,
) -> list[Node | HeaderMark]:
    """Scan lines into nodes, mirroring configparser's loop.

    ``rel`` is the line offset (from the parent's first line) of the first
    line of ``text``. With ``allow_headers`` section headers are returned as
    :class:`HeaderMark` items and the nodes after one belong to that section
    (their ``rel`` counts from the header line); otherwise the text must not
    hold a header (the quick split guarantees it).
    """
    items: list[Node | HeaderMark] = []
    pending: list[Blank | Comment] = []
    option: Option | None = None
    indent_level = 0
    append = items.append
    for content, ending in _lines(text):
        first = content[:1]
        if first and first not in "[;#" and not first.isspace():
            # the common case: an option line at column 0
            if pending:
                items.extend(pending)
                pending = []
            indent_level = 0
            equal = content.find("=")
            colon = content.find(":")
            if equal < 0 or (0 <= colon < equal):
                equal = colon
            raw_key = content[:equal].rstrip() if equal > 0 else ""
            if raw_key:
                rest = content[equal + 1 :].lstrip()
                option = Option(
                    parent,
                    rel,
                    "",
                    raw_key,
                    content[len(raw_key) : len(content) - len(rest)],
                    rest,
                    ending,
                )
                append(option)
            else:
                option = None
                append(Invalid(parent, rel, content, ending))
            rel += 1
            continue
        stripped = content.strip()
        if not stripped:
            pending.append(Blank(parent, rel, content, ending))
            rel += 1
            continue
        first = stripped[0]
        if first == ";" or first == "#":
            pending.append(Comment(parent, rel, content, ending))
            rel += 1
            continue
        indent = len(content) - len(content.lstrip())
        if option is not None and indent > indent_level:
            option._absorb(pending, content, ending)
            pending = []
            rel += 1
            continue
        if pending:
            items.extend(pending)
            pending = []
        indent_level = indent
        option = None
        if first == "[" and allow_headers:
            sm = _SECTION.match(stripped)
            if sm is not None:
                append(HeaderMark(sm.group(1), content, ending, rel))
                rel = 1
                continue
        # configparser: the key is everything before the first "=" or ":"
        equal = content.find("=")
        colon = content.find(":")
        if equal < 0 or (0 <= colon < equal):
            equal = colon
        raw_key = content[indent:equal].rstrip() if equal > indent else ""
        if not raw_key:
            append(Invalid(parent, rel, content, ending))
        else:
            rest = content[equal + 1 :].lstrip()
            option = Option(
                parent,
                rel,
                content[:indent],
                raw_key,
                content[indent + len(raw_key) : len(content) - len(rest)],
                rest,
                ending,
            )
            append(option)
        rel += 1
    items.extend(pending)
    return items


def _lines(text: str) -> Iterator[tuple[str, str]]:
    """(content, ending) of each line; endings are \\n, \\r\\n or \\r."""
    if "\r" not in text:
        lines = text.split("\n")
        ending = "\n"
    elif text.count("\r\n") == text.count("\n") == text.count("\r"):
        lines = text.split("\r\n")
        ending = "\r\n"
    else:
        parts = _LINE_SPLIT.split(text)
        if parts[-1] == "":
            parts.pop()
        else:
            parts.append("")
        return zip(parts[0::2], parts[1::2], strict=True)
    last = lines.pop()
    if last:
        return chain(zip(lines, repeat(ending)), ((last, ""),))
    return zip(lines, repeat(ending))


def scan_values(text: str) -> dict[str, str]:
    """The ``{name: value}`` of a section body (first occurrence of a name
    wins), without building nodes: the same line loop as :func:`scan`,
    about twice as fast, for whole-file reads such as validation. The tests
    check that it agrees with the nodes on every corpus and generated file.
    """
    return scan_values_checked(text)[0]


def scan_values_checked(
    text: str, spellings: dict[str, str] | None = None
) -> tuple[dict[str, str], bool]:
    """:func:`scan_values`, and whether the body is certainly free of syntax
    problems: every line is blank, a comment, a column-0 option line or a
    continuation line that does not look like ``name =``, and no option name
    comes twice. When it is False the body may hold a problem, and only a
    full :func:`scan` tells. ``spellings``, when given, receives the key of
    each option name as first written (``{"name": "Name"}``)."""
    values: dict[str, str] = {}
    clean = True
    indented_option = INDENTED_OPTION.match
    key: str | None = None  # name of the open option, None when none is open
    value = ""  # the open option's first value line
    parts: list[str] | None = None  # all its value lines, once it has more than one
    indent_level = 0
    blanks = 0  # blank lines seen since the open option's last value line
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        lines: list[str] = [content for content, _ in _lines(text)]
    else:
        # "\r\n" endings leave a "\r" at the end of each line, which every
        # use of the line below strips or ignores
        lines = text.split("\n")
    for content in lines:
        first = content[:1]
        if first and first not in "[;#" and not first.isspace():
            if key is not None:
                if key not in values:
                    values[key] = value if parts is None else "\n".join(parts).rstrip()
                else:
                    clean = False  # a duplicate option
            indent_level = 0
            equal = content.find("=")
            if equal < 0:
                equal = content.find(":")
            else:
                colon = content.find(":", 0, equal)
                if colon >= 0:
                    equal = colon
            raw_key = content[:equal].rstrip() if equal > 0 else ""
            if raw_key:
                key = raw_key.lower()
                value = content[equal + 1 :].strip()
                parts = None
                if spellings is not None:
                    spellings.setdefault(key, raw_key)
            else:
                key = None
                clean = False  # not an option line
            blanks = 0
            continue
        stripped = content.strip()
        if not stripped:
            blanks += 1
            continue
        first = stripped[0]
        if first == ";" or first == "#":
            continue
        indent = len(content) - len(content.lstrip())
        if key is not None and indent > indent_level:
            if parts is None:
                parts = [value]
            if blanks:
                parts.extend([""] * blanks)
                blanks = 0
            parts.append(stripped)
            if clean and indented_option(stripped) is not None:
                clean = False
            continue
        # an indented line that continues no option, or "[" at column 0
        clean = False
        if key is not None and key not in values:
            values[key] = value if parts is None else "\n".join(parts).rstrip()
        blanks = 0
        indent_level = indent
        equal = content.find("=")
        colon = content.find(":")
        if equal < 0 or (0 <= colon < equal):
            equal = colon
        raw_key = content[indent:equal].rstrip() if equal > indent else ""
        if raw_key:
            key = raw_key.lower()
            value = content[equal + 1 :].strip()
            parts = None
            if spellings is not None:
                spellings.setdefault(key, raw_key)
        else:
            key = None
    if key is not None:
        if key not in values:
            values[key] = value if parts is None else "\n".join(parts).rstrip()
        else:
            clean = False
    return values, clean
