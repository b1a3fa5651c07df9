"""The command line for people who script it (issue #15): `list`, `KIND:NAME`
selectors in get/set/unset, `set` with several pairs, validated, and `-`
for standard input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "server.ini"

TEXT = (
    "[server]\nname = files\n\n"
    "[services/s1]\nname = sftp\ntype = ssh\nport = 10022\n\n"
    "[accounts/a1]\nname = alice\ntype = application\n\n"
    "[accounts/a2]\nname = bob\ntype = application\n\n"
    "[accounts/a3]\nname = bob\ntype = application\n"
)


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    path = tmp_path / "server.ini"
    path.write_bytes(TEXT.encode())
    return path


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make ``text`` the process's standard input."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), "utf-8"))


# -- list ----------------------------------------------------------------------------


def test_list_text(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(ini)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        ["LINE", "KIND", "ID", "TYPE", "NAME"],
        ["1", "server", "-", "-", "files"],
        ["4", "services", "s1", "ssh", "sftp"],
        ["9", "accounts", "a1", "application", "alice"],
        ["13", "accounts", "a2", "application", "bob"],
        ["17", "accounts", "a3", "application", "bob"],
    ]


def test_list_json_and_kind(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(ini), "--kind", "accounts", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(ini)
    assert data["sections"] == [
        {"section": f"accounts/a{i}", "kind": "accounts", "id": f"a{i}", "type": "application",
         "name": name, "line": line}
        for i, name, line in ((1, "alice", 9), (2, "bob", 13), (3, "bob", 17))
    ]  # fmt: skip
    assert main(["list", str(ini), "--kind", "groups", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"] == []
    # a section without a name or type: null in JSON
    assert main(["list", str(ini), "--kind", "server", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["sections"]
    assert row["type"] is None and row["id"] is None


def test_list_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed(monkeypatch, TEXT)
    assert main(["list", "-", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == "<stdin>"
    assert len(data["sections"]) == 5


HOSTILE = {
    "escape": "\x1b]52;c;cHdu\x07\x1b[31mred",
    "workflow": "::error file=x::pwned",
    "inline": "a ##[warning]b",
    "bidi": "abc\u202edef",
    "long": "n" * 100_000,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_list_escapes_hostile_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    name = HOSTILE[case]
    path = tmp_path / "server.ini"
    path.write_text(f"[accounts/\x1b[2Jx]\nname = {name}\ntype = app\x07\n", encoding="utf-8")
    assert main(["list", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2  # a header and one row, whatever the name holds
    for bad in ("\x1b", "\x07", "\u202e", "##["):
        assert bad not in out
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert lines[1].split()[2] == "\\x1b[2Jx"
    if case == "long":
        assert lines[1].endswith(name)  # shown whole
    # JSON escapes by construction and keeps the exact text
    assert main(["list", str(path), "--format", "json"]) == 0
    raw = capsys.readouterr().out
    assert "\x1b" not in raw and "\x07" not in raw
    (row,) = json.loads(raw)["sections"]
    assert (row["name"], row["id"], row["type"]) == (name, "\x1b[2Jx", "app\x07")


def test_list_of_a_multi_line_name_stays_one_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "server.ini"
    path.write_text("[accounts/a]\nname = one\n  ::error::two\n", encoding="utf-8")
    assert main(["list", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].endswith("one\\x0a::error::two")


# -- selectors -------------------------------------------------------------------------


def test_get_set_unset_by_kind_and_name(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["get", str(ini), "accounts:alice", "type"]) == 0
    assert capsys.readouterr().out == "application\n"
    assert main(["get", str(ini), "services:sftp"]) == 0
    assert capsys.readouterr().out == "[services/s1]\nname = sftp\ntype = ssh\nport = 10022\n\n"
    assert main(["set", str(ini), "accounts:alice", "enabled", "no"]) == 0
    enabled = TEXT.replace(
        "alice\ntype = application\n", "alice\ntype = application\nenabled = no\n"
    )
    assert ini.read_text() == enabled
    assert main(["unset", str(ini), "accounts:alice", "enabled"]) == 0
    assert ini.read_bytes() == TEXT.encode()
    assert main(["unset", str(ini), "accounts:alice"]) == 0
    assert "[accounts/a1]" not in ini.read_text()


@pytest.mark.parametrize(
    "argv",
    [
        ["get", "accounts:bob"],
        ["get", "accounts:bob", "type"],
        ["set", "accounts:bob", "enabled", "no"],
        ["unset", "accounts:bob"],
        ["unset", "accounts:bob", "type"],
    ],
)
def test_an_ambiguous_name_is_exit_1_with_the_candidates(
    ini: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main([argv[0], str(ini), *argv[1:]]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{ini}:13:1: 'accounts:bob' is ambiguous" in captured.err
    assert "[accounts/a2] (line 13), [accounts/a3] (line 17)" in captured.err
    assert "hint: one of: accounts/a2, accounts/a3" in captured.err
    assert "Traceback" not in captured.err
    assert ini.read_bytes() == TEXT.encode()


@pytest.mark.parametrize(
    "argv",
    [
        ["get", "accounts:bobby"],
        ["set", "accounts:bobby", "enabled", "no"],
        ["unset", "accounts:bobby"],
    ],
)
def test_a_missing_name_is_exit_1_with_the_candidates(
    ini: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main([argv[0], str(ini), *argv[1:]]) == 1
    err = capsys.readouterr().err
    assert f"{ini}: no accounts section is named 'bobby'" in err
    assert "did you mean: accounts:bob" in err
    # set does not create a section for a name: there is no header to give it
    assert ini.read_bytes() == TEXT.encode()


# -- set -------------------------------------------------------------------------------


def test_set_several_pairs_and_options_in_one_edit(ini: Path) -> None:
    argv = ["set", str(ini), "services:sftp", "port", "2222", "enabled", "no"]
    assert main([*argv, "--option", "description=a = b", "--option", "address=::"]) == 0
    assert ini.read_text() == TEXT.replace(
        "port = 10022\n", "port = 2222\nenabled = no\ndescription = a = b\naddress = ::\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["port"], "option 'port' has no value"),
        (["--option", "port"], "--option 'port': write OPTION=VALUE"),
        ([], "nothing to set"),
        (["port", "1", "--option", "PORT=2"], "option 'PORT' is given twice"),
    ],
)
def test_set_usage_mistakes_are_exit_2(
    ini: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["set", str(ini), "services:sftp", *args]) == 2
    assert message in capsys.readouterr().err
    assert ini.read_bytes() == TEXT.encode()


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["port", "abc"], ":7:8: error[invalid-value] invalid value `abc` for `port`"),
        (["prot", "22"], ":8:1: error[unknown-option] unknown option `prot`"),
        # one bad option refuses the whole edit, the good one included
        (["enabled", "no", "port", "0"], ":7:8: error[invalid-value] invalid value `0`"),
    ],
)
def test_set_refuses_an_invalid_edit(
    ini: Path, capsys: pytest.CaptureFixture[str], pairs: list[str], expected: str
) -> None:
    assert main(["set", str(ini), "services:sftp", *pairs]) == 1
    err = capsys.readouterr().err
    assert f"{ini}{expected}" in err
    assert "refused, nothing written: 1 error in [services/s1] (--force writes anyway)" in err
    assert ini.read_bytes() == TEXT.encode()
    if pairs[0] == "prot":
        assert "hint: did you mean `port`?" in err
    # --force writes it anyway, still reporting the error
    assert main(["set", str(ini), "services:sftp", *pairs, "--force"]) == 0
    assert f"{ini}{expected}" in capsys.readouterr().err
    assert ini.read_bytes() != TEXT.encode()


def test_set_on_a_new_section_is_validated_too(
    ini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", str(ini), "services/s2", "type", "ssh", "port", "x"]) == 1
    assert "error[invalid-value]" in capsys.readouterr().err
    assert ini.read_bytes() == TEXT.encode()


def test_set_prints_warnings_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "server.ini"
    path.write_bytes(EXAMPLE.read_bytes())
    assert main(["set", str(path), "accounts:acme", "password", "secret"]) == 0
    err = capsys.readouterr().err
    assert "warning[plaintext-password]" in err
    assert "refused" not in err
    assert "password = secret" in path.read_text()


def test_set_and_unset_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    feed(monkeypatch, TEXT)
    assert main(["set", "-", "accounts:alice", "enabled", "no", "--option", "description=x"]) == 0
    captured = capsys.readouterr()
    edited = "type = application\nenabled = no\ndescription = x\n\n[accounts/a2]"
    assert captured.out == TEXT.replace("type = application\n\n[accounts/a2]", edited)
    assert list(tmp_path.iterdir()) == []  # no file, no lock, no `-`
    feed(monkeypatch, TEXT)
    assert main(["unset", "-", "accounts:alice"]) == 0
    assert "[accounts/a1]" not in capsys.readouterr().out
    # a refused edit prints nothing on standard output; errors name <stdin>
    feed(monkeypatch, TEXT)
    assert main(["set", "-", "services:sftp", "port", "abc"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "<stdin>:7:8: error[invalid-value]" in captured.err
    feed(monkeypatch, TEXT)
    assert main(["get", "-", "accounts:bob"]) == 1
    assert "<stdin>:13:1: 'accounts:bob' is ambiguous" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
