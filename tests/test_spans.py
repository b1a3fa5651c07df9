"""Exact positions for every node kind, before and after edits."""

from __future__ import annotations

import sftpplus_config as sc
from sftpplus_config import Blank, Comment, Invalid, Option, Span

TEXT = (
    "; preamble comment\n"  # 1
    "\n"  # 2
    "[server]\n"  # 3
    "name = files\n"  # 4
    "description = first\n"  # 5
    "    second\n"  # 6
    "# inside\n"  # 7
    "\tthird\n"  # 8
    "\n"  # 9
    "[accounts/a1]\n"  # 10
    "Key:value\n"  # 11
    "not an option\n"  # 12
)


def test_section_spans() -> None:
    doc = sc.loads(TEXT)
    assert doc["server"].span == Span(3, 1, 3, 9)
    assert doc["accounts/a1"].span == Span(10, 1, 10, 14)
    assert doc.preamble.span == Span(1, 1, 1, 1)


def test_option_spans() -> None:
    doc = sc.loads(TEXT)
    name = doc["server"].option("name")
    assert name is not None
    assert name.span == Span(4, 1, 4, 13)
    assert name.key_span == Span(4, 1, 4, 5)
    assert name.value_span == Span(4, 8, 4, 13)
    description = doc["server"].option("description")
    assert description is not None
    assert description.span == Span(5, 1, 8, 7)
    assert description.value_line_spans() == [
        Span(5, 15, 5, 20),
        Span(6, 5, 6, 11),
        Span(8, 2, 8, 7),
    ]
    assert description.value == "first\nsecond\nthird"
    key = doc["accounts/a1"].option("KEY")
    assert key is not None
    assert key.span == Span(11, 1, 11, 10)
    assert key.raw_key == "Key"
    assert key.name == "key"
    assert key.value_span == Span(11, 5, 11, 10)


def test_comment_blank_invalid_spans() -> None:
    doc = sc.loads(TEXT)
    pre = doc.preamble.nodes
    assert isinstance(pre[0], Comment)
    assert pre[0].span == Span(1, 1, 1, 19)
    assert isinstance(pre[1], Blank)
    assert pre[1].span == Span(2, 1, 2, 1)
    server_nodes = doc["server"].nodes
    assert [type(n) for n in server_nodes] == [Option, Option, Blank]
    assert server_nodes[2].span == Span(9, 1, 9, 1)
    invalid = doc["accounts/a1"].nodes[1]
    assert isinstance(invalid, Invalid)
    assert invalid.span == Span(12, 1, 12, 14)


def test_spans_stay_right_after_edits() -> None:
    doc = sc.loads(TEXT)
    doc.set("server", "description", "one line")  # 4 lines become 1 (comment kept)
    assert doc["server"].option("description").span == Span(5, 1, 5, 23)  # type: ignore[union-attr]
    assert doc["accounts/a1"].span == Span(8, 1, 8, 14)
    doc.set("server", "uuid", "u-1")
    uuid = doc["server"].option("uuid")
    assert uuid is not None
    # right after the last option, before the comment that used to sit
    # between description's value lines
    assert uuid.span.line == 6
    assert doc["accounts/a1"].span.line == 9
    # re-parsing the edited text gives the same positions
    again = sc.loads(doc.dumps())
    assert again["accounts/a1"].span == doc["accounts/a1"].span
    assert again["server"].option("uuid").span == uuid.span  # type: ignore[union-attr]


def test_lazy_sections_number_lines_like_eager_ones() -> None:
    lazy = sc.loads("[a]\nx = 1\n\n[b]\ny = 2\n  z\n[c]\n")
    eager = sc.loads("[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\n  z\r\n[c]\r\n".replace("\r\n", "\r"))
    for name in ("a", "b", "c"):
        assert lazy[name].span == eager[name].span
    assert lazy["c"].span.line == 7


def test_indented_header_where_no_option_is_open_is_a_header() -> None:
    # configparser: after a header no option is open, so an indented
    # "[...]" line is another header; after an option it is a continuation.
    doc = sc.loads("[a]\n  [b]\nx = 1\n  [not a header]\n")
    assert doc.section_names() == ["a", "b"]
    assert doc["b"].span == Span(2, 3, 2, 6)
    assert doc["b"]["x"] == "1\n[not a header]"
