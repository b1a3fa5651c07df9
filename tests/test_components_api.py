"""Components on the document (issue #15, items 2 and 3): find by name,
typed values with the documented defaults, adding sections with options,
ids, copies."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.components import Component, components

from ._work import lines_executed
from .conftest import EXAMPLES

TEXT = """\
; accounts
[server]
name = files

[accounts/a1]
name = johnd
type = application
enabled = no
group = g1, g2

[accounts/a2]
name =  jane
type = OS

[accounts/a3]
name = johnd-admin

[groups/g1]
name = johnd

[services/s1]
name = sftp
type = SFTP
port = 22
enabled = maybe

[services/s2]
type = ssh
port = eighty
"""


@pytest.fixture
def doc() -> sc.Document:
    return sc.loads(TEXT, path="server.ini")


def test_components_by_kind_and_type(doc: sc.Document) -> None:
    names = [c.section_name for c in doc.components()]
    assert names == [
        "server",
        "accounts/a1",
        "accounts/a2",
        "accounts/a3",
        "groups/g1",
        "services/s1",
        "services/s2",
    ]
    assert [c.id for c in doc.components("accounts")] == ["a1", "a2", "a3"]
    assert [c.id for c in doc.components("server")] == [None]
    assert doc.components("nothing") == []
    # types compare as SFTPPlus does: any case, aliases (sftp is ssh), and
    # an account without `type` is an application account
    assert [c.id for c in doc.components("services", type="ssh")] == ["s1", "s2"]
    assert [c.id for c in doc.components("services", type="SFTP")] == ["s1", "s2"]
    assert [c.id for c in doc.components("accounts", type="application")] == ["a1", "a3"]
    assert [c.id for c in doc.components("accounts", type="os")] == ["a2"]
    assert [c.id for c in components(doc, "accounts")] == ["a1", "a2", "a3"]


def test_find_by_name(doc: sc.Document) -> None:
    found = doc.find("accounts", name="johnd")
    assert found is not None and found.section_name == "accounts/a1"
    assert found.section is doc["accounts/a1"]
    # the group of the same name is another kind; a name that only starts
    # the same is another name
    assert doc.find("groups", name="johnd") is not None
    assert doc.find("accounts", name="johnd-admin") == Component(doc["accounts/a3"])
    assert doc.find("accounts", name="john") is None
    assert doc.find("accounts", name="jane") == Component(doc["accounts/a2"])  # trimmed
    assert doc.find("nothing", name="johnd") is None
    assert doc.find_all("accounts", name="johnd") == [Component(doc["accounts/a1"])]
    assert doc.find_all("accounts", name="nobody") == []


def test_an_ambiguous_name_names_both_places(doc: sc.Document) -> None:
    doc.add_section("accounts/a4", {"name": "johnd"})
    assert [c.id for c in doc.find_all("accounts", name="johnd")] == ["a1", "a4"]
    with pytest.raises(sc.AmbiguousNameError) as caught:
        doc.find("accounts", name="johnd")
    error = caught.value
    assert isinstance(error, sc.SftpplusConfigError)
    assert (error.kind, error.name) == ("accounts", "johnd")
    assert error.sections == ("accounts/a1", "accounts/a4")
    assert [span.line for span in error.spans] == [5, 31]
    assert str(error).startswith("server.ini:5:1: 2 accounts sections are named 'johnd'")
    assert "[accounts/a4] (line 31)" in str(error)


def test_find_in_a_large_file_makes_only_the_matching_sections_and_no_nodes() -> None:
    text = "".join(f"[accounts/{n}]\nname = user{n}\nenabled = yes\n\n" for n in range(60_000))
    doc = sc.loads(text)
    found = doc.find("accounts", name="user41234")
    assert found is not None and found.id == "41234"
    assert found.section.line == 41234 * 4 + 1
    lazy = doc._lazy
    assert lazy is not None, "the document was made whole"
    made = [section for section in lazy if section is not None]
    # "user4123" also occurs in user41234..., but only sections whose text
    # holds the name are made, and none of them is parsed into nodes
    assert [s.name for s in made] == ["accounts/41234"]
    assert all(section._items is None for section in made)


def _find_work(count: int) -> int:
    text = "".join(f"[accounts/{n}]\nname = user{n}\n" for n in range(count))
    doc = sc.loads(text)
    return lines_executed(lambda: doc.find("accounts", name=f"user{count // 2}"))


def test_find_is_linear() -> None:
    small, large = _find_work(2_000), _find_work(8_000)
    assert large < small * 4 * 1.2, (small, large)


def test_listing_components_counts_lines_on_the_way() -> None:
    """Asking each section of a lazy document for its line would count the
    lines from the top of the file for each (quadratic, inside ``str.count``
    where no line count sees it): the walk gives every section its line."""
    text = "; c\n" + "".join(f"[accounts/{n}]\nname = user{n}\n\n" for n in range(3_000))
    doc = sc.loads(text)
    with mock.patch.object(sc.Document, "_line_of", side_effect=AssertionError("counted")):
        lines = [c.span.line for c in doc.components("accounts")]
    assert lines == [2 + 3 * n for n in range(3_000)]
    assert doc._lazy is not None  # still lazy: each line was counted on the way


def test_find_after_edits_sees_the_edits(doc: sc.Document) -> None:
    doc.set("accounts/a2", "name", "johnd")
    doc.remove_section("accounts/a1")
    assert doc.find("accounts", name="johnd") == Component(doc["accounts/a2"])
    doc.rename_section("accounts/a2", "accounts/b2")
    found = doc.find("accounts", name="johnd")
    assert found is not None and found.section_name == "accounts/b2"
    assert found.span.line == doc["accounts/b2"].line


def test_section_name_and_its_deprecated_alias(doc: sc.Document) -> None:
    account = doc.find("accounts", name="johnd")
    assert account is not None
    assert account.section_name == "accounts/a1"
    assert account.name == "johnd"  # the `name` option, not the header
    with pytest.warns(DeprecationWarning, match="section_name"):
        assert account.name_of_section == "accounts/a1"


def test_value_is_typed_with_documented_defaults(doc: sc.Document) -> None:
    account = doc.find("accounts", name="johnd")
    assert account is not None
    assert account.value("enabled") is False
    assert account.raw("enabled") == "no"
    assert account.value("group") == ["g1", "g2"]
    assert account.value("name") == "johnd"
    other = doc.find("accounts", name="johnd-admin")
    assert other is not None
    # absent: the documented default, typed (SFTPPlus reads `enabled` as Yes)
    assert other.raw("enabled") is None
    assert other.value("enabled") is True
    assert other.value("group") == ["DEFAULT_GROUP"]
    assert other.value("home_folder_path") == "inherit"  # a documented word
    # a default is a fresh value: changing it changes no other
    groups = other.value("group")
    assert isinstance(groups, list)
    groups.append("x")
    assert other.value("group") == ["DEFAULT_GROUP"]
    service = doc.find("services", name="sftp")
    assert service is not None
    assert service.value("port") == 22
    assert service.value("ssh_cipher_list") == "secure"
    # options the schema does not know give their text, or None
    assert service.value("no_such_option") is None
    doc.set("services/s1", "no_such_option", "text")
    assert service.value("no_such_option") == "text"
    unknown = sc.loads("[things/x]\nname = n\nsize = 3\n").components()[0]
    assert unknown.value("size") == "3"
    assert unknown.value("other") is None


def test_value_refuses_text_that_is_not_of_its_type(doc: sc.Document) -> None:
    service = doc.find("services", name="sftp")
    assert service is not None
    with pytest.raises(sc.InvalidValueError) as caught:
        service.value("enabled")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.section, error.option, error.value) == ("services/s1", "enabled", "maybe")
    assert (error.span.line, error.span.column) == (25, 11)
    assert str(error) == (
        "server.ini:25:11: `enabled` in [services/s1] is 'maybe', not `yes` or `no`"
    )
    nameless = doc.components("services")[1]
    with pytest.raises(sc.InvalidValueError, match="'eighty', not an integer"):
        nameless.value("port")


def test_typed_getters_use_the_documented_defaults(doc: sc.Document) -> None:
    other = doc.find("accounts", name="johnd-admin")
    assert other is not None
    assert other.get_bool("enabled") is True  # documented: Yes
    assert other.get_bool("enabled", False) is False  # an explicit default wins
    assert other.get_list("group") == ["DEFAULT_GROUP"]
    assert other.get_lines("ssh_authorized_keys_content") == []
    server = doc.components("server")[0]
    assert server.get_int("password_minimum_length") == 8
    assert server.get_int("password_minimum_length", 12) == 12
    assert server.get_bool("uuid") is None  # absent, and its default is not a boolean
    assert server.get_int("uuid") is None
    service = doc.components("services")[1]
    with pytest.raises(ValueError, match="not an integer"):
        service.get_int("port")


def test_add_section_with_options_in_order(doc: sc.Document) -> None:
    before = doc.dumps()
    section = doc.add_section(
        "accounts/new", {"name": "carol", "type": "application", "enabled": "yes"}
    )
    assert section.text == "[accounts/new]\nname = carol\ntype = application\nenabled = yes\n"
    assert doc.dumps() == before + "\n" + section.text
    assert sc.loads(doc.dumps()).to_dict()["accounts/new"] == {
        "name": "carol",
        "type": "application",
        "enabled": "yes",
    }


@pytest.mark.parametrize(
    "options",
    [
        {"name": "ok", "bad=name": "x"},
        {"name": "ok", "": "x"},
        {"name": "ok", "description": "one\n#two"},
        {"name": "ok", "Name": "twice"},
        {"[x]": "y"},
    ],
)
def test_a_refused_option_adds_nothing(doc: sc.Document, options: dict[str, str]) -> None:
    before = doc.dumps()
    with pytest.raises(sc.EditError):
        doc.add_section("accounts/new", options)
    assert doc.dumps() == before
    assert "accounts/new" not in doc


def test_new_id_is_a_uuid4_that_the_validator_accepts() -> None:
    ids = {sc.new_id() for _ in range(50)}
    assert len(ids) == 50
    for ident in ids:
        assert uuid.UUID(ident).version == 4
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ident
        )
    doc = sc.loads("[server]\nname = s\n")
    doc.add_section(f"groups/{next(iter(ids))}", {"name": "g"})
    rules = {f.rule for f in sc.validate(doc).findings}
    assert "invalid-section-id" not in rules and "unknown-kind" not in rules


def test_copy_is_independent(doc: sc.Document) -> None:
    doc.set("server", "name", "edited")
    copy = doc.copy()
    assert copy is not doc and copy.dumps() == doc.dumps() and copy.path == doc.path
    copy.set("server", "name", "copy")
    copy.add_section("groups/new")
    assert doc.get("server", "name") == "edited"
    assert "groups/new" not in doc
    bom = sc.loads("\ufeff[server]\nname = s\n").copy()
    assert bom.bom and bom.dumps() == "\ufeff[server]\nname = s\n"


def test_a_copy_saved_over_its_file_is_guarded_like_the_original(tmp_path: Path) -> None:
    path = tmp_path / "server.ini"
    path.write_text("[server]\nname = one\n")
    doc = sc.load(path)
    doc.set("server", "name", "two")
    copy = doc.copy()
    copy.save()  # the file is still what was loaded
    assert path.read_text() == "[server]\nname = two\n"
    with pytest.raises(sc.FileChangedError):
        doc.save()  # the copy wrote it meanwhile
    again = doc.copy()
    with pytest.raises(sc.FileChangedError):
        again.save()


@given(st.lists(st.sampled_from(["ann", "bob", "", " ann", "ann\n  x"]), max_size=6), st.data())
def test_find_all_agrees_with_a_plain_scan(names: list[str], data: st.DataObject) -> None:
    text = "".join(
        f"[{'accounts' if n % 3 else 'groups'}/{n}]\n" + (f"name = {name}\n" if name else "")
        for n, name in enumerate(names)
    )
    wanted = data.draw(st.sampled_from(["ann", "bob", "", "an", "x"]))
    expected = [
        s.name
        for s in sc.loads(text).sections
        if s.kind == "accounts" and (s.get("name") or "\0").strip() == wanted
    ]
    lazy, built = sc.loads(text), sc.loads(text)
    built.sections  # noqa: B018 - made whole: the other path
    for doc in (lazy, built):
        assert [c.section_name for c in doc.find_all("accounts", name=wanted)] == expected


def test_the_bundled_example_reads_as_documented() -> None:
    doc = sc.load(EXAMPLES / "server.ini")
    acme = doc.find("accounts", name="acme")
    assert acme is not None and acme.value("enabled") is True
    sftp = doc.find("services", name="sftp")
    assert sftp is not None and sftp.value("port") == 10022
