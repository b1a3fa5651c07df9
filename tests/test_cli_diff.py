"""The diff, merge3, rebase and split commands, driven in-process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from sftpplus_config.cli.commands._common import use_color
from sftpplus_config.cli.main import main

CANARY = "Canary-Pa55-7f3e"
OLD = (
    "[server]\nname = files\n\n[accounts/a1]\nname = alice\npassword = old-secret\n"
    "\n[resources/r]\nname = LDAP\nbind_password = ldap-old\n"
)
NEW = (
    "[server]\nname: files\n\n[accounts/a1]\nname: alice\npassword: " + CANARY + "\n"
    "\n[resources/r]\nname = LDAP\n"
    "\n[vault-items/v]\nname = key\ncontent =\n    " + CANARY + "-line\n    more\n"
)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return str(path)


def test_diff_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, "a.ini", OLD)
    same = write(tmp_path, "same.ini", OLD.replace(" = ", "="))
    assert main(["diff", a, same]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", a, write(tmp_path, "b.ini", NEW)]) == 1
    assert main(["diff", a, str(tmp_path / "missing.ini")]) == 2
    assert "missing.ini" in capsys.readouterr().err
    bad = tmp_path / "bad.ini"
    bad.write_bytes(b"[s]\nx = \xff\n")
    assert main(["diff", a, str(bad)]) == 2


def test_diff_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write(tmp_path, "a.ini", OLD), write(tmp_path, "b.ini", NEW)
    assert main(["diff", a, b]) == 1
    assert capsys.readouterr().out == (
        'changed accounts "alice" [accounts/a1]\n'
        "    ~ password: <redacted> → <redacted>\n"
        'changed resources "LDAP" [resources/r]\n'
        "    - bind_password: <redacted>\n"
        'added vault-items "key" [vault-items/v]\n'
        "    + name: key\n"
        "    + content: <redacted>\n"
        "\n"
        "sections: 2 changed, 1 added; 4 options differ\n"
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_are_redacted_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    a, b = write(tmp_path, "a.ini", OLD), write(tmp_path, "b.ini", NEW)
    for args in ([a, b], [b, a]):  # added and removed values both
        assert main(["diff", *args, "--format", fmt, "--color", "always"]) == 1
        captured = capsys.readouterr()
        assert CANARY not in captured.out + captured.err
        assert "<redacted>" in captured.out
        assert main(["diff", *args, "--format", fmt, "--show-secrets"]) == 1
        shown = capsys.readouterr().out
        assert CANARY in shown
        assert f"{CANARY}-line" in shown


def test_diff_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write(tmp_path, "a.ini", OLD), write(tmp_path, "b.ini", NEW)
    assert main(["diff", a, b, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["a"], data["b"]) == (a, b)
    assert [(c["op"], c["section"], c.get("option")) for c in data["changes"]] == [
        ("set", "accounts/a1", "password"),
        ("unset", "resources/r", "bind_password"),
        ("add-section", "vault-items/v", None),
    ]
    assert data["changes"][1]["old"] == "<redacted>"
    assert data["changes"][1]["new"] is None
    assert data["summary"]["options"] == 4


def test_colour_only_when_asked_or_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = write(tmp_path, "a.ini", OLD), write(tmp_path, "b.ini", NEW)
    monkeypatch.delenv("NO_COLOR", raising=False)
    main(["diff", a, b])  # captured output is not a terminal
    assert "\x1b[" not in capsys.readouterr().out
    main(["diff", a, b, "--color", "always"])
    assert "\x1b[1mchanged accounts" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["diff", a, b, "--color", "never"])
    assert "\x1b[" not in capsys.readouterr().out


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_use_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty, pipe = _Stream(True), _Stream(False)
    assert use_color("auto", tty) is True  # type: ignore[arg-type]
    assert use_color("auto", pipe) is False  # type: ignore[arg-type]
    assert use_color("never", tty) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", tty) is False  # type: ignore[arg-type]
    assert use_color("always", pipe) is True  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert use_color("auto", tty) is True  # type: ignore[arg-type]
    assert use_color("auto", sys.stdout) is False  # captured by pytest


BASE = "[server]\nname = files\nport = 22\n\n[accounts/a]\nname = alice\n"


def test_merge3_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "base.ini", BASE)
    ours = write(tmp_path, "ours.ini", BASE.replace("port = 22", "port = 1"))
    theirs = write(tmp_path, "theirs.ini", BASE.replace("alice", "alicia"))
    out = str(tmp_path / "out.ini")
    assert main(["merge3", base, ours, theirs, "-o", out]) == 0
    assert Path(out).read_text() == BASE.replace("port = 22", "port = 1").replace("alice", "alicia")
    assert capsys.readouterr() == ("", "")
    assert main(["merge3", base, ours, theirs]) == 0
    assert capsys.readouterr().out == Path(out).read_text()


def test_merge3_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "base.ini", BASE)
    ours = write(tmp_path, "ours.ini", BASE.replace("port = 22", "port = 1"))
    theirs = write(tmp_path, "theirs.ini", "; theirs\n" + BASE.replace("port = 22", "port = 2"))
    assert main(["merge3", base, ours, theirs, "-o", ours, "--name", "server.ini"]) == 1
    # theirs' comment before the first section is kept (ours did not change those lines)
    assert Path(ours).read_text() == "; theirs\n" + BASE.replace(
        "port = 22", "<<<<<<< ours\nport = 1\n=======\nport = 2\n>>>>>>> theirs"
    )
    # with --name (git's %P) the sides are given by line: their files are git's temporary ones
    assert capsys.readouterr().err == (
        "server.ini:4:1: error[merge-conflict] `port` in [server] was changed "
        "differently in ours and theirs (ours: line 3, theirs: line 4)\n"
        "server.ini: 1 conflict\n"
    )


def test_merge3_labels_name_the_sides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As for git merge-file: -L ours -L base -L theirs, in the markers and
    instead of the files' names in the messages."""
    base = write(tmp_path, "base.ini", BASE)
    ours = write(tmp_path, ".merge_file_a1", BASE.replace("port = 22", "port = 1"))
    theirs = write(tmp_path, ".merge_file_b2", BASE.replace("port = 22", "port = 2"))
    words = ["merge3", base, ours, theirs, "-o", ours, "--name", "server.ini"]
    assert main([*words, "-L", "HEAD", "-L", "base", "-L", "topic"]) == 1
    assert "<<<<<<< HEAD\nport = 1\n=======\nport = 2\n>>>>>>> topic\n" in Path(ours).read_text()
    err = capsys.readouterr().err
    assert err == (
        "server.ini:3:1: error[merge-conflict] `port` in [server] was changed "
        "differently in ours and theirs (ours: HEAD:3:1, theirs: topic:3:1)\n"
        "server.ini: 1 conflict\n"
    )
    assert ".merge_file" not in err


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["-L", "a", "-L", "b", "-L", "c", "-L", "d"], "at most three times"),
        (["-L", "a\n>>>>>>> b"], "a label cannot contain a line break"),
    ],
)
def test_merge3_bad_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], labels: list[str], message: str
) -> None:
    base = write(tmp_path, "base.ini", BASE)
    out = tmp_path / "out.ini"
    assert main(["merge3", base, base, base, "-o", str(out), *labels]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_rebase(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path, "old.ini", BASE)
    node = write(tmp_path, "node.ini", BASE.replace("port = 22", "port = 1") + "x = 1\n")
    new = write(tmp_path, "new.ini", BASE.replace(" = ", ": ").replace("[accounts", "#\n[accounts"))
    out = str(tmp_path / "out.ini")
    assert main(["rebase", old, node, new, "-o", out]) == 0
    assert Path(out).read_text() == (
        "[server]\nname: files\nport: 1\n\n#\n[accounts/a]\nname: alice\nx: 1\n"
    )
    changed = write(tmp_path, "changed.ini", BASE.replace("port = 22", "port = 3"))
    assert main(["rebase", old, node, changed]) == 1
    captured = capsys.readouterr()
    assert captured.out == BASE.replace("port = 22", "port = 3") + "x = 1\n"
    assert captured.err == (
        f"{changed}:3:1: error[rebase-conflict] the target's value of `port` in [server] "
        f"is not the one this change expects; not applied (node: {node}:3:1)\n"
        f"{changed}: 1 change not applied\n"
    )


def test_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = write(tmp_path, "nodes/one/server.ini", "[server]\nname = one\nuuid = 1\n")
    two = write(tmp_path, "two.ini", "[server]\nname = two\nuuid = 1\n")
    base, folder = tmp_path / "base.ini", tmp_path / "overrides"
    assert main(["split", one, two, "--base", str(base), "--overrides", str(folder)]) == 0
    assert base.read_text() == "[server]\nuuid = 1\n"
    assert sorted(p.name for p in folder.iterdir()) == ["one.override.ini", "two.override.ini"]
    assert (folder / "one.override.ini").read_text() == "[server]\nname = one\n"
    assert (folder / "two.override.ini").read_text() == "[server]\nname = two\n"
    assert capsys.readouterr().out == (
        f"{base}: base, 1 section, 1 option\n"
        f"{folder}/one.override.ini: override, 1 section, 1 option\n"
        f"{folder}/two.override.ini: override, 1 section, 1 option\n"
    )


def test_split_refuses_two_nodes_with_one_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = write(tmp_path, "a/one.ini", "[s]\n")
    other = write(tmp_path, "b/one.ini", "[s]\n")
    args = ["split", one, other, "--base", str(tmp_path / "b.ini"), "--overrides", "o"]
    assert main(args) == 2
    assert "would both write one.override.ini" in capsys.readouterr().err
    assert not (tmp_path / "b.ini").exists()


@pytest.mark.parametrize("command", ["diff", "merge3", "rebase", "split"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert f"usage: sftpplus-config {command}" in capsys.readouterr().out
