"""A section of a server.ini file: its header and its nodes, parsed the
first time somebody looks inside it, and the edits of its options."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from . import _parser
from .exceptions import EditError, OptionNotFoundError
from .nodes import (
    Invalid,
    Node,
    Option,
    _check_value,
    _keep_lines_apart,
    _LineNode,
    _strip_last_ending,
)
from .span import Span

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Section"]

_DEFAULT_INDENT = "    "


def _check_option_name(key: str) -> None:
    """Refuse a name that cannot be an option name on its own (the line it
    makes is checked by `_check_new_line`)."""
    if not key or key != key.strip() or any(c in key for c in "=:\n\r") or key[0] in ";#":
        raise EditError(f"invalid option name {key!r}")


def _check_new_line(parent: Section, key: str, delim: str, first: str, indent: str = "") -> None:
    """Refuse an option's first line that would not read back as that
    option: the parser itself is asked (``[a] = 1`` is a section header,
    ``a[0] = 1`` an option, and so is ``[a = b``, but not ``[a = b]``)."""
    line = indent + key + delim + first
    items = _parser.scan(line, parent, 0, allow_headers=True)
    node = items[0] if len(items) == 1 else None
    if not (type(node) is Option and node.raw_key == key and node.value == first):
        raise EditError(
            f"cannot write `{key}` = {first!r}: the line `{line.strip()}` would not be "
            "read back as this option (it would be a section header)"
        )


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
        "_pos",
        "_src",
        "_values",
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
        # position in the document's section list; negative once removed
        # (see Document._neighbour)
        self._pos = 0
        # the values read without making nodes, while there are none
        self._values: dict[str, str] | None = None

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
            self._values = None  # the nodes answer from now on
        return items

    def _read(self) -> dict[str, str] | None:
        """The values of a section that has no nodes yet (read once, without
        making nodes: reading every value of a file section by section costs
        about what ``Document.to_dict`` does), or None when it has nodes."""
        if self._items is not None or self._src is None:
            return None
        values = self._values
        if values is None:
            _, body_start, end = self._src
            values, self._clean = _parser.scan_values_checked(self._doc._source[body_start:end])
            self._values = values
        return values

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
        """The document the section belongs to."""
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
        values = self._read()
        return list(self._options_index() if values is None else values)

    def option(self, key: str) -> Option | None:
        """The (first) option node called ``key`` (any case), or None."""
        return self._options_index().get(key.lower())

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of option ``key`` (any case; the first one when it is
        written twice), continuation lines joined with ``\n``; ``default`` when
        the section has no such option."""
        values = self._read()
        if values is not None:
            return values.get(key.lower(), default)
        node = self._options_index().get(key.lower())
        return default if node is None else node.value

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise OptionNotFoundError(self.name, key)
        return value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        values = self._read()
        return key.lower() in (self._options_index() if values is None else values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def items(self) -> list[tuple[str, str]]:
        """``(key, value)`` of each option, the key as first written, in file
        order; the first occurrence of a name wins, as in `as_dict`."""
        if self._items is None and self._src is not None:
            _, body_start, end = self._src
            spellings: dict[str, str] = {}
            values, _ = _parser.scan_values_checked(self._doc._source[body_start:end], spellings)
            return [(spellings[name], value) for name, value in values.items()]
        return [(node.raw_key, node.value) for node in self._options_index().values()]

    def same_text(self, other: Section) -> bool:
        """Whether the two sections are written exactly alike (header, options,
        comments, line endings): then they read the same, whatever file each
        is in. Cheaper than comparing their values."""
        one, two = self._src, other._src
        if one is not None and two is not None and not (self._modified or other._modified):
            size = one[2] - one[0]
            if size != two[2] - two[0]:
                return False
            return self._doc._source.startswith(other._doc._source[two[0] : two[2]], one[0])
        return self.text == other.text

    def as_dict(self) -> dict[str, str]:
        """``{name: value}`` as configparser would give it (first occurrence
        wins for duplicates, which strict SFTPPlus refuses anyway)."""
        if self._values is not None:
            return dict(self._values)
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
        """1-based line of the section's last line."""
        return self.line + self.line_count - 1

    @property
    def line_count(self) -> int:
        """How many lines the section has, its header included."""
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
        items = self._ensure()
        if lines_changed:
            self._nlines = None
            rel = 0 if self._header is None else 1
            for node in items:
                node._rel = rel
                rel += node.line_count
            doc._lines_dirty = True
        # lines the edit put side by side must not read back as one
        _keep_lines_apart(self._hending if self._header is not None else "", items)

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
        _check_option_name(key)
        lines = _check_value(value)
        node = self.option(key)
        delim, ending = self._style()
        if node is None:
            _check_new_line(self, key, delim, lines[0])
        else:
            _check_new_line(self, node.raw_key, node._delim, lines[0], node._indent)
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
        if self._header is None:
            sections = doc._sections
            following = sections[0] if sections else None
        else:
            following = doc._neighbour(self, 1)
        header = following._header if following is not None else None
        return header is not None and header[:1].isspace()

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
