"""Patching another document: formatting kept, conflicts reported."""

from __future__ import annotations

import sftpplus_config as sc
from sftpplus_config.diff import (
    AddSection,
    Operation,
    RemoveSection,
    RenameSection,
    SetOption,
    UnsetOption,
    diff,
)
from sftpplus_config.patch import Conflict, apply, rebase


def test_patch_keeps_colon_delimiters_and_crlf() -> None:
    old = sc.loads("[server]\nname = a\nport = 1\n[accounts/x]\nname = bob\n")
    new = sc.loads(
        "[server]\nname = a\nport = 2\nextra = yes\n[accounts/x]\nname = bob\n"
        "[groups/g]\nname = G\nmembers =\n    bob\n    ann\n"
    )
    target_text = (
        "; vendor file\r\n[server]\r\nname: a\r\nport: 1\r\n\r\n"
        "[accounts/x]\r\nname: bob\r\nhome: /h\r\n"
    )
    result = apply(diff(old, new), sc.loads(target_text))
    assert result.conflicts == ()
    assert result.document.dumps() == (
        "; vendor file\r\n[server]\r\nname: a\r\nport: 2\r\nextra: yes\r\n\r\n"
        "[accounts/x]\r\nname: bob\r\nhome: /h\r\n"
        "\r\n[groups/g]\r\nname: G\r\nmembers:\r\n    bob\r\n    ann\r\n"
    )
    assert sc.loads(target_text).dumps() == target_text


def test_a_changed_old_value_is_a_conflict_with_the_target_span() -> None:
    target = sc.loads("[server]\nname = a\n\n[services/s]\nname = SFTP\nport   =  2222\n")
    op = SetOption("services/s", "port", "22", "10022")
    result = apply([op], target)
    assert result.conflicts == (
        Conflict(
            op,
            "value-changed",
            "services/s",
            "port",
            "the target's value of `port` in [services/s] is not the one this change expects",
            sc.Span(6, 1, 6, 15),
            "2222",
        ),
    )
    assert result.document.dumps() == target.dumps()


def test_already_applied_changes_are_clean() -> None:
    target = sc.loads("[s]\nport = 10022\n[t]\nname = T\n")
    ops: list[Operation] = [
        SetOption("s", "port", "22", "10022"),
        UnsetOption("s", "gone", "x"),
        RemoveSection("u", (("name", "U"),)),
        AddSection("t", (("Name", "T"),)),
        RenameSection("old", "t", (("name", "T"),)),
    ]
    result = apply(ops, target)
    assert result.conflicts == ()
    assert result.document.dumps() == target.dumps()


def test_each_kind_of_conflict() -> None:
    target = sc.loads("[s]\nport = 1\nmode = x\n[t]\nname = T\nextra = 1\n[n]\nname = N\n")
    ops: list[Operation] = [
        SetOption("s", "port", "2", "3"),  # value-changed
        SetOption("s", "user", None, "u", "User"),  # applies
        SetOption("s", "host", "h", "h2"),  # option-missing
        SetOption("gone", "x", "1", "2"),  # section-missing
        UnsetOption("s", "mode", "y"),  # value-changed
        AddSection("n", (("name", "M"),)),  # option-exists
        RemoveSection("t", (("name", "T"),)),  # section-changed
        RenameSection("s", "n", (("port", "1"),)),  # section-exists
        RenameSection("missing", "m2", (("a", "b"),)),  # section-missing
    ]
    result = apply(ops, target)
    assert [(c.reason, c.section, c.option, c.span, c.actual) for c in result.conflicts] == [
        ("value-changed", "s", "port", sc.Span(2, 1, 2, 9), "1"),
        ("option-missing", "s", "host", sc.Span(1, 1, 1, 4), None),
        ("section-missing", "gone", "x", None, None),
        ("value-changed", "s", "mode", sc.Span(3, 1, 3, 9), "x"),
        ("option-exists", "n", "name", sc.Span(8, 1, 8, 9), "N"),
        ("section-changed", "t", None, sc.Span(4, 1, 4, 4), None),
        ("section-exists", "n", None, sc.Span(7, 1, 7, 4), None),
        ("section-missing", "missing", None, None, None),
    ]
    assert [c.operation for c in result.conflicts] == [
        ops[0],
        ops[2],
        ops[3],
        ops[4],
        ops[5],
        ops[6],
        ops[7],
        ops[8],
    ]
    assert result.document.dumps() == (
        "[s]\nport = 1\nmode = x\nUser = u\n[t]\nname = T\nextra = 1\n[n]\nname = N\n"
    )


def test_messages_never_contain_values() -> None:
    target = sc.loads("[accounts/a]\npassword = target-canary\n")
    result = apply([SetOption("accounts/a", "password", "old-canary", "new-canary")], target)
    assert len(result.conflicts) == 1
    assert "canary" not in result.conflicts[0].message


def test_added_section_that_exists_merges_option_by_option() -> None:
    target = sc.loads("[g]\nname = G\nlocal = 1\n")
    result = apply([AddSection("g", (("name", "G"), ("Members", "bob")))], target)
    assert result.conflicts == ()
    assert result.document.dumps() == "[g]\nname = G\nlocal = 1\nMembers = bob\n"


def test_rename_carries_the_targets_own_edits() -> None:
    target = sc.loads("[g/1]\nname = G\nlocal = yes\n")
    result = apply([RenameSection("g/1", "g/2", (("name", "G"),))], target)
    assert result.conflicts == ()
    assert result.document.dumps() == "[g/2]\nname = G\nlocal = yes\n"


def test_a_value_that_cannot_be_written_is_a_refused_conflict() -> None:
    target = sc.loads("[s]\nx = 1\n")
    result = apply([SetOption("s", "x", "1", "bad\rvalue")], target)
    assert [(c.reason, c.option) for c in result.conflicts] == [("refused", "x")]
    assert "carriage return" in result.conflicts[0].message
    assert result.document.dumps() == "[s]\nx = 1\n"


def test_rebase_after_a_vendor_upgrade() -> None:
    old_base = sc.loads(
        "[server]\nname = files\n\n[services/s]\nname = SFTP\nport = 22\n"
        "\n[accounts/a]\nname = alice\n"
    )
    node = sc.loads(
        "[server]\nname = node-1\n\n[services/s]\nname = SFTP\nport = 10022\n"
        "\n[accounts/a]\nname = alice\n\n[accounts/b]\nname = bob\n"
    )
    new_base = sc.loads(
        "# Rewritten by SFTPPlus 5.x\n[server]\nname: files\nuuid: 1234\n\n"
        "[services/s]\nname: SFTP\nport: 2222\nssh_cipher_list: secure\n"
        "\n[accounts/a]\nname: alice\n"
    )
    result = rebase(old_base, node, new_base)
    assert [(c.reason, c.section, c.option) for c in result.conflicts] == [
        ("value-changed", "services/s", "port")
    ]
    assert result.document.dumps() == (
        "# Rewritten by SFTPPlus 5.x\n[server]\nname: node-1\nuuid: 1234\n\n"
        "[services/s]\nname: SFTP\nport: 2222\nssh_cipher_list: secure\n"
        "\n[accounts/a]\nname: alice\n\n[accounts/b]\nname: bob\n"
    )


def test_rename_of_a_duplicated_section_is_a_conflict() -> None:
    # found by fuzzing: renaming the first of two [x] left the second as [x]
    from sftpplus_config.diff import RenameSection

    target = sc.loads("[x]\na = 1\n[x]\nb = 2\n")
    op = RenameSection(section="x", new_name="y", options=(("a", "1"),))
    result = apply([op], target)
    assert [c.reason for c in result.conflicts] == ["refused"]
    assert result.document.dumps() == target.dumps()
