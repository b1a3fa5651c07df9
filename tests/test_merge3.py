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
            "`port` in [server] was changed differently in ours and theirs",
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
            "[accounts/a] was removed in ours and changed in theirs",
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
            "[groups/g] was changed in ours and removed in theirs",
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
        ("port", "`port` in [server] was changed in ours and removed in theirs", 3),
        (
            "home",
            "`home` in [accounts/a] was removed in ours and changed in theirs",
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
            "[groups/g] was removed in ours and renamed to [groups/h] in theirs",
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


# -- what the option merge does not see is never lost (issue 12) ------------------------

SIDES = "; shared configuration\n" + BASE
OURS = SIDES.replace("port = 22", "port = 2222")


def merged(base: str, ours: str, theirs: str) -> tuple[str, list[str]]:
    result = merge3(sc.loads(base), sc.loads(ours), sc.loads(theirs))
    assert result.clean == (result.text == result.document.dumps())
    return result.text, [conflict.message for conflict in result.conflicts]


def test_theirs_comments_are_kept() -> None:
    theirs = SIDES.replace("[groups/g]", "; the partners\n[groups/g]").replace(
        "home = /srv/alice", "home = /srv/alice\n# moved in 2024"
    )
    assert merged(SIDES, OURS, theirs) == (
        theirs.replace("port = 22", "port = 2222"),
        [],
    )


def test_theirs_invalid_lines_are_kept() -> None:
    theirs = SIDES.replace("name = G", "name = G\nthis is not an option")
    assert merged(SIDES, OURS, theirs) == (
        OURS.replace("name = G", "name = G\nthis is not an option"),
        [],
    )


def test_theirs_duplicate_section_is_kept() -> None:
    theirs = SIDES + "\n[accounts/a]\nname = alice-2\n"
    assert merged(SIDES, OURS, theirs) == (OURS + "\n[accounts/a]\nname = alice-2\n", [])


def test_theirs_options_before_the_first_section_are_kept() -> None:
    theirs = "stray = 1\n" + SIDES
    assert merged(SIDES, OURS, theirs) == ("stray = 1\n" + OURS, [])


def test_ours_only_a_bom_still_writes_theirs_conflicting_section() -> None:
    theirs = SIDES.replace("name = G", "name = H")
    text, messages = merged(SIDES, "\ufeff", theirs)
    assert text == "\ufeff<<<<<<< ours\n=======\n[groups/g]\nname = H\n>>>>>>> theirs\n"
    assert messages == ["[groups/g] was removed in ours and changed in theirs"]


def test_line_changes_to_different_lines_of_a_section_merge() -> None:
    ours = SIDES.replace("home = /srv/alice", "home = /srv/a\n; ours")
    theirs = SIDES.replace("[accounts/a]", "; theirs\n[accounts/a]")
    assert merged(SIDES, ours, theirs) == (
        ours.replace("[accounts/a]", "; theirs\n[accounts/a]"),
        [],
    )


def test_a_comment_next_to_an_option_the_other_side_changed_merges() -> None:
    """Line by line these changes touch; option by option they do not."""
    theirs = SIDES.replace("port = 22", "; raised for the partners\nport = 22\n; see the wiki")
    assert merged(SIDES, OURS, theirs) == (
        theirs.replace("port = 22", "port = 2222"),
        [],
    )


def test_comment_changes_next_to_each_other_are_a_section_conflict() -> None:
    ours = SIDES.replace("home = /srv/alice", "home = /srv/a\n; ours")
    theirs = SIDES.replace("home = /srv/alice", "home = /srv/alice\n; theirs")
    text, messages = merged(SIDES, ours, theirs)
    assert text == SIDES.replace(
        "[accounts/a]\nname = alice\nhome = /srv/alice\n\n",
        "<<<<<<< ours\n[accounts/a]\nname = alice\nhome = /srv/a\n; ours\n\n=======\n"
        "[accounts/a]\nname = alice\nhome = /srv/alice\n; theirs\n\n>>>>>>> theirs\n",
    )
    assert messages == [
        (
            "[accounts/a] was changed in ours and theirs, and their changes to its comments, "
            "invalid lines or duplicates do not merge line by line"
        )
    ]


def test_ours_comment_in_a_section_theirs_removed_is_a_conflict() -> None:
    ours = SIDES.replace("name = G", "name = G\n; keep this group")
    theirs = SIDES.replace("\n[groups/g]\nname = G\n", "")
    text, messages = merged(SIDES, ours, theirs)
    assert "; keep this group\n=======\n>>>>>>> theirs\n" in text
    assert messages == ["[groups/g] was changed in ours and removed in theirs"]


def test_a_bom_added_by_theirs_is_taken() -> None:
    assert merged(SIDES, OURS, "\ufeff" + SIDES) == ("\ufeff" + OURS, [])


def test_lines_carried_over_take_ours_line_endings() -> None:
    theirs = SIDES.replace("[groups/g]", "; the partners\n[groups/g]")
    text, messages = merged(SIDES, OURS.replace("\n", "\r\n"), theirs)
    assert (text, messages) == (
        theirs.replace("port = 22", "port = 2222").replace("\n", "\r\n"),
        [],
    )


def test_a_duplicate_copy_that_would_come_first_is_a_conflict() -> None:
    """Ours added a second [groups/g], theirs removed the first: ours' copy
    would become the [groups/g] SFTPPlus reads, so it is not taken silently."""
    ours = SIDES + "\n[groups/g]\nname = G2\n"
    theirs = SIDES.replace("\n[groups/g]\nname = G\n", "")
    text, messages = merged(SIDES, ours, theirs)
    assert messages == [
        "copy 2 of the duplicate section [groups/g] was added in ours and does not fit the changes theirs made"
    ]
    assert text.endswith("<<<<<<< ours\n[groups/g]\nname = G2\n=======\n>>>>>>> theirs\n")


def test_one_unchanged_side_gives_the_other_byte_for_byte() -> None:
    theirs = SIDES.replace(" = ", ": ").replace("port: 22", "port: 1")  # reformatted
    assert merged(SIDES, SIDES, theirs) == (theirs, [])
    assert merged(SIDES, theirs, SIDES) == (theirs, [])
    assert merged(SIDES, theirs, theirs) == (theirs, [])
    assert merged(SIDES, SIDES, SIDES) == (SIDES, [])


def test_conflict_messages_do_not_quote_the_name_value() -> None:
    base = "[accounts/a]\nname = Jane Doe (payroll)\nhome = /srv/a\n"
    ours = base.replace("/srv/a", "/srv/1")
    theirs = base.replace("/srv/a", "/srv/2")
    _, messages = merged(base, ours, theirs)
    assert messages == ["`home` in [accounts/a] was changed differently in ours and theirs"]


def test_labels_name_the_conflict_markers() -> None:
    ours = BASE.replace("port = 22", "port = 1")
    theirs = BASE.replace("port = 22", "port = 2")
    result = merge3(sc.loads(BASE), sc.loads(ours), sc.loads(theirs), labels=("HEAD", "topic"))
    assert "<<<<<<< HEAD\nport = 1\n=======\nport = 2\n>>>>>>> topic\n" in result.text


def test_a_label_with_a_line_break_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="line break"):
        merge3(sc.loads(BASE), sc.loads(BASE), sc.loads(BASE), labels=("a\n>>>>>>> b", "c"))


def test_an_option_conflict_in_a_section_whose_comments_changed_shows_the_section() -> None:
    ours = SIDES.replace("port = 22", "port = 1")
    theirs = SIDES.replace("port = 22", "port = 2\n; the partners' port")
    text, messages = merged(SIDES, ours, theirs)
    assert text == SIDES.replace(
        "[server]\nname = files\nport = 22\n\n",
        "<<<<<<< ours\n[server]\nname = files\nport = 1\n\n=======\n"
        "[server]\nname = files\nport = 2\n; the partners' port\n\n>>>>>>> theirs\n",
    )
    assert messages == [
        (
            "`port` in [server] was changed differently in ours and theirs; other lines of "
            "[server] changed too, and the whole of it is in the conflict"
        )
    ]
