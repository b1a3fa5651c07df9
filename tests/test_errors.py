"""Positioned errors and syntax problems."""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.ini"
    path.write_bytes(b"[server]\nname = ok\ndescription = \xff\n")
    with pytest.raises(sc.DecodeError) as info:
        sc.load(path)
    assert (info.value.offset, info.value.line, info.value.column) == (33, 3, 15)
    assert info.value.file == str(path)


def test_utf16_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "utf16.ini"
    path.write_bytes("[server]\n".encode("utf-16"))
    with pytest.raises(sc.DecodeError, match="UTF-16"):
        sc.load(path)


PROBLEMS = """\
orphan = 1
[server]
name = a
NAME = b
description = x
    uuid = 123
not an option
= no key
[server]
"""


def test_problems_are_positioned_and_ordered() -> None:
    doc = sc.loads(PROBLEMS)
    found = [(f.rule, f.span.line, f.span.column, f.option) for f in doc.problems()]
    assert found == [
        ("option-outside-section", 1, 1, "orphan"),
        ("duplicate-option", 4, 1, "name"),
        ("indented-option", 6, 5, "uuid"),
        ("syntax-error", 7, 1, None),
        ("syntax-error", 8, 1, None),
        ("duplicate-section", 9, 1, None),
    ]
    duplicate = doc.problems()[1]
    assert duplicate.related[0].span.line == 3
    assert all(f.hint for f in doc.problems())


def test_tolerant_load_keeps_everything() -> None:
    doc = sc.loads(PROBLEMS)
    assert doc.dumps() == PROBLEMS
    assert doc["server"]["name"] == "a"


def test_strict_load_raises_the_first_problem(tmp_path: Path) -> None:
    path = tmp_path / "server.ini"
    path.write_text(PROBLEMS)
    with pytest.raises(sc.ParseError) as info:
        sc.load(path, strict=True)
    error = info.value
    assert (error.rule, error.line, error.column) == ("option-outside-section", 1, 1)
    assert str(error).startswith(f"{path}:1:1: option `orphan` comes before any section")
    with pytest.raises(ValueError):  # ParseError is a ValueError too
        sc.loads("[a]\nx\n", strict=True)


def test_strict_load_accepts_a_clean_file() -> None:
    assert sc.loads("[server]\nname = x\n", strict=True)["server"]["name"] == "x"
