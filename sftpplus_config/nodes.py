"""Syntax nodes: the lines of a section
([`Option`][sftpplus_config.syntax.Option] with its continuation lines,
[`Comment`][sftpplus_config.syntax.Comment],
[`Blank`][sftpplus_config.syntax.Blank],
[`Invalid`][sftpplus_config.syntax.Invalid]).

Each node keeps its text as written and knows its line relative to the
section that holds it, so that spans stay right after edits elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exceptions import EditError
from .span import Span

if TYPE_CHECKING:
    from .section import Section

__all__ = ["Blank", "Comment", "Invalid", "Node", "Option"]

_VALUE, _BLANK, _COMMENT = 0, 1, 2


class Node:
    """A node of the syntax tree: one or more whole lines of a section."""

    __slots__ = ("_parent", "_rel")

    def __init__(self, parent: Section, rel: int) -> None:
        self._parent = parent
        self._rel = rel

    @property
    def section(self) -> Section:
        """The section (or preamble) that holds this node."""
        return self._parent

    @property
    def line(self) -> int:
        """1-based line of the node's first line."""
        return self._parent.line + self._rel

    @property
    def line_count(self) -> int:
        """How many lines the node has (1; an option counts its continuation
        lines)."""
        return 1

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        """The node's lines as they will be written, line endings included."""
        raise NotImplementedError

    @property
    def span(self) -> Span:  # pragma: no cover - overridden
        """Where the node is in the file (1-based lines and columns)."""
        raise NotImplementedError


class _LineNode(Node):
    __slots__ = ("_content", "_ending")

    def __init__(self, parent: Section, rel: int, content: str, ending: str) -> None:
        self._parent = parent
        self._rel = rel
        self._content = content
        self._ending = ending

    @property
    def content(self) -> str:
        """The line as written, without its line ending."""
        return self._content

    @property
    def ending(self) -> str:
        """The line ending: ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``""`` (last line)."""
        return self._ending

    @property
    def text(self) -> str:
        """The line as it will be written, with its line ending."""
        return self._content + self._ending

    @property
    def span(self) -> Span:
        """The line's text, from its first to its last non-blank character."""
        line = self.line
        indent = len(self._content) - len(self._content.lstrip())
        return Span(line, indent + 1, line, len(self._content.rstrip()) + 1)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._content!r}, line={self.line})"


class Blank(_LineNode):
    """An empty or whitespace-only line."""

    __slots__ = ()

    @property
    def span(self) -> Span:
        """The whole line."""
        line = self.line
        return Span(line, 1, line, len(self._content) + 1)


class Comment(_LineNode):
    """A full-line comment (``;`` or ``#`` as first non-blank character)."""

    __slots__ = ()

    @property
    def comment(self) -> str:
        """The comment text, from its ``;``/``#`` to the end of the line."""
        return self._content.strip()


class Invalid(_LineNode):
    """A line that is neither a header, an option nor a comment. It is kept
    as written and reported as a ``syntax-error`` finding."""

    __slots__ = ()


class Option(Node):
    """``key = value`` with its continuation lines.

    ``raw_key`` is the key as written; ``name`` is its lower-case form, which
    is how SFTPPlus (configparser) matches option names. ``value`` follows
    configparser: each line stripped, comment lines dropped, blank lines kept
    as empty lines when more continuation lines follow, lines joined with
    ``\\n``.
    """

    __slots__ = ("_delim", "_ending", "_indent", "_more", "_rest", "raw_key")

    def __init__(
        self,
        parent: Section,
        rel: int,
        indent: str,
        raw_key: str,
        delim: str,
        rest: str,
        ending: str,
    ) -> None:
        self._parent = parent
        self._rel = rel
        self._indent = indent
        self.raw_key = raw_key
        self._delim = delim
        self._rest = rest
        self._ending = ending
        self._more: list[tuple[int, str, str]] | None = None

    def _absorb(self, pending: list[Blank | Comment], content: str, ending: str) -> None:
        more = self._more
        if more is None:
            more = self._more = []
        for node in pending:
            more.append((_BLANK if type(node) is Blank else _COMMENT, node._content, node._ending))
        more.append((_VALUE, content, ending))

    # -- reading ---------------------------------------------------------
    @property
    def name(self) -> str:
        """The option name as SFTPPlus matches it (lower case)."""
        return self.raw_key.lower()

    @property
    def delimiter(self) -> str:
        """``=`` or ``:``, as written."""
        return self._delim.strip()

    @property
    def value(self) -> str:
        """The value as SFTPPlus reads it (multi-line values joined by ``\\n``)."""
        more = self._more
        if more is None:
            return self._rest.strip()
        values = [self._rest.strip()]
        for kind, content, _ in more:
            if kind == _VALUE:
                values.append(content.strip())
            elif kind == _BLANK:
                values.append("")
        return "\n".join(values).rstrip()

    @property
    def is_multiline(self) -> bool:
        """Whether the value goes on over continuation lines."""
        return self._more is not None

    @property
    def line_count(self) -> int:
        """How many lines the option has: its first line and its continuation
        lines."""
        return 1 if self._more is None else 1 + len(self._more)

    @property
    def first_line(self) -> str:
        """The option's first line as written (indentation, key, delimiter,
        value), without its line ending."""
        return self._indent + self.raw_key + self._delim + self._rest

    @property
    def ending(self) -> str:
        """The line ending of the option's first line."""
        return self._ending

    @property
    def text(self) -> str:
        """The option's lines as they will be written, continuation lines and
        line endings included."""
        first = self._indent + self.raw_key + self._delim + self._rest + self._ending
        if self._more is None:
            return first
        return first + "".join(content + ending for _, content, ending in self._more)

    @property
    def span(self) -> Span:
        """From the key's first character to the end of the last value line."""
        line = self.line
        if self._more is None:
            return Span(line, len(self._indent) + 1, line, len(self.first_line.rstrip()) + 1)
        last = self._more[-1][1]
        return Span(line, len(self._indent) + 1, line + len(self._more), len(last.rstrip()) + 1)

    @property
    def key_span(self) -> Span:
        """The option's name, as written, on its first line."""
        line = self.line
        column = len(self._indent) + 1
        return Span(line, column, line, column + len(self.raw_key))

    def value_line_spans(self) -> list[Span]:
        """One span per value line (the first line's value and each
        continuation line, blank ones included; comment lines excluded)."""
        line = self.line
        start = len(self._indent) + len(self.raw_key) + len(self._delim) + 1
        spans = [Span(line, start, line, start + len(self._rest.rstrip()))]
        for offset, (kind, content, _) in enumerate(self._more or (), start=1):
            if kind == _COMMENT:
                continue
            indent = len(content) - len(content.lstrip())
            spans.append(Span(line + offset, indent + 1, line + offset, len(content.rstrip()) + 1))
        return spans

    @property
    def value_span(self) -> Span:
        """From the first character of the value to the end of its last line."""
        spans = self.value_line_spans()
        first, last = spans[0], spans[-1]
        return Span(first.line, first.column, last.end_line, last.end_column)

    def continuation_lines(self) -> list[tuple[Span, str]]:
        """(span, stripped text) of each non-blank continuation value line."""
        out: list[tuple[Span, str]] = []
        line = self.line
        for offset, (kind, content, _) in enumerate(self._more or (), start=1):
            if kind == _VALUE:
                indent = len(content) - len(content.lstrip())
                out.append(
                    (
                        Span(line + offset, indent + 1, line + offset, len(content.rstrip()) + 1),
                        content.strip(),
                    )
                )
        return out

    def __repr__(self) -> str:
        return f"Option({self.raw_key!r}, {self.value!r}, line={self.line})"

    # -- editing (through Section.set) -------------------------------------
    def _continuation_indent(self) -> str | None:
        for kind, content, _ in self._more or ():
            if kind == _VALUE:
                return content[: len(content) - len(content.lstrip())]
        return None

    def _replace_value(self, lines: list[str], indent: str, default_ending: str) -> list[Node]:
        """Set the value lines; returns trailing comment nodes that no longer
        sit between value lines (the caller puts them after the option)."""
        first, rest = lines[0], lines[1:]
        if first:
            if self._delim and self._delim[0].isspace() and not self._delim[-1].isspace():
                self._delim += " "
        else:
            self._delim = self._delim.rstrip()
        self._rest = first
        old = self._more or []
        last_ending = old[-1][2] if old else self._ending
        more: list[tuple[int, str, str]] = []
        queue = list(rest)
        for kind, content, ending in old:
            if kind == _COMMENT:
                more.append((kind, content, ending))
            elif queue:
                text = queue.pop(0)
                if text:
                    more.append((_VALUE, indent + text, ending))
                else:
                    more.append((_BLANK, "", ending))
        for text in queue:
            more.append(
                (_VALUE, indent + text, default_ending) if text else (_BLANK, "", default_ending)
            )
        trailing: list[tuple[int, str, str]] = []
        while more and more[-1][0] != _VALUE:
            trailing.insert(0, more.pop())
        lines_all = [self._ending] + [ending for _, _, ending in more + trailing]
        # every line but the last needs a line ending; the last keeps the old last one
        fixed = [e or default_ending for e in lines_all[:-1]] + [last_ending]
        self._ending = fixed[0]
        more = [(k, c, e) for (k, c, _), e in zip(more, fixed[1 : 1 + len(more)], strict=True)]
        trailing = [
            (k, c, e) for (k, c, _), e in zip(trailing, fixed[1 + len(more) :], strict=True)
        ]
        self._more = more or None
        parent = self._parent
        return [
            (Comment if kind == _COMMENT else Blank)(parent, 0, content, ending)
            for kind, content, ending in trailing
        ]


def _check_value(value: str) -> list[str]:
    """Split a value into lines, refusing what would not read back equal."""
    if "\r" in value:
        raise EditError("a value cannot contain a carriage return (\\r)")
    lines = value.split("\n")
    for number, text in enumerate(lines, start=1):
        if text != text.strip():
            raise EditError(
                f"line {number} of the value starts or ends with whitespace, "
                "which SFTPPlus strips when it reads the file"
            )
        if number > 1 and text[:1] in (";", "#"):
            raise EditError(
                f"line {number} of the value starts with {text[0]!r}: on a "
                "continuation line it would be read back as a comment"
            )
    if len(lines) > 1 and lines[-1] == "":
        raise EditError("a value cannot end with an empty line: SFTPPlus drops it")
    return lines


def _keep_lines_apart(ending: str, nodes: list[Node]) -> None:
    """Make sure no line of ``nodes`` joins the line before it.

    A line that ends in a lone ``\r``, followed by an empty line that ends
    in ``\n``, would be read back as one line ending in ``\r\n``: the
    empty line would vanish. An edit can put two such lines side by side
    (a blank line added after the file's last line, a line removed between
    them); then the empty line takes the lone ``\r`` of the line before.
    ``ending`` is the ending of the line before the first node. The text
    as loaded never has such a pair (the parser reads it as one line)."""
    for node in nodes:
        if isinstance(node, _LineNode):
            if ending == "\r" and not node._content and node._ending == "\n":
                node._ending = "\r"
            ending = node._ending
        elif isinstance(node, Option):
            ending = node._ending
            more = node._more
            if more is not None:
                for index, (kind, content, line_ending) in enumerate(more):
                    if ending == "\r" and not content and line_ending == "\n":
                        line_ending = "\r"
                        more[index] = (kind, content, line_ending)
                    ending = line_ending


def _strip_last_ending(node: Node) -> None:
    if isinstance(node, Option):
        if node._more:
            kind, content, _ = node._more[-1]
            node._more[-1] = (kind, content, "")
        else:
            node._ending = ""
    elif isinstance(node, _LineNode):
        node._ending = ""
