"""Edits change only the edited lines; every test compares the whole text."""

from __future__ import annotations

import pytest

import sftpplus_config as sc

BASE = """\
; Example
[server]
name = files
uuid=abc

; the accounts
[accounts/a1]
name : alice
description : first
    second
# kept comment
    third

[accounts/a2]
name = bob
"""


def edited(text: str, action: str, *args: str) -> str:
    doc = sc.loads(text)
    getattr(doc, action)(*args)
    out = doc.dumps()
    # the result re-parses to the same structure and values
    again = sc.loads(out)
    assert again.to_dict() == doc.to_dict()
    return out


def test_changing_a_value_keeps_delimiter_and_spacing() -> None:
    out = edited(BASE, "set", "server", "uuid", "def")
    assert out == BASE.replace("uuid=abc", "uuid=def")
    out = edited(BASE, "set", "accounts/a1", "NAME", "carol")
    assert out == BASE.replace("name : alice", "name : carol")


def test_new_option_goes_after_last_option_before_blank_and_comments() -> None:
    out = edited(BASE, "set", "server", "port", "22")
    assert out == BASE.replace("uuid=abc\n", "uuid=abc\nname = 22\n".replace("name", "port"))


def test_new_option_uses_section_majority_delimiter() -> None:
    out = edited(BASE, "set", "accounts/a1", "group", "g1")
    assert out == BASE.replace("    third\n", "    third\ngroup : g1\n")


def test_new_option_in_empty_section_uses_file_style() -> None:
    text = "[a]\nx: 1\ny: 2\n\n[b]\n\n; about c\n[c]\n"
    out = edited(text, "set", "b", "z", "3")
    assert out == "[a]\nx: 1\ny: 2\n\n[b]\nz: 3\n\n; about c\n[c]\n"


def test_crlf_file_gets_crlf_lines() -> None:
    text = BASE.replace("\n", "\r\n")
    out = edited(text, "set", "accounts/a2", "group", "g")
    assert out == text + "group = g\r\n"


def test_file_without_final_newline() -> None:
    out = edited("[a]\nx = 1", "set", "a", "y", "2")
    assert out == "[a]\nx = 1\ny = 2"
    out = edited("[a]", "set", "a", "y", "2")
    assert out == "[a]\ny = 2"


def test_multiline_value_edit_keeps_comment_and_indent() -> None:
    out = edited(BASE, "set", "accounts/a1", "description", "one\ntwo\nthree")
    assert out == BASE.replace(
        "description : first\n    second\n# kept comment\n    third\n",
        "description : one\n    two\n# kept comment\n    three\n",
    )


def test_multiline_value_shrinks_and_grows() -> None:
    out = edited(BASE, "set", "accounts/a1", "description", "only")
    assert out == BASE.replace(
        "description : first\n    second\n# kept comment\n    third\n",
        "description : only\n# kept comment\n",
    )
    out = edited(BASE, "set", "server", "name", "a\n\nb")
    assert out == BASE.replace("name = files\n", "name = a\n\n    b\n")
    assert sc.loads(out)["server"]["name"] == "a\n\nb"


def test_empty_value() -> None:
    out = edited(BASE, "set", "server", "name", "")
    assert out == BASE.replace("name = files\n", "name =\n")
    out = edited(out, "set", "server", "name", "x")
    assert out == BASE.replace("name = files\n", "name = x\n")


def test_remove_option_removes_continuation_lines() -> None:
    out = edited(BASE, "unset", "accounts/a1", "description")
    assert out == BASE.replace("description : first\n    second\n# kept comment\n    third\n", "")


def test_remove_last_option_of_file_without_final_newline() -> None:
    out = edited("[a]\nx = 1\ny = 2", "unset", "a", "y")
    assert out == "[a]\nx = 1"


def test_add_section() -> None:
    out = edited(BASE, "add_section", "groups/g1")
    assert out == BASE + "\n[groups/g1]\n"
    out = edited("[a]\nx = 1", "add_section", "b")
    assert out == "[a]\nx = 1\n\n[b]\n"


def test_set_creates_missing_section() -> None:
    out = edited(BASE, "set", "groups/g1", "name", "Partners")
    assert out == BASE + "\n[groups/g1]\nname = Partners\n"


def test_remove_section_keeps_comments_of_next_section() -> None:
    out = edited(BASE, "remove_section", "server")
    assert out == BASE.replace("[server]\nname = files\nuuid=abc\n", "")
    out = edited(BASE, "remove_section", "accounts/a1")
    assert out == BASE.replace(
        "; the accounts\n[accounts/a1]\nname : alice\ndescription : first\n"
        "    second\n# kept comment\n    third\n\n",
        "",
    )


def test_rename_section_changes_only_the_header() -> None:
    out = edited(BASE, "rename_section", "accounts/a2", "accounts/b2")
    assert out == BASE.replace("[accounts/a2]", "[accounts/b2]")
    doc = sc.loads(out)
    assert "accounts/a2" not in doc
    assert doc["accounts/b2"]["name"] == "bob"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("a\n#b", "comment"),
        ("a\n;b", "comment"),
        (" a", "whitespace"),
        ("a\n", "empty line"),
        ("a\rb", "carriage return"),
    ],
)
def test_values_that_would_not_read_back_are_refused(value: str, reason: str) -> None:
    doc = sc.loads(BASE)
    with pytest.raises(sc.EditError, match=reason):
        doc.set("server", "name", value)
    assert doc.dumps() == BASE


@pytest.mark.parametrize("key", ["", "a=b", "a:b", " a", "[x]", "[x]y", "#x", ";x"])
def test_bad_option_names_are_refused(key: str) -> None:
    with pytest.raises(sc.EditError):
        sc.loads(BASE).set("server", key, "v")


def test_duplicate_and_bad_section_names_are_refused() -> None:
    doc = sc.loads(BASE)
    with pytest.raises(sc.EditError):
        doc.add_section("server")
    with pytest.raises(sc.EditError):
        doc.add_section("a\nb")
    with pytest.raises(sc.EditError):
        doc.rename_section("server", "accounts/a1")


def test_missing_things() -> None:
    doc = sc.loads(BASE)
    with pytest.raises(sc.SectionNotFoundError):
        doc["nope"]
    with pytest.raises(sc.OptionNotFoundError):
        doc["server"]["nope"]
    with pytest.raises(KeyError):  # the builtin users already catch
        del doc["server"]["nope"]
    assert doc.unset("nope") is False
    assert doc.unset("server", "nope") is False
    assert doc.dumps() == BASE


def test_setting_same_value_changes_nothing() -> None:
    doc = sc.loads(BASE)
    doc.set("server", "name", "files")
    assert doc.dumps() == BASE


def test_new_option_never_swallows_an_indented_invalid_line() -> None:
    # found by fuzzing: "\t\x00" after the header is an (indented) invalid
    # line; an option inserted before it would make it a continuation line
    text = "[s]\n\tjunk\n"
    out = edited(text, "set", "s", "key", "v")
    assert out == "[s]\n\tjunk\nkey = v\n"
    text = "[s]\n    a = 1\n  junk\n\n[t]\n"
    out = edited(text, "set", "s", "b", "2")
    assert out == "[s]\n    a = 1\n  junk\n\nb = 2\n[t]\n"


def test_edits_that_would_swallow_an_indented_header_are_refused() -> None:
    # found by fuzzing: "  [b]" is a header only because no option is open
    text = "[a]\n  x = 1\n  [b]\ny = 1\n"
    doc = sc.loads(text)
    assert doc.section_names() == ["a", "b"]
    with pytest.raises(sc.EditError, match="indented"):
        doc.set("a", "new", "v")
    assert doc.dumps() == text
    # removing [c] would put "  [d]" right after [b]'s option `y`, whose
    # value it would continue: refused, the document unchanged
    text = "[b]\ny = 1\n[c]\nz = 2\n  [d]\nw = 3\n"
    doc = sc.loads(text)
    assert doc.section_names() == ["b", "c"]  # "  [d]" continues z
    text = "[b]\ny = 1\n[c]\n  [d]\nw = 3\n"
    doc = sc.loads(text)
    assert doc.section_names() == ["b", "c", "d"]
    with pytest.raises(sc.EditError, match="indented"):
        doc.remove_section("c")
    assert doc.dumps() == text


# -- issue #12: refused edits change nothing; lines never join; "[" in keys


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("bad=key", "v"),
        ("[x]", "v"),
        ("[x", "y]"),  # the line `[x = y]` would be a section header
        ("name", " padded"),
        ("name", "a\n# comment"),
        ("name", "a\r"),
    ],
)
def test_a_refused_set_on_a_missing_section_adds_nothing(option: str, value: str) -> None:
    doc = sc.loads(BASE)
    with pytest.raises(sc.EditError):
        doc.set("groups/new", option, value)
    assert "groups/new" not in doc
    assert doc.dumps() == BASE
    assert doc.section_names() == ["server", "accounts/a1", "accounts/a2"]


def _lines(text: str) -> list[str]:
    """The lines as SFTPPlus reads them (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@pytest.mark.parametrize(
    "text",
    [
        "[a]\nx = 1\r",  # the last line ends in a lone \r, the file in \n
        "[a]\r",
        "[a]\nx = 1\n; note\r",
        "[a]\nx = 1\n    more\r",
        "[a]\r\nx = 1\r",
    ],
)
def test_a_new_section_never_joins_the_line_before(text: str) -> None:
    doc = sc.loads(text)
    doc.add_section("b")
    out = doc.dumps()
    assert out.startswith(text)  # the lines before are untouched
    assert _lines(out)[: len(_lines(text)) - 1] == _lines(text)[:-1]
    again = sc.loads(out)
    assert again.section_names() == ["a", "b"]
    assert again.dumps() == out
    # a blank line separates the sections, as for any file
    assert _lines(out)[-3:] == ["", "[b]", ""]


@pytest.mark.parametrize(
    ("text", "edit", "expected", "delta"),
    [
        # a blank continuation line after a line ending in a lone \r
        ("[a]\nx = a\ry = 2\nz = 3\n", ("set", "a", "x", "a\n\nb"), {"x": "a\n\nb"}, 2),
        ("[a]\nx = a\r    b\n    c\nz = 3\n", ("set", "a", "x", "a\n\nc"), {"x": "a\n\nc"}, 0),
        # removals that put a \r line right before an empty \n line
        ("[a]\nw = 1\rq = 2\n\nz = 3\n", ("unset", "a", "q"), {"w": "1", "z": "3"}, -1),
        ("[a]\nw = 1\r[b]\nq = 1\n\n[c]\n", ("remove_section", "b"), {"w": "1"}, -2),
    ],
)
def test_edits_never_join_two_lines(
    text: str, edit: tuple[str, ...], expected: dict[str, str], delta: int
) -> None:
    doc = sc.loads(text)
    getattr(doc, edit[0])(*edit[1:])
    out = doc.dumps()
    again = sc.loads(out)
    assert again.dumps() == out
    for key, value in expected.items():
        assert again.get("a", key) == value
    # only the lines the edit is about were added or removed: none joined
    assert len(_lines(out)) == len(_lines(text)) + delta


@pytest.mark.parametrize(
    ("key", "value"), [("k[0]", "v"), ("[x", "1"), ("a[b]", "c"), ("list[]", "x]")]
)
def test_keys_with_a_bracket_that_read_back_can_be_written(key: str, value: str) -> None:
    from .conftest import configparser_values

    doc = sc.loads(BASE)
    doc.set("server", key, value)
    out = doc.dumps()
    assert out == BASE.replace("uuid=abc\n", f"uuid=abc\n{key} = {value}\n")
    assert sc.loads(out).get("server", key) == value
    parsed = configparser_values(out)
    assert parsed is not None and parsed["server"][key.lower()] == value


@pytest.mark.parametrize(
    "text",
    [
        "[a]\n; only a comment\n[b]\nz = 1\n  [c]\ny = 2\n",  # [b]'s z continues: no [c]
        "[a]\n; only a comment\n[b]\n  [c]\ny = 2\n",  # nothing open before [b]
        "[a]\nnot an option\n[b]\n  [c]\ny = 2\n",  # an invalid line closes the option
        "[b]\n  [c]\ny = 2\n",  # the first section: the preamble is empty
        "[a]\n    x = 1\n[b]\n  [c]\ny = 2\n",  # x is indented deeper than [c]
    ],
)
def test_removing_a_section_before_an_indented_header_when_nothing_absorbs_it(
    text: str,
) -> None:
    doc = sc.loads(text)
    names = doc.section_names()
    doc.remove_section("b")
    out = doc.dumps()
    assert sc.loads(out).section_names() == [n for n in names if n != "b"]


def test_a_new_value_that_would_turn_an_option_line_into_a_header_is_refused() -> None:
    # found by the edit fuzz target once mixed endings were no longer
    # excluded: `[=` is the option `[`; the value `x]` would make `[=x]`
    text = "[t]\n[=\n"
    doc = sc.loads(text)
    assert doc["t"].keys() == ["["]
    with pytest.raises(sc.EditError, match="section header"):
        doc.set("t", "[", "x]")
    assert doc.dumps() == text
    doc.set("t", "[", "x")
    assert sc.loads(doc.dumps()).get("t", "[") == "x"
