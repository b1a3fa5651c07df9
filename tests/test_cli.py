"""The command line, driven in-process."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

TEXT = "[server]\nname : files\n\n[accounts/a1]\nname = alice\ndescription = one\n  two\n"


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    path = tmp_path / "server.ini"
    path.write_bytes(TEXT.encode())
    return path


def test_get_value(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["get", str(ini), "accounts/a1", "DESCRIPTION"]) == 0
    assert capsys.readouterr().out == "one\ntwo\n"


def test_get_section(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["get", str(ini), "server"]) == 0
    assert capsys.readouterr().out == "[server]\nname : files\n\n"


def test_get_absent_is_exit_1(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["get", str(ini), "server", "nope"]) == 1
    assert "no option 'nope' in [server]" in capsys.readouterr().err
    assert main(["get", str(ini), "nope"]) == 1


def test_set_is_minimal_and_keeps_mode(ini: Path) -> None:
    os.chmod(ini, 0o640)
    assert main(["set", str(ini), "server", "name", "new"]) == 0
    assert ini.read_bytes() == TEXT.replace("name : files", "name : new").encode()
    assert stat.S_IMODE(ini.stat().st_mode) == 0o640
    # no temporary file is left; the lock file stays (docs/editing.md)
    assert sorted(p.name for p in ini.parent.iterdir()) == [".server.ini.lock", "server.ini"]


def test_set_new_section_and_no_create(ini: Path) -> None:
    assert main(["set", str(ini), "groups/g", "name", "G", "--no-create"]) == 1
    assert ini.read_bytes() == TEXT.encode()
    assert main(["set", str(ini), "groups/g", "name", "G"]) == 0
    assert ini.read_text().endswith("\n\n[groups/g]\nname = G\n")


def test_unset(ini: Path) -> None:
    assert main(["unset", str(ini), "accounts/a1", "description"]) == 0
    assert ini.read_text() == TEXT.replace("description = one\n  two\n", "")
    assert main(["unset", str(ini), "accounts/a1", "description"]) == 1
    assert main(["unset", str(ini), "accounts/a1"]) == 0
    assert ini.read_text() == "[server]\nname : files\n\n"


def test_export(ini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(ini)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "server": {"name": "files"},
        "accounts/a1": {"name": "alice", "description": "one\ntwo"},
    }


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["get", str(tmp_path / "nope.ini"), "server"]) == 2
    err = capsys.readouterr().err
    assert "nope.ini" in err
    assert "Traceback" not in err


def test_undecodable_file_is_exit_2_with_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.ini"
    path.write_bytes(b"[server]\nname = caf\xe9\n")
    assert main(["export", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:11: invalid UTF-8 byte 0xe9 at byte offset 19" in err
    assert "hint:" in err


def test_usage_errors_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["get"]) == 2


@pytest.mark.parametrize("command", ["get", "set", "unset", "export"])
def test_help_works_on_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "usage: sftpplus-config " + command in capsys.readouterr().out


def test_refused_edit_is_exit_2_and_file_untouched(
    ini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", str(ini), "server", "name", "a\n#b"]) == 2
    assert "comment" in capsys.readouterr().err
    assert ini.read_bytes() == TEXT.encode()
