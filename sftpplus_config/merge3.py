"""Section-aware three-way merge (PRODUCT.md §8).

``merge3(base, ours, theirs)`` works per option: what ``theirs`` changed
since ``base`` is replayed on ``ours`` (the patch of
:mod:`sftpplus_config.patch`), so

- a change made on one side only is taken;
- the same change on both sides is taken once;
- changes to different options, even of the same section, both go in;
- the same option changed differently on each side, an option removed on
  one side and changed on the other, or a section removed on one side and
  edited on the other, is a :class:`MergeConflict` with both spans.

The merged text keeps ``ours``' formatting. Each conflict is written as
git-style markers around the lines concerned (``<<<<<<< ours``, ours'
lines, ``=======``, theirs' lines, ``>>>>>>> theirs``), so git, editors and
``git diff`` see a conflict; :attr:`Merge3Result.document` is the merge with
ours' side kept at each conflict.
"""

from __future__ import annotations

from ._lines import common_ending, line_range, section_range, split_lines
from ._record import field, record
from .diff import RemoveSection, RenameSection, UnsetOption, diff
from .patch import Conflict, apply
from .span import Span
from .syntax import Document, Section

__all__ = ["MARKERS", "Merge3Result", "MergeConflict", "merge3"]

MARKERS = ("<<<<<<< ours", "=======", ">>>>>>> theirs")
"""The three marker lines written around a conflict."""


@record
class MergeConflict:
    """A place where ours and theirs disagree.

    ``ours`` and ``theirs`` are the spans of the option (or section header)
    in the ``ours`` and ``theirs`` documents, None on the side where it was
    removed. ``line`` is the line of the ``<<<<<<< ours`` marker in
    :attr:`Merge3Result.text`. The message never contains a value.
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
        return not self.conflicts


@record(frozen=False)
class _Block:
    """Marker block: replaces merged lines ``start..end`` (ours' side) or,
    when ``start`` is 0, goes after line ``end`` with an empty ours' side."""

    start: int
    end: int
    theirs: list[str]
    conflict: MergeConflict


def _label(section: str, *docs: Document) -> str:
    for doc in docs:
        node = doc.section(section)
        name = node.get("name") if node is not None else None
        if name:
            return f'[{section}] ("{name}")'
    return f"[{section}]"


def _lines_of(doc_lines: list[str], first: int, last: int) -> list[str]:
    return doc_lines[first - 1 : last]


class _Merger:
    def __init__(self, base: Document, ours: Document, theirs: Document, merged: Document) -> None:
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.merged = merged
        self.theirs_lines = split_lines(theirs.dumps().removeprefix("\ufeff"))
        self.blocks: list[_Block] = []
        self.seen_sections: set[tuple[str, str]] = set()

    def theirs_section(self, name: str) -> tuple[list[str], Span | None]:
        node = self.theirs.section(name)
        if node is None:
            return [], None
        return _lines_of(self.theirs_lines, *section_range(node)), node.span

    def add(self, conflict: Conflict) -> None:
        op = conflict.operation
        merged_section = self.merged.section(conflict.section)
        if conflict.option is None or merged_section is None:
            self.add_section_conflict(conflict, merged_section)
            return
        option = conflict.option
        label = _label(conflict.section, self.ours, self.theirs, self.base)
        theirs_section = self.theirs.section(conflict.section)
        theirs_option = theirs_section.option(option) if theirs_section is not None else None
        theirs_lines: list[str] = []
        theirs_span = None
        if theirs_option is not None:
            theirs_lines = _lines_of(self.theirs_lines, *line_range(theirs_option))
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
        merged_option = merged_section.option(option)
        if merged_option is not None:
            start, end = line_range(merged_option)
            self.blocks.append(_Block(start, end, theirs_lines, found))
        else:
            self.blocks.append(_Block(0, section_range(merged_section)[1], theirs_lines, found))

    def add_section_conflict(self, conflict: Conflict, merged_section: Section | None) -> None:
        op = conflict.operation
        theirs_name = op.new_name if isinstance(op, RenameSection) else conflict.section
        key = (conflict.section, theirs_name)
        if key in self.seen_sections:
            return  # one conflict per section, however many of its options clash
        self.seen_sections.add(key)
        label = _label(conflict.section, self.ours, self.theirs, self.base)
        ours_section = self.ours.section(conflict.section)
        ours_span = ours_section.span if ours_section is not None else None
        theirs_lines, theirs_span = self.theirs_section(theirs_name)
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
            self.blocks.append(_Block(start, end, theirs_lines, found))
        else:
            total = len(split_lines(self.merged.dumps()))
            self.blocks.append(_Block(0, total, theirs_lines, found))

    def text(self) -> tuple[str, tuple[MergeConflict, ...]]:
        """The merged text with a marker block for each conflict."""
        source = self.merged.dumps()
        bom = "\ufeff" if source.startswith("\ufeff") else ""
        lines = split_lines(source.removeprefix("\ufeff"))
        ending = common_ending(source)

        def fixed(text: str) -> str:
            return text.rstrip("\r\n") + ending

        replace = {b.start: b for b in self.blocks if b.start}
        after: dict[int, list[_Block]] = {}
        for block in self.blocks:
            if not block.start:
                after.setdefault(block.end, []).append(block)
        out: list[str] = []
        placed: list[MergeConflict] = []

        def emit(block: _Block, ours: list[str]) -> None:
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += ending
            placed.append(_at(block.conflict, len(out) + 1))
            out.append(MARKERS[0] + ending)
            out.extend(fixed(text) for text in ours)
            out.append(MARKERS[1] + ending)
            out.extend(fixed(text) for text in block.theirs)
            out.append(MARKERS[2] + ending)

        for block in after.get(0, []):
            emit(block, [])
        number = 1
        while number <= len(lines):
            wrap = replace.get(number)
            if wrap is not None:
                emit(wrap, lines[wrap.start - 1 : wrap.end])
                last = wrap.end
            else:
                out.append(lines[number - 1])
                last = number
            for line in range(number, last + 1):
                for insert in after.get(line, []):
                    emit(insert, [])
            number = last + 1
        return bom + "".join(out), tuple(placed)


def _at(conflict: MergeConflict, line: int) -> MergeConflict:
    return MergeConflict(
        conflict.section, conflict.option, conflict.message, conflict.ours, conflict.theirs, line
    )


def merge3(base: Document, ours: Document, theirs: Document) -> Merge3Result:
    """Merge the changes ``ours`` and ``theirs`` made to ``base``; none of
    the three documents is changed."""
    patched = apply(diff(base, theirs), ours)
    if patched.clean:
        return Merge3Result(patched.document, patched.document.dumps())
    merger = _Merger(base, ours, theirs, patched.document)
    for conflict in patched.conflicts:
        merger.add(conflict)
    text, conflicts = merger.text()
    # Never lose a conflict: one the marker layout could not place (found by
    # fuzzing, in a file whose lines the layout miscounts) is still reported,
    # with line 0 (no marker).
    placed = {conflict.section for conflict in conflicts}
    unplaced = tuple(
        MergeConflict(c.section, c.option, c.message, c.span, None)
        for c in patched.conflicts
        if c.section not in placed
    )
    return Merge3Result(patched.document, text, conflicts + unplaced)
