"""The lossless syntax layer: a server.ini file as a tree of nodes that keeps
every byte, with a :class:`~sftpplus_config.span.Span` on every node.

A :class:`Document` holds a preamble (the lines before the first section
header) and :class:`Section` nodes. A section holds, in order, its
:class:`Option`, :class:`Comment`, :class:`Blank` and :class:`Invalid`
nodes. An option owns its continuation lines, and the blank and comment
lines between them. Blank and comment lines after an option's last
continuation line belong to the section.

Untouched sections are printed from the original text; only edited nodes are
rendered again. Sections are parsed the first time somebody looks inside
them, so reading one value of a 100k-section file does not parse the rest.
"""

from __future__ import annotations

import contextlib
import gc
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from . import _parser
from .exceptions import EditError, OptionNotFoundError, SectionNotFoundError
from .findings import Finding, Related
from .span import Span

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["Blank", "Comment", "Document", "Invalid", "Node", "Option", "Section"]

_VALUE, _BLANK, _COMMENT = 0, 1, 2
_INDENTED_OPTION = _parser.INDENTED_OPTION
_DELIM_SAMPLE = re.compile(r"^[A-Za-z_][\w.-]*([ \t]*[=:][ \t]*)[^\s]", re.MULTILINE)
_DEFAULT_INDENT = "    "
# A lazy document of this many sections or more answers its first
# _LAZY_LOOKUPS section lookups by searching the text, before it makes every
# section to index them (PRODUCT.md section 11: memory scales with the file).
_LAZY_INDEX_FROM = 50_000
_LAZY_LOOKUPS = 32


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector. Parsing makes many small objects
    and no reference cycles; without this, the collector's repeated passes
    over a growing heap cost ~40% on a large file and more on a file of very
    many small sections."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


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
        return 1

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def span(self) -> Span:  # pragma: no cover - overridden
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
        return self._content + self._ending

    @property
    def span(self) -> Span:
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
        return self._more is not None

    @property
    def line_count(self) -> int:
        return 1 if self._more is None else 1 + len(self._more)

    @property
    def first_line(self) -> str:
        return self._indent + self.raw_key + self._delim + self._rest

    @property
    def ending(self) -> str:
        """The line ending of the option's first line."""
        return self._ending

    @property
    def text(self) -> str:
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


def _check_section_name(name: str) -> None:
    if not name or name != name.strip():
        raise EditError(f"invalid section name {name!r}: empty or surrounded by whitespace")
    if "\n" in name or "\r" in name:
        raise EditError("a section name cannot contain a line break")


class Section:
    """A ``[name]`` section (or the document's preamble, whose ``name`` is
    ``None``) and the nodes up to the next section header."""

    __slots__ = (
        "_clean",
        "_doc",
        "_header",
        "_hending",
        "_index",
        "_items",
        "_line",
        "_modified",
        "_nlines",
        "_src",
        "name",
    )

    def __init__(
        self,
        doc: Document,
        name: str | None,
        header: str | None,
        hending: str,
        src: tuple[int, int, int] | None,
        line: int,
    ) -> None:
        self._doc = doc
        self.name = name
        self._header = header
        self._hending = hending
        self._src = src  # (start, body_start, end) in doc._source; None once rendered anew
        self._items: list[Node] | None = None
        self._index: dict[str, Option] | None = None
        self._line = line
        self._modified = False
        self._nlines: int | None = None
        # True: the unparsed text has no syntax problem (see _may_have_problems)
        self._clean: bool | None = None

    # -- structure -----------------------------------------------------------
    def _ensure(self) -> list[Node]:
        items = self._items
        if items is None:
            assert self._src is not None
            _, body_start, end = self._src
            first_rel = 0 if self._header is None else 1
            scanned = _parser.scan(self._doc._source[body_start:end], self, first_rel)
            # without allow_headers, scan returns nodes only
            items = self._items = cast("list[Node]", scanned)
        return items

    def _options_index(self) -> dict[str, Option]:
        index = self._index
        if index is None:
            index = {}
            for node in self._ensure():
                if type(node) is Option:
                    index.setdefault(node.raw_key.lower(), node)
            self._index = index
        return index

    @property
    def document(self) -> Document:
        return self._doc

    @property
    def nodes(self) -> list[Node]:
        """The section's nodes in order (a copy)."""
        return list(self._ensure())

    def options(self) -> list[Option]:
        """The option nodes, duplicates included, in file order."""
        return [node for node in self._ensure() if type(node) is Option]

    def keys(self) -> list[str]:
        """Option names (lower case), first occurrence order, no duplicates."""
        return list(self._options_index())

    def option(self, key: str) -> Option | None:
        """The (first) option node called ``key`` (any case), or None."""
        return self._options_index().get(key.lower())

    def get(self, key: str, default: str | None = None) -> str | None:
        node = self._options_index().get(key.lower())
        return default if node is None else node.value

    def __getitem__(self, key: str) -> str:
        node = self._options_index().get(key.lower())
        if node is None:
            raise OptionNotFoundError(self.name, key)
        return node.value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._options_index()

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def as_dict(self) -> dict[str, str]:
        """``{name: value}`` as configparser would give it (first occurrence
        wins for duplicates, which strict SFTPPlus refuses anyway)."""
        if self._items is None and self._src is not None:
            _, body_start, end = self._src
            values, self._clean = _parser.scan_values_checked(self._doc._source[body_start:end])
            return values
        return {key: node.value for key, node in self._options_index().items()}

    @property
    def kind(self) -> str | None:
        """``accounts`` for ``[accounts/…]``, ``server`` for ``[server]``."""
        if self.name is None:
            return None
        return self.name.partition("/")[0]

    @property
    def id(self) -> str | None:
        """The part after ``kind/``, or None for ``[server]``."""
        if self.name is None or "/" not in self.name:
            return None
        return self.name.partition("/")[2]

    # -- positions -------------------------------------------------------------
    @property
    def line(self) -> int:
        """1-based line of the header (1 for the preamble)."""
        doc = self._doc
        if doc._lines_dirty:
            doc._renumber()
        line = self._line
        if line == 0:
            line = self._line = doc._line_of(self)
        return line

    @property
    def span(self) -> Span:
        """The header line, from ``[`` to ``]`` (the whole first line for the
        preamble)."""
        line = self.line
        header = self._header
        if header is None:
            return Span(line, 1, line, 1)
        return Span(line, header.index("[") + 1, line, header.rindex("]") + 2)

    @property
    def end_line(self) -> int:
        return self.line + self.line_count - 1

    @property
    def line_count(self) -> int:
        cached = self._nlines
        if cached is not None:
            return cached
        if self._items is None and self._src is not None:
            start, _, end = self._src
            source = self._doc._source
            count = source.count("\n", start, end)
            if end > start and source[end - 1] != "\n":
                count += 1
        else:
            count = 0 if self._header is None else 1
            for node in self._ensure():
                count += node.line_count
        self._nlines = count
        return count

    # -- text ----------------------------------------------------------------
    @property
    def header(self) -> str | None:
        """The header line as written (without its ending)."""
        return self._header

    @property
    def text(self) -> str:
        """The section's lines as they will be written."""
        if not self._modified and self._src is not None:
            start, _, end = self._src
            return self._doc._source[start:end]
        head = "" if self._header is None else self._header + self._hending
        return head + "".join(node.text for node in self._ensure())

    def __repr__(self) -> str:
        return f"Section({self.name!r}, line={self.line})"

    # -- editing ---------------------------------------------------------------
    def _touch(self, lines_changed: bool = True) -> None:
        self._modified = True
        doc = self._doc
        doc._edited = True
        if lines_changed:
            self._nlines = None
            rel = 0 if self._header is None else 1
            for node in self._ensure():
                node._rel = rel
                rel += node.line_count
            doc._lines_dirty = True

    def _style(self) -> tuple[str, str]:
        """(delimiter, line ending) used by most option lines with a value."""
        delims: Counter[str] = Counter()
        endings: Counter[str] = Counter()
        for node in self._ensure():
            if type(node) is Option and node._rest.strip():
                delims[node._delim] += 1
                if node._ending:
                    endings[node._ending] += 1
        doc = self._doc
        delim = delims.most_common(1)[0][0] if delims else doc._default_delim()
        ending = endings.most_common(1)[0][0] if endings else doc._default_ending()
        return delim, ending

    def set(self, key: str, value: str) -> Option:
        """Set ``key`` to ``value`` (``\\n`` for multi-line values).

        An existing option keeps its key spelling, delimiter and spacing, and
        only its value lines change. A new option goes right after the last
        option of the section, in the delimiter and line-ending style most
        options of the section use.
        """
        if not key or key != key.strip() or any(c in key for c in "=:\n\r[") or key[0] in ";#":
            raise EditError(f"invalid option name {key!r}")
        lines = _check_value(value)
        node = self.option(key)
        delim, ending = self._style()
        if node is not None:
            if node.value == value and node._rest == node._rest.strip():
                return node
            indent = node._continuation_indent() or self._continuation_indent()
            if len(indent) <= len(node._indent):
                indent = node._indent + _DEFAULT_INDENT
            old_count = node.line_count
            trailing = node._replace_value(lines, indent, ending)
            if trailing:
                items = self._ensure()
                at = items.index(node) + 1
                items[at:at] = trailing
            self._touch(lines_changed=trailing != [] or node.line_count != old_count)
            return node
        items = self._ensure()
        at = 0
        for index, item in enumerate(items):
            if type(item) is Option:
                at = index + 1
        if any(type(n) is Invalid and n._content[:1].isspace() for n in items[at:]):
            # an indented line after the insertion point would become the new
            # option's continuation: append at the end of the section instead
            at = len(items)
        stops = any(type(n) is Invalid and not n._content[:1].isspace() for n in items[at:])
        if not stops and self._next_header_indented():
            raise EditError(
                f"cannot add `{key}` to [{self.name}]: the next section header is "
                "indented and would become part of the new option's value; move "
                "that header to column 1 first"
            )
        new = Option(self, 0, "", key, delim, "", ending)
        self._fix_previous_ending(items, at, ending, new)
        new._replace_value(lines, self._continuation_indent(), ending)
        items.insert(at, new)
        if self._index is not None:
            self._index.setdefault(key.lower(), new)
        self._touch()
        return new

    def _next_header_indented(self) -> bool:
        """Whether the header after this section starts with whitespace (a
        header configparser only reads as one when no option is open)."""
        doc = self._doc
        if not doc._indented_headers:
            return False  # the usual case, decided once when the file was read
        sections = doc._sections
        position = -1 if self._header is None else sections.index(self)
        if position + 1 < len(sections):
            header = sections[position + 1]._header
            return header is not None and header[:1].isspace()
        return False

    def _fix_previous_ending(self, items: list[Node], at: int, ending: str, new: Option) -> None:
        """The line before an insertion point may be the file's last line,
        without a line ending: give it one, and leave the new line without."""
        if at > 0:
            prev = items[at - 1]
            if isinstance(prev, Option):
                if prev._more:
                    kind, content, old = prev._more[-1]
                    if not old:
                        prev._more[-1] = (kind, content, ending)
                        new._ending = ""
                elif not prev._ending:
                    prev._ending = ending
                    new._ending = ""
            elif isinstance(prev, _LineNode) and not prev._ending:
                prev._ending = ending
                new._ending = ""
        elif self._header is not None and not self._hending:
            self._hending = ending
            new._ending = ""

    def _continuation_indent(self) -> str:
        for node in self._ensure():
            if type(node) is Option:
                indent = node._continuation_indent()
                if indent:
                    return indent
        return _DEFAULT_INDENT

    def remove(self, key: str) -> bool:
        """Remove every option called ``key`` (any case), continuation lines
        included. Returns False when there was none."""
        lower = key.lower()
        items = self._ensure()
        kept = [n for n in items if not (type(n) is Option and n.raw_key.lower() == lower)]
        if len(kept) == len(items):
            return False
        removed_last = items[-1] not in kept
        if removed_last:
            last = items[-1]
            assert isinstance(last, Option)
            had_no_ending = not (last._more[-1][2] if last._more else last._ending)
            if had_no_ending and kept:
                _strip_last_ending(kept[-1])
        items[:] = kept
        self._index = None
        self._touch()
        return True

    def __setitem__(self, key: str, value: str) -> None:
        self.set(key, value)

    def __delitem__(self, key: str) -> None:
        if not self.remove(key):
            raise OptionNotFoundError(self.name, key)


def _strip_last_ending(node: Node) -> None:
    if isinstance(node, Option):
        if node._more:
            kind, content, _ = node._more[-1]
            node._more[-1] = (kind, content, "")
        else:
            node._ending = ""
    elif isinstance(node, _LineNode):
        node._ending = ""


class Document:
    """A whole server.ini file. Create one with :func:`sftpplus_config.loads`
    or :func:`sftpplus_config.load`."""

    __slots__ = (
        "_default_delim_cache",
        "_default_ending_cache",
        "_edited",
        "_indented_headers",
        "_lazy",
        "_lines_dirty",
        "_lookups",
        "_name_index",
        "_preamble",
        "_section_list",
        "_source",
        "_starts",
        "bom",
        "path",
    )

    def __init__(self, source: str, *, bom: bool = False, path: str | None = None) -> None:
        self._source = source
        self.bom = bom
        self.path = path
        self._edited = False
        self._lines_dirty = False
        self._default_delim_cache: str | None = None
        self._default_ending_cache: str | None = None
        # Sections are kept as header offsets (``_starts``) until they are
        # needed: ``_lazy`` holds the Section objects made so far (None for
        # the others; sections added at the end follow the ``_starts`` ones).
        # A whole-file operation makes them all at once (``_sections``).
        self._starts: array[int] | None = None
        self._lazy: list[Section | None] | None = None
        self._section_list: list[Section] | None = None
        self._name_index: dict[str, Section] | None = None
        self._lookups = 0
        self._indented_headers = False
        with _collector_paused():
            self._build(source)

    def _build(self, source: str) -> None:
        starts = _parser.split(source)
        if starts is None:
            self._build_eagerly()
            return
        self._starts = starts
        self._lazy = [None] * len(starts)
        preamble_end = starts[0] if starts else len(source)
        self._preamble = Section(self, None, None, "", (0, 0, preamble_end), 1)

    def _lazy_section(self, position: int) -> Section:
        """The section at ``position`` while sections are kept lazily."""
        lazy = self._lazy
        starts = self._starts
        assert lazy is not None and starts is not None
        section = lazy[position]
        if section is None:
            section = lazy[position] = self._make_section(position)
        return section

    def _make_section(self, position: int) -> Section:
        starts = self._starts
        assert starts is not None
        end = starts[position + 1] if position + 1 < len(starts) else len(self._source)
        return self._section_at(starts[position], end)

    def _section_at(self, start: int, end: int) -> Section:
        """The section whose header (found by the quick split) starts at
        ``start`` and whose text ends at ``end``."""
        source = self._source
        name, ending, header_end = _parser.header_at(source, start)
        # line 0: counted on the first position asked for
        src = (start, header_end + len(ending), end)
        return Section(self, name, source[start:header_end], ending, src, 0)

    @property
    def _sections(self) -> list[Section]:
        """Every section, as objects (made now if they are still lazy)."""
        sections = self._section_list
        if sections is None:
            lazy, starts = self._lazy, self._starts
            assert lazy is not None and starts is not None
            ends = starts[1:]
            ends.append(len(self._source))
            make = self._section_at
            with _collector_paused():
                sections = [
                    make(start, end) if section is None else section
                    for start, end, section in zip(starts, ends, lazy, strict=False)
                ]
            sections.extend(cast("list[Section]", lazy[len(starts) :]))  # added since loading
            self._section_list = sections
            self._lazy = self._starts = None
            self._lines_dirty = True
        return sections

    @property
    def _index(self) -> dict[str, Section]:
        """First section of each name (built on first use)."""
        index = self._name_index
        if index is None:
            index = {}
            for section in self._sections:
                assert section.name is not None
                index.setdefault(section.name, section)
            self._name_index = index
        return index

    def _lookup(self, name: str) -> Section | None:
        """The first section called ``name``. A large lazy document answers
        the first few lookups with one regex search of the text each, so
        that reading or setting one value does not make every section."""
        index = self._name_index
        if index is not None:
            return index.get(name)
        lazy = self._lazy
        starts = self._starts
        if lazy is None or starts is None or len(lazy) < _LAZY_INDEX_FROM:
            return self._index.get(name)
        self._lookups += 1
        if self._lookups > _LAZY_LOOKUPS:
            return self._index.get(name)
        offset = _parser.find_header(self._source, name)
        if offset is not None:
            return self._lazy_section(bisect_left(starts, offset))
        for section in lazy[len(starts) :]:  # sections added since loading
            if section is not None and section.name == name:
                return section
        return None

    def _line_of(self, section: Section) -> int:
        """Line of a lazily made section whose line is not known yet."""
        src = section._src
        if self._lines_dirty or self._section_list is not None or src is None:
            self._renumber()
            return section._line
        return self._source.count("\n", 0, src[0]) + 1

    def _build_eagerly(self) -> None:
        """Scan the whole text at once (lone ``\\r`` endings, or indented
        lines that may be section headers)."""
        self._section_list = []
        self._name_index = {}
        preamble = Section(self, None, None, "", None, 1)
        preamble._items = []
        self._preamble = current = preamble
        line = 1
        for item in _parser.scan(self._source, preamble, 0, allow_headers=True):
            if isinstance(item, _parser.HeaderMark):
                line = current._line + item.rel if current is not preamble else 1 + item.rel
                current = Section(self, item.name, item.content, item.ending, None, line)
                current._items = []
                current._modified = True
                self._sections.append(current)
                self._index.setdefault(item.name, current)
            else:
                item._parent = current
                assert current._items is not None
                current._items.append(item)
        preamble._modified = True
        self._indented_headers = any(s._header[:1].isspace() for s in self._sections if s._header)

    # -- reading ---------------------------------------------------------------
    def parse_all(self) -> None:
        """Parse every section now (reads otherwise parse a section the first
        time it is looked at). Whole-file operations call this first."""
        # Parsing makes many small objects and no reference cycles: pausing
        # the cyclic collector makes a full parse about 40% faster.
        with _collector_paused():
            self._preamble._ensure()
            for section in self._sections:
                section._ensure()

    @property
    def preamble(self) -> Section:
        """The lines before the first section header (comments, usually)."""
        return self._preamble

    @property
    def sections(self) -> list[Section]:
        """All sections in file order, duplicates included (a copy)."""
        return list(self._sections)

    def section_names(self) -> list[str]:
        """Section names in file order, without duplicates."""
        return list(self._index)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._lookup(name) is not None

    def __getitem__(self, name: str) -> Section:
        section = self._lookup(name)
        if section is None:
            raise SectionNotFoundError(name)
        return section

    def __iter__(self) -> Iterator[Section]:
        return iter(list(self._sections))

    def __len__(self) -> int:
        lazy = self._lazy
        return len(self._sections) if lazy is None else len(lazy)

    def section(self, name: str) -> Section | None:
        """The (first) section called ``name`` (case-sensitive), or None."""
        return self._lookup(name)

    def get(self, section: str, option: str, default: str | None = None) -> str | None:
        node = self._lookup(section)
        return default if node is None else node.get(option, default)

    def to_dict(self) -> dict[str, dict[str, str]]:
        """``{section: {option: value}}`` with configparser's values (first
        occurrence of a duplicate section or option)."""
        return {name: section.as_dict() for name, section in self._index.items()}

    # -- text ------------------------------------------------------------------
    def dumps(self) -> str:
        """The whole file as text (a leading BOM included)."""
        bom = "\ufeff" if self.bom else ""
        if not self._edited:
            return bom + self._source
        parts = [bom, self._preamble.text]
        lazy = self._lazy
        if lazy is None:
            parts.extend(section.text for section in self._sections)
        else:
            parts.extend(self._lazy_texts(lazy))
        return "".join(parts)

    def _lazy_texts(self, lazy: list[Section | None]) -> Iterator[str]:
        """The sections' texts while they are lazy: the original text for
        each run of sections never made (so never edited)."""
        starts = self._starts
        assert starts is not None
        source = self._source
        count = len(starts)
        done = starts[0] if count else len(source)  # the text before is written
        for position in [i for i, section in enumerate(lazy) if section is not None]:
            section = lazy[position]
            assert section is not None
            start = starts[position] if position < count else len(source)
            if done < start:
                yield source[done:start]
            yield section.text
            done = starts[position + 1] if position + 1 < count else len(source)
        if done < len(source):
            yield source[done:]

    def save(self, path: str | PathLike[str] | None = None) -> None:
        """Write the file atomically (temporary file in the same folder,
        fsync, rename). An existing file keeps its permission bits."""
        from ._atomic import atomic_write

        target = path if path is not None else self.path
        if target is None:
            raise ValueError("no path: the document was not loaded from a file")
        atomic_write(target, self.dumps().encode("utf-8"))

    # -- positions -------------------------------------------------------------
    def _renumber(self) -> None:
        line = 1 + self._preamble.line_count
        for section in self._sections:
            section._line = line
            line += section.line_count
        self._lines_dirty = False

    def _default_ending(self) -> str:
        cached = self._default_ending_cache
        if cached is None:
            source = self._source
            crlf = source.count("\r\n")
            counts = {
                "\n": source.count("\n") - crlf,
                "\r\n": crlf,
                "\r": source.count("\r") - crlf,
            }
            best = max(counts, key=lambda k: counts[k])
            cached = self._default_ending_cache = best if counts[best] else "\n"
        return cached

    def _default_delim(self) -> str:
        cached = self._default_delim_cache
        if cached is None:
            counts: Counter[str] = Counter()
            for number, match in enumerate(_DELIM_SAMPLE.finditer(self._source)):
                counts[match.group(1)] += 1
                if number >= 2000:
                    break
            cached = self._default_delim_cache = counts.most_common(1)[0][0] if counts else " = "
        return cached

    # -- editing ---------------------------------------------------------------
    def set(self, section: str, option: str, value: str, *, create: bool = True) -> Option:
        """Set an option, adding the section at the end when it is missing
        (unless ``create`` is False)."""
        node = self._lookup(section)
        if node is None:
            if not create:
                raise SectionNotFoundError(section)
            node = self.add_section(section)
        return node.set(option, value)

    def unset(self, section: str, option: str | None = None) -> bool:
        """Remove an option, or the whole section when ``option`` is None.
        Returns False when there was nothing to remove."""
        node = self._lookup(section)
        if node is None:
            return False
        if option is None:
            self.remove_section(section)
            return True
        return node.remove(option)

    def _last_node_owner(self) -> Section:
        lazy = self._lazy
        if lazy is None:
            return self._sections[-1] if self._sections else self._preamble
        if not lazy:
            return self._preamble
        last = lazy[-1]
        return self._lazy_section(len(lazy) - 1) if last is None else last

    def add_section(self, name: str) -> Section:
        """Append ``[name]`` at the end of the file, after a blank line."""
        _check_section_name(name)
        if self._lookup(name) is not None:
            raise EditError(f"section [{name}] already exists")
        ending = self._default_ending()
        owner = self._last_node_owner()
        items = owner._ensure()
        if owner._header is not None or items:
            last: Node | None = items[-1] if items else None
            if last is None:
                if not owner._hending:
                    owner._hending = ending
            elif isinstance(last, Option):
                tail = last._more[-1][2] if last._more else last._ending
                if not tail:
                    if last._more:
                        kind, content, _ = last._more[-1]
                        last._more[-1] = (kind, content, ending)
                    else:
                        last._ending = ending
            elif isinstance(last, _LineNode) and not last._ending:
                last._ending = ending
            if not isinstance(last, Blank):
                items.append(Blank(owner, 0, "", ending))
            owner._touch()
        section = Section(self, name, f"[{name}]", ending, None, 0)
        section._items = []
        section._modified = True
        if self._lazy is not None:
            self._lazy.append(section)
        else:
            self._sections.append(section)
        if self._name_index is not None:
            self._name_index[name] = section
        self._edited = True
        self._lines_dirty = True
        return section

    def remove_section(self, name: str) -> None:
        """Remove every section called ``name`` with its options. The comment
        lines right above its header go with it (unless they are the file's
        preamble); blank and comment lines at
        its end, which introduce the next section, stay."""
        if name not in self._index:
            raise SectionNotFoundError(name)
        while name in self._index:
            section = self._index[name]
            if section._next_header_indented():
                raise EditError(
                    f"cannot remove [{name}]: the next section header is indented "
                    "and would become part of the previous section's last value; "
                    "move that header to column 1 first"
                )
            position = self._sections.index(section)
            previous = self._sections[position - 1] if position > 0 else self._preamble
            prev_items = previous._ensure()
            # comments right above the header describe it (but the file's
            # preamble comments describe the whole file: they stay)
            while (
                previous is not self._preamble
                and prev_items
                and isinstance(prev_items[-1], Comment)
            ):
                prev_items.pop()
            items = section._ensure()
            keep_from = len(items)
            while keep_from > 0 and isinstance(items[keep_from - 1], Blank | Comment):
                keep_from -= 1
            kept = items[keep_from:]
            if (
                kept
                and prev_items
                and isinstance(prev_items[-1], Blank)
                and isinstance(kept[0], Blank)
            ):
                kept = kept[1:]
            for node in kept:
                node._parent = previous
            prev_items.extend(kept)
            previous._index = None
            previous._touch()
            del self._sections[position]
            del self._index[name]
            for other in self._sections:
                if other.name == name:
                    self._index[name] = other
                    break
        self._edited = True
        self._lines_dirty = True

    def rename_section(self, old: str, new: str) -> Section:
        """Rename ``[old]`` to ``[new]``; only the header line changes."""
        _check_section_name(new)
        section = self[old]
        if new in self._index:
            raise EditError(f"section [{new}] already exists")
        header = section._header
        assert header is not None
        start, end = header.index("[") + 1, header.rindex("]")
        section._header = header[:start] + new + header[end:]
        section.name = new
        section._ensure()
        section._touch(lines_changed=False)
        self._name_index = None
        return section

    # -- syntax problems ---------------------------------------------------------
    def problems(self) -> list[Finding]:
        """Syntax-level findings, in file order: ``syntax-error``,
        ``duplicate-section``, ``duplicate-option``,
        ``option-outside-section`` and ``indented-option`` (an indented
        continuation line that looks like ``name = value``; the validator keeps
        only those whose name is a known option)."""
        found: list[Finding] = []
        seen: dict[str, Section] = {}
        with _collector_paused():
            for owner in [self._preamble, *self._sections]:
                if owner.name is not None:
                    first = seen.setdefault(owner.name, owner)
                    if first is not owner:
                        found.append(
                            Finding(
                                "duplicate-section",
                                "error",
                                f"section [{owner.name}] is defined again "
                                f"(first defined at line {first.line})",
                                owner.span,
                                section=owner.name,
                                hint="merge the two sections into one: SFTPPlus refuses "
                                "a file with duplicate sections",
                                related=(Related(first.span, "first defined here"),),
                            )
                        )
                if _may_have_problems(owner):
                    found.extend(_section_problems(owner))
        found.sort(key=lambda f: (f.span.line, f.span.column))
        return found


def _may_have_problems(section: Section) -> bool:
    """False only when the section is not parsed yet and its text is known
    to hold no syntax problem, so that :meth:`Document.problems` need not
    parse it. :meth:`Section.as_dict` records that while it reads the
    values (a validator reads them first, then asks for the problems);
    otherwise it is worked out here the same way, which is still cheaper
    than building the nodes. Parsed sections and the preamble are always
    checked in full."""
    src = section._src
    if section._items is not None or src is None or section.name is None:
        return True
    clean = section._clean
    if clean is None:
        _, body_start, end = src
        _, clean = _parser.scan_values_checked(section._doc._source[body_start:end])
        section._clean = clean
    return not clean


def _section_problems(owner: Section) -> Iterator[Finding]:
    keys: dict[str, Option] = {}
    for node in owner._ensure():
        kind = type(node)
        if kind is Option:
            assert isinstance(node, Option)
            if owner.name is None:
                yield Finding(
                    "option-outside-section",
                    "error",
                    f"option `{node.raw_key}` comes before any section header",
                    node.key_span,
                    option=node.name,
                    hint="move it under the section it belongs to, e.g. below [server]",
                )
            else:
                first = keys.setdefault(node.name, node)
                if first is not node:
                    yield Finding(
                        "duplicate-option",
                        "error",
                        f"option `{node.raw_key}` is set again in [{owner.name}] "
                        f"(first set at line {first.line})",
                        node.key_span,
                        section=owner.name,
                        option=node.name,
                        hint="keep only one of them: SFTPPlus refuses duplicate options",
                        related=(Related(first.key_span, "first set here"),),
                    )
            for span, text in node.continuation_lines():
                match = _INDENTED_OPTION.match(text)
                if match is not None:
                    yield Finding(
                        "indented-option",
                        "error",
                        f"indented line `{text}` is read as part of the value of "
                        f"`{node.raw_key}`, not as an option",
                        span,
                        section=owner.name,
                        option=match.group(1).lower(),
                        hint="remove the indentation so that the option starts at column 1",
                    )
        elif kind is Invalid:
            assert isinstance(node, Invalid)
            content = node.content.strip()
            if content.startswith(("=", ":")):
                message = "option name missing before the delimiter"
                hint = "write `name = value`"
            elif content.startswith("["):
                message = f"`{content}` is not a valid section header"
                hint = "write the section name between [ and ], e.g. [accounts/<uuid>]"
            else:
                message = f"line `{content}` is neither a section, an option nor a comment"
                hint = (
                    "write `name = value`, start the line with `#` to make it a comment, "
                    "or indent it to continue the previous value"
                )
            yield Finding(
                "syntax-error",
                "error",
                message,
                node.span,
                section=owner.name,
                hint=hint,
            )
