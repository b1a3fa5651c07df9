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


@pytest.mark.parametrize("key", ["", "a=b", "a:b", " a", "[x", "#x"])
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
    with pytest.raises(sc.EditError, match="indented"):
        doc.remove_section("a")
    assert doc.dumps() == text
