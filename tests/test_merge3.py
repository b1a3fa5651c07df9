"""Three-way merge: clean merges, conflicts with both spans, markers."""

from __future__ import annotations

import sftpplus_config as sc
from sftpplus_config.merge3 import MergeConflict, merge3

BASE = """\
[server]
name = files
port = 22

[accounts/a]
name = alice
home = /srv/alice

[groups/g]
name = G
"""


def test_different_options_of_one_section_merge_cleanly() -> None:
    ours = BASE.replace("port = 22", "port: 10022").replace("[groups/g]", "; partners\n[groups/g]")
    theirs = BASE.replace("name = files", "name = files-2").replace("/srv/alice", "/srv/a")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert result.conflicts == ()
    assert result.text == (
        "[server]\nname = files-2\nport: 10022\n\n[accounts/a]\nname = alice\n"
        "home = /srv/a\n\n; partners\n[groups/g]\nname = G\n"
    )
    assert result.document.dumps() == result.text


def test_identical_changes_are_clean() -> None:
    both = BASE.replace("port = 22", "port = 2222") + "\n[groups/h]\nname = H\n"
    result = merge3(sc.loads(BASE), sc.loads(both), sc.loads(both))
    assert result.conflicts == ()
    assert result.text == both


def test_same_option_changed_differently_is_a_conflict_with_markers() -> None:
    ours = BASE.replace("port = 22", "port = 2222")
    theirs = "[server]\nname = files\nPORT : 3333\n\n" + BASE.split("\n\n", 1)[1]
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert result.conflicts == (
        MergeConflict(
            "server",
            "port",
            '`port` in [server] was changed differently in ours and theirs',
            sc.Span(3, 1, 3, 12),
            sc.Span(3, 1, 3, 12),
            3,
        ),
    )
    assert result.text == (
        "[server]\nname = files\n<<<<<<< ours\nport = 2222\n=======\nPORT : 3333\n"
        ">>>>>>> theirs\n\n[accounts/a]\nname = alice\nhome = /srv/alice\n\n"
        "[groups/g]\nname = G\n"
    )
    assert result.document.dumps() == ours


def test_section_removed_in_ours_and_edited_in_theirs() -> None:
    ours = BASE.replace("[accounts/a]\nname = alice\nhome = /srv/alice\n\n", "")
    theirs = BASE.replace("home = /srv/alice", "home = /srv/a\nshell = no")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert result.conflicts == (
        MergeConflict(
            "accounts/a",
            None,
            '[accounts/a] was removed in ours and changed in theirs',
            None,
            sc.Span(5, 1, 5, 13),
            7,
        ),
    )
    assert result.text == ours + (
        "<<<<<<< ours\n=======\n[accounts/a]\nname = alice\nhome = /srv/a\nshell = no\n"
        ">>>>>>> theirs\n"
    )


def test_section_edited_in_ours_and_removed_in_theirs() -> None:
    ours = BASE.replace("name = G", "name = G\nmembers = alice")
    theirs = BASE.replace("\n[groups/g]\nname = G\n", "")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert [(c.section, c.message, c.ours, c.theirs, c.line) for c in result.conflicts] == [
        (
            "groups/g",
            '[groups/g] was changed in ours and removed in theirs',
            sc.Span(9, 1, 9, 11),
            None,
            9,
        )
    ]
    assert result.text.endswith(
        "\n<<<<<<< ours\n[groups/g]\nname = G\nmembers = alice\n=======\n>>>>>>> theirs\n"
    )


def test_option_removed_on_one_side_and_changed_on_the_other() -> None:
    ours = BASE.replace("home = /srv/alice\n", "").replace("port = 22", "port = 1")
    theirs = BASE.replace("home = /srv/alice", "home = /srv/b").replace("port = 22\n", "")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert [(c.option, c.message, c.line) for c in result.conflicts] == [
        ("port", '`port` in [server] was changed in ours and removed in theirs', 3),
        (
            "home",
            '`home` in [accounts/a] was removed in ours and changed in theirs',
            10,
        ),
    ]
    assert result.text == (
        "[server]\nname = files\n<<<<<<< ours\nport = 1\n=======\n>>>>>>> theirs\n\n"
        "[accounts/a]\nname = alice\n<<<<<<< ours\n=======\nhome = /srv/b\n>>>>>>> theirs\n"
        "\n[groups/g]\nname = G\n"
    )


def test_markers_follow_ours_line_endings_bom_and_missing_final_newline() -> None:
    base = "[s]\r\nx = 1\r\ny = 1"
    ours = "\ufeff[s]\r\nx = 2\r\ny = 1"
    theirs = "[s]\nx = 3\ny = 1\nz = 1\n"
    result = merge3(sc.loads(base), sc.loads(ours), sc.loads(theirs))
    assert result.text == (
        "\ufeff[s]\r\n<<<<<<< ours\r\nx = 2\r\n=======\r\nx = 3\r\n>>>>>>> theirs\r\ny = 1\r\nz = 1"
    )


def test_multi_line_conflict_wraps_every_line_of_the_option() -> None:
    base = "[a]\nperms =\n    read\n    write\nname = n\n"
    ours = "[a]\nperms =\n    read\n    # why\n    list\nname = n\n"
    theirs = "[a]\nperms =\n  read\n  delete\nname = n\n"
    result = merge3(sc.loads(base), sc.loads(ours), sc.loads(theirs))
    assert result.text == (
        "[a]\n<<<<<<< ours\nperms =\n    read\n    # why\n    list\n=======\n"
        "perms =\n  read\n  delete\n>>>>>>> theirs\nname = n\n"
    )


def test_inputs_are_not_changed() -> None:
    ours = BASE.replace("port = 22", "port = 1")
    theirs = BASE.replace("port = 22", "port = 2")
    docs = [sc.loads(BASE), sc.loads(ours), sc.loads(theirs)]
    merge3(*docs)
    assert [d.dumps() for d in docs] == [BASE, ours, theirs]


def test_a_rename_in_theirs_carries_ours_edits() -> None:
    ours = BASE.replace("name = G", "name = G\nmembers = alice")
    theirs = BASE.replace("[groups/g]", "[groups/h]")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert result.conflicts == ()
    assert result.text == ours.replace("[groups/g]", "[groups/h]")


def test_a_rename_in_theirs_of_a_section_ours_removed_is_a_conflict() -> None:
    ours = BASE.replace("\n[groups/g]\nname = G\n", "")
    theirs = BASE.replace("[groups/g]", "[groups/h]")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs))
    assert [(c.section, c.message, c.ours, c.theirs) for c in result.conflicts] == [
        (
            "groups/g",
            '[groups/g] was removed in ours and renamed to [groups/h] in theirs',
            None,
            sc.Span(9, 1, 9, 11),
        )
    ]
    assert result.text == ours + "<<<<<<< ours\n=======\n[groups/h]\nname = G\n>>>>>>> theirs\n"


def test_without_a_common_ancestor_both_additions_merge() -> None:
    ours = "[server]\nname = a\n"
    theirs = "[accounts/b]\nname = bob\n\n[server]\nNAME: a\nport: 1\n"
    result = merge3(sc.loads(""), sc.loads(ours), sc.loads(theirs))
    assert result.conflicts == ()
    assert result.text == "[server]\nname = a\nport = 1\n\n[accounts/b]\nname = bob\n"
