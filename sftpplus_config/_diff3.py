"""Line-level three-way merge of short runs of lines.

:func:`merge_lines` merges the changes two versions made to a common base,
line by line, the way ``git merge-file`` does, and refuses (returns None)
where they change the same lines or lines next to each other. The
three-way merge (:mod:`sftpplus_config.merge3`) uses it for the lines its
option-by-option merge does not see, one section at a time.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

__all__ = ["merge_lines"]

# Above this product of the lengths of the differing runs, comparing them
# would take too long (difflib is quadratic on repetitive text): the merge
# gives up, which the caller reports as a conflict.
_MAX_WORK = 250_000

_Change = tuple[int, int, int, int]  # base lo, base hi, side lo, side hi


def _changes(base: Sequence[Hashable], side: Sequence[Hashable]) -> list[_Change] | None:
    """The runs where ``side`` differs from ``base``, or None when they are
    too long to compare."""
    lo = 0
    end = min(len(base), len(side))
    while lo < end and base[lo] == side[lo]:
        lo += 1
    base_hi, side_hi = len(base), len(side)
    while base_hi > lo and side_hi > lo and base[base_hi - 1] == side[side_hi - 1]:
        base_hi -= 1
        side_hi -= 1
    if lo == base_hi == side_hi:
        return []
    if (base_hi - lo) * (side_hi - lo) > _MAX_WORK:
        return None
    matcher = SequenceMatcher(None, base[lo:base_hi], side[lo:side_hi], autojunk=False)
    return [
        (lo + i1, lo + i2, lo + j1, lo + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def merge_lines(
    base: Sequence[Hashable], ours: Sequence[Hashable], theirs: Sequence[Hashable]
) -> list[tuple[int, int]] | None:
    """Merge the changes ``ours`` and ``theirs`` made to ``base`` (lines, or
    any tokens, compared as given). Returns the merged lines as ``(side, index)``
    pairs, side 0 for a line of ``ours`` (unchanged lines included) and 1
    for a line of ``theirs``; None when the two sides change overlapping or
    adjacent lines differently. The same change on both sides is taken
    once."""
    mine = _changes(base, ours)
    other = _changes(base, theirs)
    if mine is None or other is None:
        return None
    events = sorted(
        [(*change, 0) for change in mine] + [(*change, 1) for change in other],
        key=lambda event: (event[0], event[1], event[4]),
    )
    kept: list[tuple[int, int, int, int, int]] = []
    reach = [-1, -1]  # the furthest base line each side's changes reach
    for event in events:
        lo, hi, side_lo, side_hi, side = event
        if kept:
            last = kept[-1]
            if (
                last[4] != side
                and (last[0], last[1]) == (lo, hi)
                and ours[last[2] : last[3]] == theirs[side_lo:side_hi]
            ):
                continue  # the same change on both sides
        if reach[1 - side] >= lo:
            return None  # touches a change of the other side
        reach[side] = max(reach[side], hi)
        kept.append(event)
    out: list[tuple[int, int]] = []
    position = 0
    delta = 0  # index in ours minus index in base, outside ours' changes
    for lo, hi, side_lo, side_hi, side in kept:
        out.extend((0, index + delta) for index in range(position, lo))
        out.extend((side, index) for index in range(side_lo, side_hi))
        if side == 0:
            delta = side_hi - hi
        position = hi
    out.extend((0, index + delta) for index in range(position, len(base)))
    return out
