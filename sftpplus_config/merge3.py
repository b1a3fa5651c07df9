"""Section-aware three-way merge (docs/diff-and-merge.md).

``merge3(base, ours, theirs)`` works per option: what ``theirs`` changed since
``base`` is replayed on ``ours`` (the patch of
[`sftpplus_config.patch`][sftpplus_config.patch]), so

- a change made on one side only is taken;
- the same change on both sides is taken once;
- changes to different options, even of the same section, both go in;
- the same option changed differently on each side, an option removed on one
  side and changed on the other, or a section removed on one side and edited on
  the other, is a [`MergeConflict`][sftpplus_config.merge3.MergeConflict] with
  both spans.

The option merge does not see the lines SFTPPlus does not read as options:
comments, invalid lines, duplicate options, a duplicate section's later
copies, the lines before the first section, a BOM. No side's lines are
lost for that: the file is cut into units (the preamble, and each section
with the comment lines right above its header), and a unit whose *extra*
lines the option merge would not write as both sides want them is merged
as lines instead:

- changed on one side only: that side's unit is taken, as written;
- changed on both sides: theirs' changes go into the option merge's unit
  node by node (options matched by name), else the two sides' units are
  merged line by line; a result is taken when it reads as the option merge
  and has every extra line both sides added;
- otherwise the whole unit is a conflict, ours' version then theirs'.

A file whose one side did not change at all gives the other side, byte for
byte.

The merged text keeps ``ours``' formatting. Each conflict is written as
git-style markers around the lines concerned (``<<<<<<< ours``, ours' lines,
``=======``, theirs' lines, ``>>>>>>> theirs``), so git, editors and ``git
diff`` see a conflict;
[`Merge3Result`][sftpplus_config.merge3.Merge3Result]`.document` is the merge
with ours' side kept at each conflict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence

from . import _units
from ._diff3 import merge_lines
from ._lines import common_ending, line_range, section_range, split_lines
from ._record import field, record
from ._units import PREAMBLE, Key, content, copy, name
from .api import loads
from .diff import Diff, RemoveSection, RenameSection, UnsetOption, diff
from .nodes import Blank, Comment
from .patch import Conflict, _apply
from .span import Span
from .syntax import Document, Section

__all__ = ["MARKERS", "Merge3Result", "MergeConflict", "merge3"]

MARKERS = ("<<<<<<< ours", "=======", ">>>>>>> theirs")
"""The three marker lines written around a conflict (with the default
labels)."""


@record
class MergeConflict:
    """A place where ours and theirs disagree.

    ``ours`` and ``theirs`` are the spans of the option (or section header) in
    the ``ours`` and ``theirs`` documents, None on the side where it was
    removed. ``section`` is ``""`` for the lines before the first section.
    ``line`` is the line of the ``<<<<<<< ours`` marker in
    [`Merge3Result`][sftpplus_config.merge3.Merge3Result]`.text`. The message
    never contains a value.
    """

    section: str
    option: str | None
    message: str
    ours: Span | None
    theirs: Span | None
    line: int = 0


@record
class Merge3Result:
    """``document``: the merge, ours' side kept where they conflict;
    ``text``: what to write (``document``'s text, with conflict markers);
    ``conflicts`` in the order of their markers."""

    document: Document
    text: str
    conflicts: tuple[MergeConflict, ...] = field(default=())

    @property
    def clean(self) -> bool:
        """No conflict: the merge needs no one's decision."""
        return not self.conflicts


class _Unmergeable(Exception):
    """The unit layout does not fit: the whole file is one conflict."""


@record(frozen=False)
class _Block:
    """A conflict of the option merge in unit ``key``: replaces merged lines
    ``start..end`` (ours' side) or, when ``start`` is 0, goes after line
    ``end`` with an empty ours' side; with ``at_end``, after the last line."""

    key: Key
    start: int
    end: int
    theirs: list[str]
    conflict: MergeConflict
    at_end: bool = False


@record(frozen=False)
class _Decision:
    """What a unit becomes when the option merge alone would lose lines:
    ``lines`` when ``clean``, else a conflict of ``ours`` against
    ``theirs``, said by ``message``."""

    clean: bool
    lines: list[str]
    ours: list[str]
    theirs: list[str]
    message: str


class _Side:
    """One version of the file (base, ours, theirs or the merge), cut into
    units with their keys: unit ``i`` of ``order`` is
    ``text[bounds[i]:bounds[i + 1]]``. Spans are those of ``spans``
    (default: ``doc``), a document with the same text, keyed with
    ``renamed``."""

    def __init__(
        self,
        doc: Document,
        renamed: Mapping[str, str],
        keys: Sequence[Key] | None = None,
        spans: Document | None = None,
    ) -> None:
        self.doc = doc
        self.renamed = renamed
        self.spans = doc if spans is None else spans
        self._span_sections: dict[Key, Section] | None = None
        self.sections = sections = doc.sections
        if keys is None:
            keys = _units.name_keys(sections, renamed)
        self.text, self.bounds = _units.cut(doc, sections)
        self.order: list[Key] = [PREAMBLE, *keys]
        self.index: dict[Key, int] = {}
        for position, key in enumerate(self.order):
            if self.index.setdefault(key, position) != position:
                raise _Unmergeable  # two units with one key
        if len(self.bounds) != len(self.order) + 1:
            raise _Unmergeable

    def text_of(self, key: Key) -> str | None:
        position = self.index.get(key)
        if position is None:
            return None
        return self.text[self.bounds[position] : self.bounds[position + 1]]

    def section(self, key: Key) -> Section | None:
        position = self.index.get(key)
        return None if not position else self.sections[position - 1]

    def span(self, key: Key) -> Span | None:
        if key not in self.index:
            return None
        if key is PREAMBLE:
            return self.spans.preamble.span
        found = self._span_sections
        if found is None:
            sections = self.spans.sections
            keys = _units.name_keys(sections, self.renamed)
            found = self._span_sections = dict(zip(keys, sections, strict=True))
        section = found.get(key)
        return None if section is None else section.span


def _line_count(text: str) -> int:
    """How many lines ``text`` has (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and text[-1] not in "\r\n" else 0)


class _Out:
    """The text written: ``text`` with the markers, ``ours`` with ours' side
    of each conflict only; ``lines`` counts the lines of ``text``."""

    def __init__(self, ending: str, markers: tuple[str, str, str]) -> None:
        self.ending = ending
        self.markers = markers
        self.text: list[str] = []
        self.ours: list[str] = []
        self.lines = 0
        self.placed: list[MergeConflict] = []

    def _end_last(self, following: str = "") -> None:
        """Give the last line its line ending before more is written; a lone
        ``\\r`` before a piece that starts with ``\\n`` becomes ``\\r\\n``
        (still one line ending), or the two would make one."""
        for out in (self.text, self.ours):
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += self.ending
            elif out and out[-1].endswith("\r") and following.startswith("\n"):
                out[-1] += "\n"

    def chunk(self, text: str) -> None:
        """Whole lines (the last may lack its ending)."""
        if text:
            self._end_last(text)
            self.text.append(text)
            self.ours.append(text)
            self.lines += _line_count(text)

    def separate(self) -> None:
        """A blank line, unless the text is empty or ends with one (before a
        unit added back, as
        [`Document.add_section`][sftpplus_config.syntax.Document.add_section]
        does)."""
        if not self.text:
            return
        last = self.text[-1]
        if last.endswith("\r\n"):
            last = last[:-2]
        elif last.endswith(("\n", "\r")):
            last = last[:-1]
        if last[max(last.rfind("\n"), last.rfind("\r")) + 1 :].strip():
            self.chunk(self.ending)

    def fixed(self, line: str) -> str:
        return line.rstrip("\r\n") + self.ending

    def conflict(self, ours: list[str], theirs: list[str], conflict: MergeConflict) -> None:
        self._end_last()
        self.placed.append(_at(conflict, self.lines + 1))
        mine = [self.fixed(line) for line in ours]
        self.text.append(self.markers[0] + self.ending)
        self.text.extend(mine)
        self.text.append(self.markers[1] + self.ending)
        self.text.extend(self.fixed(line) for line in theirs)
        self.text.append(self.markers[2] + self.ending)
        self.ours.extend(mine)
        self.lines += len(ours) + len(theirs) + 3


def _at(conflict: MergeConflict, line: int) -> MergeConflict:
    return MergeConflict(
        conflict.section, conflict.option, conflict.message, conflict.ours, conflict.theirs, line
    )


def _merge_counts(
    base: Counter[str], ours: Counter[str], theirs: Counter[str]
) -> Counter[str] | None:
    """The three-way merge of two multisets of lines (None when the two
    sides changed the count of one line differently)."""
    merged: Counter[str] = Counter()
    for line in base.keys() | ours.keys() | theirs.keys():
        was = base[line]
        mine, other = ours[line] - was, theirs[line] - was
        if mine == other or other == 0:
            change = mine
        elif mine == 0:
            change = other
        else:
            return None
        if was + change > 0:
            merged[line] = was + change
    return merged


def _unit_name(key: Key) -> str:
    if key is PREAMBLE:
        return "the lines before the first section"
    if copy(key):
        return f"copy {copy(key) + 1} of the duplicate section [{name(key)}]"
    return f"[{name(key)}]"


def _unit_message(key: Key, base: str | None, ours: str | None, theirs: str | None) -> str:
    what = _unit_name(key)
    if base is None:
        if ours is not None and theirs is not None:
            return f"{what} was added differently in ours and theirs"
        side, other = ("ours", "theirs") if ours is not None else ("theirs", "ours")
        return f"{what} was added in {side} and does not fit the changes {other} made"
    if ours is None:
        return f"{what} was removed in ours and changed in theirs"
    if theirs is None:
        return f"{what} was changed in ours and removed in theirs"
    if base in (ours, theirs):
        side, other = ("theirs", "ours") if base == ours else ("ours", "theirs")
        return f"{what} was changed in {side} and does not fit the changes {other} made"
    if ours == theirs:
        return f"{what} was changed the same way in ours and theirs, and does not fit the merge"
    return (
        f"{what} was changed in ours and theirs, and their changes to its comments, "
        "invalid lines or duplicates do not merge line by line"
    )


class _Merge:
    def __init__(
        self, base: Document, ours: Document, theirs: Document, markers: tuple[str, str, str]
    ) -> None:
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.markers = markers
        self.blocks: dict[Key, list[_Block]] = {}
        self.at_end: dict[Key, list[_Block]] = {}
        self.seen_sections: set[tuple[str, str]] = set()
        self.decisions: dict[Key, _Decision] = {}
        self.ending = "\n"  # ours' usual line ending, once ours is read
        self._theirs_text_lines: list[str] | None = None
        self._merged_keys: dict[int, Key] | None = None

    # -- the option merge, and the units -----------------------------------------
    def run(self) -> Merge3Result:
        operations = diff(self.base, self.theirs)
        work = loads(self.ours.dumps(), path=self.ours.path)
        try:
            # ours, cut before the patch edits its copy (the spans are ours')
            self.o = _Side(work, self._ours_renames(work), spans=self.ours)
            made = self.o.sections
            patched = _apply(operations, self.ours, work)
            self.merged = patched.document
            self._cut(operations, made)
            self.ending = common_ending(self.r.text)
            for conflict in patched.conflicts:
                self._add(conflict)
            keys = [*self.r.order, *self.o.order, *self.t.order, *self.b.order]
            for key in dict.fromkeys(keys):
                self._decide(key)
            if not self.decisions and not patched.conflicts:
                self._set_bom(self.merged)
                return Merge3Result(self.merged, self.merged.dumps())
            return self._write()
        except _Unmergeable:
            return self._whole_file()

    def _cut(self, operations: Diff, made: list[Section]) -> None:
        renamed = {op.new_name: op.section for op in operations if isinstance(op, RenameSection)}
        self.theirs_renamed = renamed
        self.b = _Side(self.base, {})
        self.t = _Side(self.theirs, renamed)
        # the merge's sections are ours' (some removed, some renamed), in
        # ours' order, then the sections it added
        merged = self.merged.sections
        keys: list[Key] = []
        position = 0
        for section in merged:
            while position < len(made) and made[position] is not section:
                position += 1
            if position < len(made):
                keys.append(self.o.order[position + 1])
            else:
                if section.name is None or section.name in self.o.index:
                    raise _Unmergeable
                keys.append(section.name)
                position = len(made)
        self.r = _Side(self.merged, {}, keys)

    def _ours_renames(self, ours: Document) -> dict[str, str]:
        """Sections ours renamed (looked for only when some base section is
        missing from ours and ours has a section base lacks)."""
        before = set(self.base.section_names())
        after = set(ours.section_names())
        if not before - after or not after - before:
            return {}
        ops = diff(self.base, self.ours)
        return {op.new_name: op.section for op in ops if isinstance(op, RenameSection)}

    # -- conflicts of the option merge ---------------------------------------------
    def _merged_key(self, section: Section) -> Key:
        """The key of a section of the merge."""
        keys = self._merged_keys
        if keys is None:
            pairs = zip(self.r.sections, self.r.order[1:], strict=True)
            keys = self._merged_keys = {id(section): key for section, key in pairs}
        return keys[id(section)]

    def _block(self, block: _Block) -> None:
        (self.at_end if block.at_end else self.blocks).setdefault(block.key, []).append(block)

    def _theirs_range(self, first: int, last: int) -> list[str]:
        lines = self._theirs_text_lines
        if lines is None:
            lines = self._theirs_text_lines = split_lines(self.t.text)
        return lines[first - 1 : last]

    def _theirs_lines(self, name: str) -> tuple[list[str], Span | None]:
        node = self.theirs.section(name)
        if node is None:
            return [], None
        return self._theirs_range(*section_range(node)), node.span

    def _add(self, conflict: Conflict) -> None:
        op = conflict.operation
        merged_section = self.merged.section(conflict.section)
        if conflict.option is None or merged_section is None:
            self._add_section_conflict(conflict, merged_section)
            return
        option = conflict.option
        label = f"[{conflict.section}]"
        theirs_section = self.theirs.section(conflict.section)
        theirs_option = theirs_section.option(option) if theirs_section is not None else None
        theirs_lines: list[str] = []
        theirs_span = None
        if theirs_option is not None:
            theirs_lines = self._theirs_range(*line_range(theirs_option))
            theirs_span = theirs_option.span
        if isinstance(op, UnsetOption):
            message = f"`{option}` in {label} was changed in ours and removed in theirs"
        elif conflict.reason == "option-missing":
            message = f"`{option}` in {label} was removed in ours and changed in theirs"
        elif conflict.reason == "refused":
            message = conflict.message
        else:
            message = f"`{option}` in {label} was changed differently in ours and theirs"
        found = MergeConflict(conflict.section, option, message, conflict.span, theirs_span)
        key = self._merged_key(merged_section)
        merged_option = merged_section.option(option)
        if merged_option is not None:
            start, end = line_range(merged_option)
            self._block(_Block(key, start, end, theirs_lines, found))
        else:
            end = section_range(merged_section)[1]
            self._block(_Block(key, 0, end, theirs_lines, found))

    def _add_section_conflict(self, conflict: Conflict, merged_section: Section | None) -> None:
        op = conflict.operation
        theirs_name = op.new_name if isinstance(op, RenameSection) else conflict.section
        if merged_section is not None:
            key = self._merged_key(merged_section)
        else:
            key = self.theirs_renamed.get(theirs_name, theirs_name)
        if (conflict.section, theirs_name) in self.seen_sections:
            return  # one conflict per section, however many of its options clash
        self.seen_sections.add((conflict.section, theirs_name))
        label = f"[{conflict.section}]"
        ours_section = self.ours.section(conflict.section)
        ours_span = ours_section.span if ours_section is not None else None
        theirs_lines, theirs_span = self._theirs_lines(theirs_name)
        if isinstance(op, RemoveSection):
            theirs_lines, theirs_span = [], None
            message = f"{label} was changed in ours and removed in theirs"
        elif isinstance(op, RenameSection) and conflict.reason == "section-exists":
            message = (
                f"theirs renamed [{op.section}] to [{op.new_name}], and ours has "
                f"another section [{op.new_name}]"
            )
        elif isinstance(op, RenameSection):
            message = f"{label} was removed in ours and renamed to [{op.new_name}] in theirs"
        elif conflict.reason == "refused":
            message = conflict.message
        else:
            message = f"{label} was removed in ours and changed in theirs"
        found = MergeConflict(conflict.section, None, message, ours_span, theirs_span)
        if merged_section is not None:
            start, end = section_range(merged_section)
            self._block(_Block(key, start, end, theirs_lines, found))
        else:
            self._block(_Block(key, 0, 0, theirs_lines, found, at_end=True))

    # -- units the option merge would lose lines of ---------------------------------
    def _decide(self, key: Key) -> None:
        base, ours, theirs = self.b.text_of(key), self.o.text_of(key), self.t.text_of(key)
        merged = self.r.text_of(key)
        one_sided = base in (ours, theirs) or ours == theirs
        wanted = theirs if base == ours and base != theirs else ours
        if one_sided and merged == wanted:
            return  # the option merge wrote exactly that side's unit
        was, mine, other, kept = (
            Counter[str]() if text is None else _units.extras(text, key)
            for text in (base, ours, theirs, merged)
        )
        wanted_extras = _merge_counts(was, mine, other)
        if wanted_extras == kept:
            return  # the option merge kept every extra line
        added = (mine - was) | (other - was)
        lines: list[str] | None = None
        if key not in self.blocks and key not in self.at_end:
            for candidate in self._candidates(key, base, ours, theirs, merged):
                if (
                    not added - Counter(content(line) for line in candidate)
                    and self._fits(key, "".join(candidate))
                    and wanted_extras in (None, _units.extras("".join(candidate), key))
                ):
                    lines = candidate
                    break
        clean = lines is not None
        # a conflict shows the option merge's unit when it has every line ours added
        keeps = merged is not None and not (mine - was) - kept
        self.decisions[key] = _Decision(
            clean,
            lines or [],
            split_lines((merged if keeps else ours) or ""),
            split_lines(theirs or ""),
            self._message(key, base, ours, theirs),
        )

    def _message(self, key: Key, base: str | None, ours: str | None, theirs: str | None) -> str:
        """A unit conflict's message; it says what the option merge's own
        conflicts in the unit (which it replaces) said."""
        said = [block.conflict.message for block in self.blocks.get(key, [])]
        said += [block.conflict.message for block in self.at_end.get(key, [])]
        if not said:
            return _unit_message(key, base, ours, theirs)
        return (
            f"{'; '.join(said)}; other lines of {_unit_name(key)} changed too, and "
            "the whole of it is in the conflict"
        )

    def _theirs(self, line: str) -> str:
        """A line of theirs, with ours' line ending."""
        return line if line == content(line) else content(line) + self.ending

    def _candidates(
        self, key: Key, base: str | None, ours: str | None, theirs: str | None, merged: str | None
    ) -> Iterator[list[str]]:
        """The unit merged, in the order to try: the side that changed it;
        else its nodes (the option merge's against theirs, options known by
        name), then its lines (ours' against theirs)."""
        if base == theirs or ours == theirs:
            yield split_lines(ours or "")
        elif base == ours:
            yield [self._theirs(line) for line in split_lines(theirs or "")]
        elif base is not None and ours is not None and theirs is not None:
            if merged is not None and key is not PREAMBLE and not copy(key):
                tokens = [_units.nodes(text) for text in (base, merged, theirs)]
                lines = self._merged(tokens[0][0], *tokens[1], *tokens[2])
                if lines is not None:
                    yield lines
            as_lines = [split_lines(text) for text in (base, ours, theirs)]
            contents = [[content(line) for line in text] for text in as_lines]
            lines = self._merged(contents[0], contents[1], as_lines[1], contents[2], as_lines[2])
            if lines is not None:
                yield lines

    def _merged(
        self,
        base: Sequence[Hashable],
        mine: Sequence[Hashable],
        mine_texts: list[str],
        other: Sequence[Hashable],
        other_texts: list[str],
    ) -> list[str] | None:
        """Two sides' pieces (lines or nodes) merged, as lines."""
        merged = merge_lines(base, mine, other)
        if merged is None:
            return None
        # ours' pieces as written, theirs' with ours' line ending; a piece
        # that lacks its line ending (a side's last line) gets one when more follow
        pieces = [
            mine_texts[index] if side == 0 else self._theirs_text(other_texts[index])
            for side, index in merged
        ]
        text = "".join(
            piece if piece.endswith(("\n", "\r")) else piece + self.ending for piece in pieces[:-1]
        ) + "".join(pieces[-1:])
        return split_lines(text)

    def _theirs_text(self, text: str) -> str:
        return "".join(self._theirs(line) for line in split_lines(text))

    def _fits(self, key: Key, text: str) -> bool:
        """Whether a unit's merged text is a unit of its kind that reads as
        the option merge made it."""
        merged = self.r.section(key)
        if key is PREAMBLE:
            return not loads(text).sections
        if not text:
            return copy(key) > 0 or merged is None  # removed, as the option merge did
        doc = loads(text)
        sections = doc.sections
        if len(sections) != 1 or any(
            not isinstance(node, Blank | Comment) for node in doc.preamble.nodes
        ):
            return False
        section = sections[0]
        if copy(key) > 0:
            return section.name == name(key)
        return (
            merged is not None
            and section.name == merged.name
            and section.as_dict() == merged.as_dict()
        )

    # -- writing ---------------------------------------------------------------------
    def _set_bom(self, doc: Document) -> None:
        """A BOM added or removed by one side is taken."""
        doc.bom = self.theirs.bom if self.ours.bom == self.base.bom else self.ours.bom

    def _sequence(self) -> list[Key]:
        """The units in the order they are written: the merge's, each unit
        added back after the unit it follows on its side, then those that
        only conflicts of the option merge place (at the end)."""
        after: dict[Key, list[Key]] = {}
        placed = set(self.r.index)
        placed.update(self.at_end)
        for side, from_ours in ((self.o, True), (self.t, False)):
            last = PREAMBLE
            for key in side.order:
                decision = self.decisions.get(key)
                if key in placed:
                    last = key
                elif (
                    decision is not None
                    and (decision.lines or not decision.clean)
                    and (key in self.o.index) == from_ours
                ):
                    after.setdefault(last, []).append(key)
                    placed.add(key)
                    last = key
        sequence: list[Key] = []
        roots = [*self.r.order, *(key for key in self.at_end if key not in self.r.index)]
        stack = roots[::-1]
        while stack:
            key = stack.pop()
            sequence.append(key)
            stack.extend(reversed(after.get(key, [])))
        return sequence

    def _write(self) -> Merge3Result:
        """The merged text; when a unit merged as lines would change what
        the rest of the file reads as (a duplicate's copy that would come
        first, say), every such unit is written as a conflict instead."""
        starts = self._first_lines()
        out = self._layout(starts)
        self._set_bom(self.merged)
        bom = "\ufeff" if self.merged.bom else ""
        text = bom + "".join(out.text)
        if not self.decisions:
            return Merge3Result(self.merged, text, tuple(out.placed))
        for _ in range(3):
            document = loads(bom + "".join(out.ours), path=self.ours.path)
            wrong = self._misread(document)
            if not wrong:
                return Merge3Result(document, text, tuple(out.placed))
            touching = [
                decision
                for key, decision in self.decisions.items()
                if decision.clean and wrong & self._names(key, decision.lines)
            ]
            for decision in touching or self.decisions.values():
                decision.clean = False
            out = self._layout(starts)
            text = bom + "".join(out.text)
        raise _Unmergeable

    def _layout(self, starts: dict[Key, int]) -> _Out:
        out = _Out(self.ending, self.markers)
        sequence = self._sequence()
        written = set(sequence)
        if any(
            key not in written and (decision.lines or not decision.clean)
            for key, decision in self.decisions.items()
        ):
            raise _Unmergeable  # a unit with lines to write has no place: never drop it
        for key in sequence:
            decision = self.decisions.get(key)
            if decision is not None:
                if decision.clean:
                    if decision.lines and key not in self.r.index:
                        out.separate()
                    out.chunk("".join(decision.lines))
                else:
                    found = MergeConflict(
                        name(key) or "", None, decision.message, self.o.span(key), self.t.span(key)
                    )
                    out.conflict(decision.ours, decision.theirs, found)
            elif key in self.r.index:
                self._write_unit(out, key, starts[key])
            else:
                for block in self.at_end[key]:
                    out.conflict([], block.theirs, block.conflict)
        for key, blocks in self.at_end.items():
            if key in self.r.index and key not in self.decisions:
                for block in blocks:
                    out.conflict([], block.theirs, block.conflict)
        return out

    def _first_lines(self) -> dict[Key, int]:
        """The line (0-based) of the merge's text each of its units starts at."""
        starts: dict[Key, int] = {}
        line = 0
        for key in self.r.order:
            starts[key] = line
            text = self.r.text_of(key) or ""
            line += text.count("\n") + text.count("\r") - text.count("\r\n")
        return starts

    def _write_unit(self, out: _Out, key: Key, first: int) -> None:
        """A unit of the merge, with the option merge's conflict blocks in it
        (``first``: the 0-based line of the merge's text it starts at)."""
        text = self.r.text_of(key) or ""
        blocks = self.blocks.get(key, [])
        if not blocks:
            out.chunk(text)
            return
        lines = split_lines(text)
        end = first + len(lines)
        replace = {block.start: block for block in blocks if block.start}
        after: dict[int, list[_Block]] = {}
        for block in blocks:
            if not block.start:
                after.setdefault(block.end, []).append(block)
        if any(b.start <= first or b.end > end for b in replace.values()) or any(
            line <= first or line > end for line in after
        ):
            raise _Unmergeable  # a block outside its unit: the layout miscounts lines
        number = first + 1
        while number <= end:
            wrap = replace.get(number)
            if wrap is not None:
                out.conflict(
                    lines[wrap.start - 1 - first : wrap.end - first], wrap.theirs, wrap.conflict
                )
                last = wrap.end
            else:
                out.chunk(lines[number - 1 - first])
                last = number
            for line in range(number, last + 1):
                for insert in after.get(line, []):
                    out.conflict([], insert.theirs, insert.conflict)
            number = last + 1

    def _names(self, key: Key, lines: list[str]) -> set[str]:
        """The sections a unit decision concerns: the option merge's, and
        those in ``lines``."""
        merged = self.r.section(key)
        names = {section.name for section in loads("".join(lines)).sections}
        names.add(merged.name if merged is not None else None)
        names.add(name(key))
        return {name for name in names if name is not None}

    def _misread(self, document: Document) -> set[str]:
        """The sections the merge with ours' side kept reads differently
        from the option merge, but for those in unit conflicts (whose ours'
        side may be ours' own version)."""
        involved: set[str] = set()
        for key, decision in self.decisions.items():
            if not decision.clean:
                involved |= self._names(key, decision.ours)
        wrong: set[str] = set()
        for called in {*document.section_names(), *self.merged.section_names()} - involved:
            mine, other = document.section(called), self.merged.section(called)
            if mine is None or other is None:
                wrong.add(called)
            elif mine.text != other.text and mine.as_dict() != other.as_dict():
                wrong.add(called)  # (a section's values depend on its text only)
        return wrong

    def _whole_file(self) -> Merge3Result:
        """The last resort: the whole file is one conflict, ours then theirs."""
        ours, theirs = self.ours.dumps(), self.theirs.dumps()
        out = _Out(common_ending(ours), self.markers)
        conflict = MergeConflict(
            "",
            None,
            "ours and theirs could not be merged section by section: the whole file is in conflict",
            self.ours.preamble.span,
            self.theirs.preamble.span,
        )
        out.conflict(
            split_lines(ours.removeprefix("\ufeff") if self.ours.bom else ours),
            split_lines(theirs.removeprefix("\ufeff") if self.theirs.bom else theirs),
            conflict,
        )
        bom = "\ufeff" if self.ours.bom else ""
        return Merge3Result(
            loads(ours, path=self.ours.path), bom + "".join(out.text), tuple(out.placed)
        )


def _markers(labels: tuple[str, str]) -> tuple[str, str, str]:
    for label in labels:
        if "\n" in label or "\r" in label:
            raise ValueError("a conflict label cannot contain a line break")
    return (f"<<<<<<< {labels[0]}", MARKERS[1], f">>>>>>> {labels[1]}")


def merge3(
    base: Document,
    ours: Document,
    theirs: Document,
    *,
    labels: tuple[str, str] = ("ours", "theirs"),
) -> Merge3Result:
    """Merge the changes ``ours`` and ``theirs`` made to ``base``; none of
    the three documents is changed. ``labels`` name ours and theirs in the
    conflict markers (``<<<<<<< ours``, ``>>>>>>> theirs`` by default)."""
    markers = _markers(labels)
    base_text, ours_text, theirs_text = base.dumps(), ours.dumps(), theirs.dumps()
    if theirs_text in (base_text, ours_text):
        return Merge3Result(loads(ours_text, path=ours.path), ours_text)
    if ours_text == base_text:
        return Merge3Result(loads(theirs_text, path=ours.path), theirs_text)
    return _Merge(base, ours, theirs, markers).run()
