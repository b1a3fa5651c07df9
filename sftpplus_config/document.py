"""A whole server.ini file: the preamble, the sections (kept as header
offsets until they are needed), lookups, whole-file text and the edits that
add, remove or rename sections."""

from __future__ import annotations

import contextlib
import os
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from . import _parser
from ._gc import collector_paused as _collector_paused
from .exceptions import AmbiguousNameError, EditError, SectionNotFoundError
from .nodes import Blank, Comment, Node, Option, _check_value, _LineNode
from .section import (
    Section,
    _check_new_line,
    _check_option_name,
    _check_section_name,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from os import PathLike

    from ._atomic import SaveResult
    from ._filestate import FileState
    from .components import Component
    from .findings import Finding

__all__ = ["Document"]

_DELIM_SAMPLE = re.compile(r"^[A-Za-z_][\w.-]*([ \t]*[=:][ \t]*)[^\s]", re.MULTILINE)
# A lazy document of this many sections or more answers its first
# _LAZY_LOOKUPS section lookups by searching the text, before it makes every
# section to index them (docs/performance.md: memory scales with the file).
_LAZY_INDEX_FROM = 50_000
_LAZY_LOOKUPS = 32
#: Lines of lazily made sections counted from the start of the text before
#: the line of every header is worked out in one pass.
_LINE_COUNTS = 4


class Document:
    """A whole server.ini file. Create one with
    [`sftpplus_config.loads`][sftpplus_config.api.loads] or
    [`sftpplus_config.load`][sftpplus_config.api.load]."""

    __slots__ = (
        "_default_delim_cache",
        "_default_ending_cache",
        "_duplicates",
        "_edited",
        "_indented_headers",
        "_index_ordered",
        "_lazy",
        "_line_lookups",
        "_lines_dirty",
        "_lookups",
        "_name_index",
        "_origin",
        "_positioned",
        "_preamble",
        "_removed",
        "_section_list",
        "_source",
        "_start_lines",
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
        # the line of each ``_starts`` header, worked out in one pass once
        # lines have been asked for more than a few times
        self._start_lines: array[int] | None = None
        self._line_lookups = 0
        self._indented_headers = False
        # what the file was when it was loaded (set by ``load``) or last saved
        self._origin: FileState | None = None
        # Removing a section leaves a tombstone in ``_section_list`` (the
        # section's ``_pos`` turns negative) until the next iteration
        # compacts the list: removal is O(1), not a search and a shift of
        # the whole list (``_removed`` counts the tombstones).
        self._removed = 0
        self._positioned = False  # whether every section's ``_pos`` is right
        self._duplicates: set[str] = set()  # names of more than one section
        # whether the name index's order is the file's (a rename or the
        # removal of a duplicate's first copy moves a name to its end)
        self._index_ordered = True
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
        sections = self._materialized()
        if self._removed:
            sections[:] = [section for section in sections if section._pos >= 0]
            self._removed = 0
            self._positioned = False
        return sections

    def _materialized(self) -> list[Section]:
        """The section list, made now if sections are still lazy, with the
        tombstones of removed sections still in it."""
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

    def _positions(self) -> list[Section]:
        """The materialized list, with every live section's ``_pos`` set."""
        sections = self._materialized()
        if not self._positioned:
            if self._removed:
                sections = self._sections
            for position, section in enumerate(sections):
                section._pos = position
            self._positioned = True
        return sections

    def _neighbour(self, section: Section, step: int) -> Section | None:
        """The live section before (``step`` -1) or after (+1) ``section``
        in the file, or None. Tombstones point at the live section that was
        before them, and the walk back shortens the chains it follows."""
        sections = self._positions()
        position = section._pos
        if step > 0:
            for other in sections[position + 1 :]:
                if other._pos >= 0:
                    return other
            return None
        at = position - 1
        passed: list[Section] = []
        while at >= 0 and sections[at]._pos < 0:
            passed.append(sections[at])
            at = -2 - sections[at]._pos
        for tombstone in passed:
            tombstone._pos = -2 - at
        return sections[at] if at >= 0 else None

    @property
    def _index(self) -> dict[str, Section]:
        """First section of each name (built on first use)."""
        index = self._name_index
        if index is None:
            index = {}
            duplicates = self._duplicates
            for section in self._sections:
                name = section.name
                assert name is not None
                if index.setdefault(name, section) is not section:
                    duplicates.add(name)
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
        starts = self._starts
        self._line_lookups += 1
        if starts is None or self._line_lookups <= _LINE_COUNTS:
            return self._source.count("\n", 0, src[0]) + 1
        # many lookups (a merge with a conflict per few sections): one pass
        # over the text, then a search per lookup, not a count from the start
        position = bisect_left(starts, src[0])
        if position == len(starts) or starts[position] != src[0]:
            return self._source.count("\n", 0, src[0]) + 1
        lines = self._start_lines
        if lines is None:
            lines = self._start_lines = self._lines_of_starts(starts)
        return lines[position]

    def _lines_of_starts(self, starts: array[int]) -> array[int]:
        """The line (1-based) of each header offset in ``starts``."""
        source = self._source
        lines = array("q")
        line, previous = 1, 0
        for start in starts:
            line += source.count("\n", previous, start)
            lines.append(line)
            previous = start
        return lines

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
                if self._index.setdefault(item.name, current) is not current:
                    self._duplicates.add(item.name)
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
        return list(self._ordered_index())

    def _ordered_index(self) -> dict[str, Section]:
        """The name index, in the file's order of first occurrences."""
        if not self._index_ordered:
            index: dict[str, Section] = {}
            for section in self._sections:
                assert section.name is not None
                index.setdefault(section.name, section)
            self._name_index = index
            self._index_ordered = True
        return self._index

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
        if lazy is not None:
            return len(lazy)
        return len(self._materialized()) - self._removed

    def section(self, name: str) -> Section | None:
        """The (first) section called ``name`` (case-sensitive), or None."""
        return self._lookup(name)

    def get(self, section: str, option: str, default: str | None = None) -> str | None:
        """The value of ``option`` in section ``section`` (as
        [`Section.get`][sftpplus_config.syntax.Section.get]), ``default`` when
        either is absent."""
        node = self._lookup(section)
        return default if node is None else node.get(option, default)

    # -- components ------------------------------------------------------------
    def components(self, kind: str | None = None, *, type: str | None = None) -> list[Component]:
        """The sections as [`Component`][sftpplus_config.components.Component]s,
        in file order (duplicates included): all of them, or those of one
        `kind` (`"accounts"`, `"server"`) and, with `type`, of one type
        (compared as SFTPPlus does: without case, aliases resolved, and a
        section without `type` has its kind's default type)."""
        from ._lookup import components

        return components(self, kind, type)

    def find(self, kind: str, *, name: str) -> Component | None:
        """The section of `kind` whose `name` option is `name` (trimmed, as
        the `duplicate-name` rule compares names), or None when there is
        none. Raises [`AmbiguousNameError`][sftpplus_config.exceptions.AmbiguousNameError]
        (with the spans of every one) when more than one has it."""
        found = self.find_all(kind, name=name)
        if len(found) > 1:
            raise AmbiguousNameError(
                kind,
                name,
                [c.section_name for c in found],
                [c.span for c in found],
                self.path,
            )
        return found[0] if found else None

    def find_all(self, kind: str, *, name: str) -> list[Component]:
        """Every section of `kind` whose `name` is `name`, in file order."""
        from ._lookup import find_all

        return find_all(self, kind, name)

    def copy(self) -> Document:
        """An independent document with this one's text (edits included),
        BOM and path. Saving the copy over the file this one was loaded
        from is guarded the same way (the file must still be what was
        loaded)."""
        text = self.dumps()
        copy = Document(text[1:] if self.bom else text, bom=self.bom, path=self.path)
        origin = self._origin
        if origin is not None and self._edited and origin.sha256 is None:
            from ._filestate import digest
            from ._record import replace

            origin = replace(origin, sha256=digest(self._loaded_bytes()))
        copy._origin = origin
        return copy

    def to_dict(self) -> dict[str, dict[str, str]]:
        """``{section: {option: value}}`` with configparser's values (first
        occurrence of a duplicate section or option)."""
        return {name: section.as_dict() for name, section in self._ordered_index().items()}

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

    def save(self, path: str | PathLike[str] | None = None) -> SaveResult:
        """Write the file atomically (temporary file in the same folder, fsync,
        rename); an existing file keeps its permission bits, owner and group
        (those we may set). Returns a
        [`SaveResult`][sftpplus_config._atomic.SaveResult] whose ``warnings``
        say what could not be kept (a hard link, the owner).

        Saving a loaded document back to the file it was loaded from
        (``save()``, or ``save(p)`` with ``p`` naming the same file) holds the
        file's lock ([`locked`][sftpplus_config.locking.locked]) and raises
        [`FileChangedError`][sftpplus_config.exceptions.FileChangedError],
        writing nothing, when the file is no longer what was loaded (or last
        saved): another program wrote it meanwhile, and its edit would be lost.
        """
        target = path if path is not None else self.path
        if target is None:
            raise ValueError("no path: the document was not loaded from a file")
        return self._write(target, self.dumps().encode("utf-8"))

    def _is_origin(self, path: str | PathLike[str]) -> bool:
        """Whether ``path`` is the file this document was loaded from (or
        last saved to)."""
        origin = self._origin
        return origin is not None and os.path.realpath(path) == origin.real_path

    def _write(self, target: str | PathLike[str], data: bytes, *, lock: bool = True) -> SaveResult:
        """Write ``data`` to ``target`` atomically; over the document's own
        file only when it is unchanged, holding its lock unless ``lock`` is
        False (see ``save``). The command line writes a command's result
        (``-o``) with it, without the lock, when the output is one of the
        files the command read."""
        from ._atomic import atomic_write
        from ._filestate import check_unchanged
        from .locking import locked

        origin = self._origin
        if origin is None or not self._is_origin(target):
            return atomic_write(target, data)
        shown = os.fspath(target)
        with locked(target) if lock else contextlib.nullcontext():
            result = atomic_write(
                target, data, check=lambda: check_unchanged(origin, shown, self._loaded_bytes)
            )
        self._origin = result.state
        return result

    def _loaded_bytes(self) -> bytes:
        """The bytes the document was loaded from (the decoding is exact)."""
        return (("\ufeff" if self.bom else "") + self._source).encode("utf-8")

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
            # refuse a bad option before the section is added: a refused
            # edit leaves the document as it was
            _check_option_name(option)
            lines = _check_value(value)
            _check_section_name(section)
            _check_new_line(self._preamble, option, self._default_delim(), lines[0])
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
            sections = self._materialized()
            if not sections:
                return self._preamble
            final = sections[-1]
            if final._pos < 0:  # removed: the live section before it
                return self._neighbour(final, -1) or self._preamble
            return final
        if not lazy:
            return self._preamble
        last = lazy[-1]
        return self._lazy_section(len(lazy) - 1) if last is None else last

    def add_section(self, name: str, options: Mapping[str, str] | None = None) -> Section:
        """Append `[name]` at the end of the file, after a blank line, with
        `options` (`{option: value}`, written in the mapping's order). The
        name and every option are checked first: a refused one
        ([`EditError`][sftpplus_config.exceptions.EditError]) adds nothing."""
        _check_section_name(name)
        if self._lookup(name) is not None:
            raise EditError(f"section [{name}] already exists")
        items = list(options.items()) if options is not None else []
        if items:
            self._check_new_options(items)
        section = self._append_section(name)
        for key, value in items:
            section.set(key, value)
        return section

    def _check_new_options(self, items: list[tuple[str, str]]) -> None:
        """Refuse options that a new section could not hold as given."""
        seen: set[str] = set()
        delim = self._default_delim()
        for key, value in items:
            _check_option_name(key)
            if key.lower() in seen:
                raise EditError(f"option {key!r} is given twice (option names ignore case)")
            seen.add(key.lower())
            _check_new_line(self._preamble, key, delim, _check_value(value)[0])

    def _append_section(self, name: str) -> Section:
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
            sections = self._materialized()
            section._pos = len(sections)
            sections.append(section)
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
        index = self._index
        if name not in index:
            raise SectionNotFoundError(name)
        sections = self._positions()
        while name in index:
            section = index[name]
            previous = self._neighbour(section, -1) or self._preamble
            prev_items = previous._ensure()
            if section._next_header_indented() and _would_continue(prev_items, section):
                raise EditError(
                    f"cannot remove [{name}]: the next section header is indented "
                    "and would become part of the previous section's last value; "
                    "move that header to column 1 first"
                )
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
            position = section._pos
            section._pos = -2 - (previous._pos if previous is not self._preamble else -1)
            self._removed += 1
            del index[name]
            if name in self._duplicates:
                for other in sections[position + 1 :]:
                    if other._pos >= 0 and other.name == name:
                        index[name] = other
                        self._index_ordered = False
                        break
                else:
                    self._duplicates.discard(name)
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
        if old in self._duplicates:
            self._name_index = None  # the next [old] becomes the first: rebuild
            self._index_ordered = True
            self._duplicates = set()
        else:
            index = self._index
            del index[old]
            index[new] = section
            self._index_ordered = False
        return section

    def problems(self) -> list[Finding]:
        """Syntax-level findings, in file order: ``syntax-error``,
        ``duplicate-section``, ``duplicate-option``,
        ``option-outside-section`` and ``indented-option`` (an indented
        continuation line that looks like ``name = value``, known option or
        not).

        This is the lower-level syntax report: no command refuses a file on it
        alone. Whether a file is acceptable is decided by
        [`sftpplus_config.acceptance.refusals`][sftpplus_config.acceptance.refusals],
        which keeps ``indented-option`` only for options the section knows (as
        ``validate`` does) and applies suppression comments."""
        from ._problems import problems

        return problems(self)


def _would_continue(before: list[Node], removed: Section) -> bool:
    """Whether the (indented) header after ``removed`` would continue the
    value of the option that ``before`` leaves open, once ``removed`` is
    gone. As the parser reads it: the last line that is not blank or a
    comment must be an option, indented less than the header."""
    following = removed._doc._neighbour(removed, 1)
    header = following._header if following is not None else None
    assert header is not None
    for node in reversed(before):
        if isinstance(node, Blank | Comment):
            continue
        indent = len(header) - len(header.lstrip())
        return isinstance(node, Option) and indent > len(node._indent)
    return False
