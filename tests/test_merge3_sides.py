"""``merge3`` never loses a side: every line ours or theirs adds that the
option merge does not see (comments, invalid lines, duplicates, lines
before the first section) is in the merged text, or in a conflict's
markers. Generated base/ours/theirs triples with those lines, duplicate
sections, a BOM, CRLF and lone CR line endings."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from fuzz.targets import lost_lines, unseen_lines
from sftpplus_config._lines import split_lines
from sftpplus_config.diff import diff
from sftpplus_config.merge3 import MARKERS, Merge3Result, merge3
from sftpplus_config.patch import apply

from .ini_models import SECTION_NAMES, models, render, variants

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def assert_no_side_lost(base: str, ours: str, theirs: str, result: Merge3Result) -> None:
    assert not lost_lines(base, ours, theirs, result.text)


def assert_markers_match(result: Merge3Result) -> None:
    lines = split_lines(result.text.removeprefix("\ufeff"))
    if result.clean:
        assert result.document.dumps() == result.text
        return
    for conflict in result.conflicts:
        assert lines[conflict.line - 1].rstrip("\r\n") == MARKERS[0], conflict


# -- generated triples ---------------------------------------------------------------

EXTRA = st.one_of(
    st.sampled_from(
        [
            "; note",
            "# note",
            "  ; indented note",
            ";",
            "junk",
            "stray line",
            "    indented stray",
            "pre = 1",
            "x = 1",
            "name = again",
            "",
        ]
    ),
    st.from_regex(r"[;#] [a-z]{1,3}", fullmatch=True),
)


@dataclass(frozen=True)
class Style:
    """How a file's lines are ended: mostly ``ending``; with ``lone_cr``,
    lines whose text hashes to 0 modulo 4 end with a lone CR."""

    ending: str
    lone_cr: bool
    final_newline: bool
    bom: bool

    def text(self, lines: list[str]) -> str:
        out = []
        for number, line in enumerate(lines, start=1):
            if number == len(lines) and not self.final_newline:
                out.append(line)
            elif self.lone_cr and zlib.crc32(line.encode()) % 4 == 0:
                out.append(line + "\r")
            else:
                out.append(line + self.ending)
        return ("\ufeff" if self.bom else "") + "".join(out)


STYLES = st.builds(
    Style,
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from([False, False, True]),
    st.booleans(),
    st.sampled_from([False, False, True]),
)


@st.composite
def edited(draw: st.DrawFn, lines: list[str], least: int = 0) -> list[str]:
    """``lines`` with a few edits: extra lines inserted, lines deleted,
    option values changed, sections (duplicates too) inserted."""
    lines = list(lines)
    for _ in range(draw(st.integers(least, 4))):
        kind = draw(st.sampled_from(["insert", "insert", "delete", "value", "section"]))
        at = draw(st.integers(0, len(lines)))
        if kind == "insert":
            lines.insert(at, draw(EXTRA))
        elif kind == "delete" and lines:
            del lines[min(at, len(lines) - 1)]
        elif kind == "value":
            options = [i for i, line in enumerate(lines) if " = " in line and line[:1].isalpha()]
            if options:
                index = options[at % len(options)]
                key = lines[index].split(" = ", 1)[0]
                lines[index] = f"{key} = {draw(st.sampled_from(['1', '2', 'yes', 'other']))}"
        else:
            name = draw(SECTION_NAMES)
            lines[at:at] = [f"[{name}]", f"name = {draw(st.sampled_from(['a', 'b']))}"]
    return lines


def _plain(text: str) -> list[str]:
    """A rendered model as lines, in the `key = value` style."""
    return [_content(line) for line in split_lines(text)]


@st.composite
def triples(draw: st.DrawFn) -> tuple[str, str, str]:
    model = draw(models())
    lines = draw(edited(_plain(draw(render(model)))))
    style = draw(STYLES)
    sides = []
    for _ in range(2):
        own = draw(st.one_of(st.just(style), STYLES)) if draw(st.integers(0, 4)) == 0 else style
        sides.append(own.text(draw(edited(lines, least=draw(st.sampled_from([0, 1, 1, 1]))))))
    return style.text(lines), sides[0], sides[1]


def _load(text: str) -> sc.Document:
    return sc.loads(text)


@SETTINGS
@given(triples())
def test_no_side_is_lost(texts: tuple[str, str, str]) -> None:
    base, ours, theirs = texts
    result = merge3(_load(base), _load(ours), _load(theirs))
    assert_no_side_lost(base, ours, theirs, result)
    assert_markers_match(result)


@SETTINGS
@given(triples())
def test_a_clean_merge_reads_as_the_option_merge(texts: tuple[str, str, str]) -> None:
    base, ours, theirs = texts
    assume(len({base, ours, theirs}) == 3)
    docs = [_load(text) for text in texts]
    result = merge3(*docs)
    if result.clean:
        expected = apply(diff(docs[0], docs[2]), docs[1])
        assert expected.clean
        # what the option merge writes (with a lone CR, an edit's text may read
        # otherwise than its nodes: docs/editing.md, known limits)
        assert result.document.to_dict() == _load(expected.document.dumps()).to_dict()


@SETTINGS
@given(triples())
def test_one_sided_changes_give_that_side_byte_for_byte(texts: tuple[str, str, str]) -> None:
    base, ours, theirs = texts
    for text in texts:
        same = merge3(_load(text), _load(text), _load(text))
        assert same.clean and same.text == text
    assert merge3(_load(base), _load(base), _load(theirs)).text == theirs
    assert merge3(_load(base), _load(ours), _load(base)).text == ours
    assert merge3(_load(base), _load(ours), _load(ours)).text == ours


def _without_comments(text: str) -> str:
    return "".join(line for line in split_lines(text) if line.lstrip()[:1] not in (";", "#"))


@st.composite
def plain_triples(draw: st.DrawFn) -> tuple[str, str, str]:
    """Related files without lines the option merge does not see, each in
    its own style."""
    model = draw(models())
    texts = [draw(render(model)), draw(render(draw(variants(model))))]
    texts.append(draw(render(draw(variants(model)))))
    return tuple(_without_comments(text) for text in texts)  # type: ignore[return-value]


@SETTINGS
@given(plain_triples())
def test_without_unseen_lines_the_merge_is_the_option_merge(texts: tuple[str, str, str]) -> None:
    """The regression property: where nothing but options changed, merge3
    writes what the option merge (the patch of base..theirs on ours) writes."""
    base, ours, theirs = texts
    assume(len({base, ours, theirs}) == 3)
    assert not any(unseen_lines(text) for text in texts)
    docs = [_load(text) for text in texts]
    result = merge3(*docs)
    expected = apply(diff(docs[0], docs[2]), docs[1])
    assert result.clean == expected.clean
    if result.clean:
        assert result.text == expected.document.dumps()
    else:
        assert result.document.dumps() == expected.document.dumps()


def _many_sections(n: int) -> tuple[str, str, str]:
    """n sections; ours changes options and comments here and there, theirs
    comments others, changes options and adds duplicate copies."""
    base, ours, theirs = [], [], []
    for i in range(n):
        block = [f"[accounts/{i}]\n", f"name = u{i}\n", f"home = /srv/{i}\n", "\n"]
        mine, other = list(block), list(block)
        if i % 5 == 0:
            mine[2] = f"home = /home/{i}\n"
        if i % 7 == 0:
            mine.insert(1, f"; ours {i}\n")
        if i % 3 == 0:
            other.insert(2, f"# theirs {i}\n")
        if i % 11 == 0:
            other[1] = f"name = user{i}\n"
        if i % 13 == 0:
            other.extend([f"[accounts/{i}]\n", "name = copy\n", "\n"])
        base += block
        ours += mine
        theirs += other
    return "".join(base), "".join(ours), "".join(theirs)


def test_merging_many_units_grows_linearly() -> None:
    """Counted, not timed: the lines of library code run and the memory
    allocated at n and 2n sections (tests/_work.py)."""
    from ._work import growth, lines_executed, peak_allocated

    def merging(n: int) -> Callable[[], object]:
        texts = _many_sections(n)

        def run() -> None:
            result = merge3(*(_load(text) for text in texts))
            assert not lost_lines(*texts, result.text)

        return run

    small, large = merging(1_500), merging(3_000)
    assert growth(lines_executed, small, large) < 2.2  # linear (tests/test_hostile.py)
    assert growth(peak_allocated, small, large) < 2.2
