"""Selectors (issue #15, item 4): a section name or KIND:NAME."""

from __future__ import annotations

import pytest

import sftpplus_config as sc
from sftpplus_config.selectors import parse_selector

TEXT = """\
[server]
name = files

[accounts/a1]
name = johnd

[accounts/a2]
name = jane

[accounts/a3]
name = jane

[groups/g1]
name = johnd

[odd:name]
x = 1
"""


@pytest.fixture
def doc() -> sc.Document:
    return sc.loads(TEXT, path="server.ini")


def test_parse_selector() -> None:
    assert parse_selector("accounts:johnd") == ("accounts", "johnd")
    assert parse_selector("accounts:a:b") == ("accounts", "a:b")
    assert parse_selector("accounts:") == ("accounts", "")
    assert parse_selector("accounts/x:y") is None  # a header: `/` before the `:`
    assert parse_selector("server") is None
    assert parse_selector(":x") is None


def test_select_by_header_or_kind_and_name(doc: sc.Document) -> None:
    assert sc.select(doc, "server") is doc["server"]
    assert sc.select(doc, "accounts/a1") is doc["accounts/a1"]
    assert sc.select(doc, "accounts:johnd") is doc["accounts/a1"]
    assert sc.select(doc, "groups:johnd") is doc["groups/g1"]
    # a header that looks like KIND:NAME is still reachable by its name
    assert sc.select(doc, "odd:name") is doc["odd:name"]
    assert sc.select_or_none(doc, "accounts:nobody") is None
    assert sc.select_or_none(doc, "accounts/zz") is None


def test_a_missing_name_gives_the_closest_candidates(doc: sc.Document) -> None:
    with pytest.raises(sc.SelectorError) as caught:
        sc.select(doc, "accounts:jonhd")
    error = caught.value
    assert isinstance(error, sc.SftpplusConfigError)
    assert (error.selector, error.reason) == ("accounts:jonhd", "missing")
    assert error.candidates == ("accounts:johnd",)
    assert str(error) == (
        "server.ini: no accounts section is named 'jonhd'\n  hint: did you mean: accounts:johnd"
    )


def test_a_missing_kind_or_header_gives_candidates(doc: sc.Document) -> None:
    with pytest.raises(sc.SelectorError) as caught:
        sc.select(doc, "account:johnd")
    assert caught.value.candidates == ("accounts:johnd",)
    with pytest.raises(sc.SelectorError) as caught:
        sc.select(doc, "accounts/a4")
    assert "accounts/a1" in caught.value.candidates
    assert str(caught.value).startswith("server.ini: no section [accounts/a4]")


def test_an_ambiguous_name_lists_the_sections(doc: sc.Document) -> None:
    for call in (sc.select, sc.select_or_none):
        with pytest.raises(sc.SelectorError) as caught:
            call(doc, "accounts:jane")
        error = caught.value
        assert error.reason == "ambiguous"
        assert error.candidates == ("accounts/a2", "accounts/a3")
        assert isinstance(error.__cause__, sc.AmbiguousNameError)
        assert str(error).startswith(
            "server.ini:7:1: 'accounts:jane' is ambiguous: [accounts/a2] (line 7), "
            "[accounts/a3] (line 10)"
        )
        assert "hint: one of: accounts/a2, accounts/a3" in str(error)


def test_with_no_close_name_a_few_names_are_all_given(doc: sc.Document) -> None:
    with pytest.raises(sc.SelectorError) as caught:
        sc.select(doc, "accounts:x")
    assert caught.value.candidates == ("accounts:jane", "accounts:johnd")
    many = sc.loads("".join(f"[accounts/{n}]\nname = user{n}\n" for n in range(20)))
    with pytest.raises(sc.SelectorError) as caught:
        sc.select(many, "accounts:x")
    assert caught.value.candidates == ()
