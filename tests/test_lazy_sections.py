"""Sections kept as header offsets until needed (PRODUCT.md section 11).

A loaded document keeps its sections as offsets into the text. Reading or
editing a few sections makes only those; a large document answers its first
lookups with a regex search of the text. These tests check that this lazy
path gives exactly what the fully built document gives, and that a file of a
million tiny sections stays within the memory budget scaled by its size.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config import _parser, document

NAMES = ["server", "a", "a.b", "a]b", "x*", "accounts/1", "(g)", "a b", "[n", "é/ü"]
LINES = st.one_of(
    st.builds(
        lambda name, trail: f"[{name}]{trail}",
        st.sampled_from(NAMES),
        st.sampled_from(["", " ; c", "x", "]", " "]),
    ),
    st.sampled_from(
        ["k = v", "K2: w", "name = n", "  more", "\tcont = x", "; c", "# c", "", "   ", "junk"]
    ),
    st.sampled_from(["[", "[]", "x[a]", "=v", "[]x"]),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINES, max_size=14))
    endings = draw(st.sampled_from([["\n"], ["\r\n"], ["\n", "\r\n"]]))
    text = "".join(line + draw(st.sampled_from(endings)) for line in lines)
    if text and draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


@contextmanager
def lookups_by_search(limit: int) -> Iterator[None]:
    """Make every document answer its first ``limit`` lookups by searching."""
    with (
        mock.patch.object(document, "_LAZY_INDEX_FROM", 0),
        mock.patch.object(document, "_LAZY_LOOKUPS", limit),
    ):
        yield


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_find_header_agrees_with_split(text: str) -> None:
    starts = _parser.split(text)
    if starts is None:
        return  # scanned eagerly: no search either
    for name in [*NAMES, "nothere", "a]b]", "", "]", "a]\n[b", "a]\r\n[b", "a]x"]:
        expected = next((s for s in starts if _parser.header_at(text, s)[0] == name), None)
        assert _parser.find_header(text, name) == expected


OPS = st.lists(
    st.tuples(
        st.sampled_from(["get", "line", "contains", "set", "set-new", "add", "len", "dumps"]),
        st.sampled_from([*NAMES, "nothere", "", "a]\n[a"]),
        st.sampled_from(["k", "name", "new"]),
        st.sampled_from(["v2", "", "two\nlines"]),
    ),
    max_size=12,
)


def apply(doc: sc.Document, op: tuple[str, str, str, str]) -> object:
    action, section, key, value = op
    try:
        if action == "get":
            return doc.get(section, key)
        if action == "line":
            found = doc.section(section)
            return None if found is None else (found.span, [o.span for o in found.options()])
        if action == "contains":
            return section in doc
        # edits return no position: asking for one after an edit that moves
        # lines makes every section, and the lazy path would go untested
        if action == "set":
            return doc.set(section, key, value, create=False).value
        if action == "set-new":
            return doc.set(section + "-new", key, value).value
        if action == "add":
            return doc.add_section(section + "-added").name
        if action == "len":
            return len(doc)
        return doc.dumps()
    except sc.SftpplusConfigError as exc:
        return type(exc).__name__


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), OPS, st.integers(0, 4))
def test_lazy_document_behaves_like_a_built_one(
    text: str, ops: list[tuple[str, str, str, str]], limit: int
) -> None:
    built = sc.loads(text)
    built.sections  # noqa: B018 - makes every section now
    with lookups_by_search(limit):
        lazy = sc.loads(text)
        for op in ops:
            assert apply(lazy, op) == apply(built, op), op
    assert lazy.dumps() == built.dumps()
    assert [s.span for s in lazy.sections] == [s.span for s in built.sections]
    assert lazy.to_dict() == built.to_dict()


def test_lookups_search_until_the_limit_then_index() -> None:
    text = "".join(f"[a/{n}]\nx = {n}\n" for n in range(100))
    with lookups_by_search(3):
        doc = sc.loads(text)
        for n in (5, 50, 99):
            assert doc[f"a/{n}"]["x"] == str(n)
        assert doc._name_index is None
        assert sum(section is not None for section in doc._lazy or []) == 3
        assert doc["a/7"].line == 15
        assert doc._name_index is not None  # the fourth lookup built the index


def test_reading_and_editing_one_section_makes_only_that_one() -> None:
    text = "; big\n" + "".join(f"[a/{n}]\nx = {n}\n" for n in range(60_000))
    doc = sc.loads(text)
    section = doc["a/30000"]
    assert section.line == 60_002
    assert section.option("x") is not None
    doc.set("a/30000", "x", "changed")
    doc.set("a/new", "x", "1")
    out = doc.dumps()
    assert out == text.replace("x = 30000\n", "x = changed\n") + "\n[a/new]\nx = 1\n"
    assert doc._section_list is None
    assert sum(s is not None for s in doc._lazy or []) == 3  # a/30000, a/59999, a/new


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_million_tiny_sections_stay_within_the_memory_budget(tmp_path: Path) -> None:
    """PRODUCT.md section 11: at most 400 MB peak for a 70 MB file, so about
    5.7 bytes of peak memory per byte of file. A fresh process loads a file
    of 1,000,000 tiny sections, reads and sets one value and saves it."""
    path = tmp_path / "tiny.ini"
    with path.open("w") as handle:
        for start in range(0, 1_000_000, 10_000):
            handle.write("".join(f"[a/{n}]\nx = {n}\n" for n in range(start, start + 10_000)))
    code = (
        "import sys, sftpplus_config as sc\n"
        "doc = sc.load(sys.argv[1])\n"
        "assert len(doc) == 1_000_000 and doc['a/999999']['x'] == '999999'\n"
        "doc.set('a/500000', 'x', 'changed')\n"
        "doc.save(sys.argv[1] + '.out')\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(status.split()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    peak = int(out.stdout) * 1024
    size = path.stat().st_size
    assert peak < size * 400 / 70, f"peak {peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB file"
    saved = (tmp_path / "tiny.ini.out").read_text()
    assert saved == path.read_text().replace("x = 500000\n", "x = changed\n")


def test_small_documents_index_at_the_first_lookup() -> None:
    doc = sc.loads("".join(f"[a/{n}]\nx = {n}\n" for n in range(100)))
    assert doc._name_index is None
    assert doc["a/5"]["x"] == "5"
    assert doc._name_index is not None and doc._section_list is not None


@pytest.mark.parametrize(
    "whole_file",
    [
        lambda doc: doc.remove_section("a/3"),
        lambda doc: doc.rename_section("a/3", "b/3"),
        lambda doc: doc.to_dict(),
        lambda doc: list(doc),
    ],
    ids=["remove", "rename", "to_dict", "iterate"],
)
def test_whole_file_operations_make_every_section_once(
    whole_file: Callable[[sc.Document], object],
) -> None:
    with lookups_by_search(32):
        doc = sc.loads("".join(f"[a/{n}]\nx = {n}\n" for n in range(100)))
        assert doc["a/3"]["x"] == "3" and doc._section_list is None
        whole_file(doc)
        assert doc._section_list is not None
        # a removed section stays in the list as a tombstone (negative _pos)
        assert len([s for s in doc._section_list if s._pos >= 0]) == len(doc)


SECTION_NAMES = ["a/1", "a/2", "a/3", "b/1", "server", "a/1"]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["remove", "add", "rename", "set", "len", "lines"]),
        st.sampled_from(SECTION_NAMES[:5]),
        st.sampled_from(SECTION_NAMES[:5]),
    ),
    max_size=12,
)


def _edit(doc: sc.Document, op: str, name: str, other: str) -> object:
    """One edit (or read) on ``doc``; what it returns or the error it raises."""
    try:
        if op == "remove":
            doc.remove_section(name)
        elif op == "add":
            doc.add_section(name)
        elif op == "rename":
            doc.rename_section(name, other)
        elif op == "set":
            doc.set(name, "k", other)
        elif op == "len":
            return len(doc), doc.section_names()
        else:
            return [(s.name, s.line, s.end_line) for s in doc.sections]
    except (sc.EditError, sc.SectionNotFoundError) as exc:
        return type(exc).__name__
    return None


@settings(max_examples=400)
@given(
    st.lists(st.sampled_from(SECTION_NAMES), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    EDITS,
)
def test_removed_sections_leave_no_trace(
    names: list[str], ending: str, edits: list[tuple[str, str, str]]
) -> None:
    """Removal leaves tombstones in the section list until the next
    iteration: after any sequence of edits, the document reads, numbers its
    lines and writes exactly like one freshly loaded from the same text
    given the same edits."""
    text = "".join(f"; about {n}{ending}[{n}]{ending}k = v{ending}{ending}" for n in names)
    doc = sc.loads(text)
    for op, name, other in edits:
        fresh = sc.loads(doc.dumps())
        assert _edit(doc, op, name, other) == _edit(fresh, op, name, other)
        assert doc.dumps() == fresh.dumps()
        assert [(s.name, s.line) for s in doc.sections] == [
            (s.name, s.line) for s in fresh.sections
        ]
        assert len(doc) == len(fresh) and doc.section_names() == fresh.section_names()


def _reads(section: sc.Section) -> object:
    return (
        section.items(),
        section.keys(),
        [section.get(key) for key in section],
        section.as_dict(),
        "k" in section,
    )


@settings(max_examples=400)
@given(texts())
def test_reads_without_nodes_equal_the_nodes(text: str) -> None:
    """A section answers reads from one scan of its text until it is parsed;
    the answers are those of its nodes."""
    lazy, built = sc.loads(text), sc.loads(text)
    built.parse_all()
    assert [_reads(s) for s in lazy.sections] == [_reads(s) for s in built.sections]
    assert [s._items is None for s in lazy.sections if s._src is not None] == [
        True for s in lazy.sections if s._src is not None
    ]


@settings(max_examples=300)
@given(texts(), texts())
def test_same_text_is_text_equality(one: str, two: str) -> None:
    left, right = sc.loads(one), sc.loads(two + one)
    for a in left.sections:
        for b in right.sections:
            assert a.same_text(b) == (a.text == b.text)


@settings(max_examples=400)
@given(texts())
def test_problems_of_a_lazy_document_are_those_of_a_built_one(text: str) -> None:
    lazy, built = sc.loads(text), sc.loads(text)
    built.parse_all()
    assert lazy.problems() == built.problems()


def test_checking_a_clean_file_makes_no_section() -> None:
    doc = sc.loads("".join(f"[a/{n}]\nx = {n}\n" for n in range(1000)) + "[a/5]\nx\n")
    found = doc.problems()
    assert [f.rule for f in found] == ["duplicate-section", "syntax-error"]
    assert found[0].span.line == 2001 and found[1].span.line == 2002
    assert found[0].related[0].span.line == 11
    assert doc._section_list is None  # still offsets
    assert sum(section is not None for section in doc._lazy or []) == 2


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.randoms(use_true_random=False))
def test_lines_of_lazily_made_sections_in_any_order(text: str, rng: Any) -> None:
    """The line of a section made lazily, asked in any order and more times
    than lines are counted from the start (then every header's line is
    worked out in one pass), is the line of the fully built document."""
    with lookups_by_search(10_000), mock.patch.object(document, "_LINE_COUNTS", 2):
        lazy = sc.loads(text)
        if lazy._starts is None:  # built eagerly: lines are known already
            return
        positions = list(range(len(lazy._starts)))
        rng.shuffle(positions)
        found = {p: lazy._lazy_section(p).line for p in positions}
    built = sc.loads(text)
    expected = [s.line for s in built]
    assert [found[p] for p in sorted(found)] == expected


def test_many_line_lookups_count_the_text_once() -> None:
    """After a few counts from the start, lines come from one pass over the
    headers: asking the line of every section costs the text once, not once
    a section (a merge with a conflict every few sections asks that)."""
    text = "".join(f"[a/{n}]\nx = {n}\n" for n in range(2_000))
    counted: list[int] = []

    class Source(str):
        def count(self, sub: str, start: Any = None, end: Any = None) -> int:
            counted.append((end or len(self)) - (start or 0))
            return str.count(self, sub, start, end)

    with lookups_by_search(10_000):
        doc = sc.loads(text)
        doc._source = Source(doc._source)
        assert doc._starts is not None
        lines = [doc._lazy_section(p).line for p in range(len(doc._starts) - 1, -1, -1)]
    assert lines == list(range(2 * 2_000 - 1, 0, -2))
    assert sum(counted) <= 8 * len(text)  # 2,000 counts from the start: 964x
