"""Typed reads of option values and the component layer."""

from __future__ import annotations

import pytest

import sftpplus_config as sc
from sftpplus_config.components import Component, components, split_section_name
from sftpplus_config.values import parse_bool, parse_csv, parse_int, parse_lines


@pytest.mark.parametrize("text", ["yes", "YES", "True", "on", "1", " Yes "])
def test_true(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["no", "No", "FALSE", "off", "0"])
def test_false(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["", "y", "2", "enabled"])
def test_not_bool(text: str) -> None:
    with pytest.raises(ValueError, match="not a boolean"):
        parse_bool(text)


def test_int() -> None:
    assert parse_int("22") == 22
    assert parse_int("-1") == -1
    for bad in ("", "1.5", "0x10", "٣"):
        with pytest.raises(ValueError):
            parse_int(bad)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("", []),
        ("a", ["a"]),
        ("a, b ,c", ["a", "b", "c"]),
        ('"a, b", c', ["a, b", "c"]),
        ('"say ""hi""", x', ['say "hi"', "x"]),
        ("a,,b", ["a", "", "b"]),
    ],
)
def test_csv(text: str, items: list[str]) -> None:
    assert parse_csv(text) == items


@pytest.mark.parametrize("text", ['"open', '"a" b'])
def test_csv_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_csv(text)


def test_lines() -> None:
    assert parse_lines("a\n\n b \nc") == ["a", "b", "c"]


def test_components() -> None:
    doc = sc.loads(
        "[server]\nname = s\n[services/s1]\ntype = SSH\nenabled = Yes\nport = 22\n"
        "authentications = a1, a2\n[services/s2]\nname = x\n"
    )
    assert split_section_name("accounts/x/y") == ("accounts", "x/y")
    assert split_section_name("server") == ("server", None)
    service = Component(doc["services/s1"])
    assert (service.kind, service.id, service.type) == ("services", "s1", "ssh")
    assert service.get_bool("enabled") is True
    assert service.get_int("port") == 22
    assert service.get_list("authentications") == ["a1", "a2"]
    assert service.get_bool("missing", False) is False
    assert [c.id for c in components(doc, "services")] == ["s1", "s2"]
    assert Component(doc["server"]).id is None
    assert Component(doc["services/s2"]).type is None
