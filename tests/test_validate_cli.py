"""``sftpplus-config validate``: formats, exit codes, errors, overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sftpplus_config.cli.main import main
from tests.conftest import EXAMPLES, SARIF_SCHEMA

BROKEN = (
    "[server]\n"
    "name = files\n"
    "authentication = a1\n"
    "\n"
    "[accounts/a1]\n"
    "name = alice\n"
    "password = hunter2\n"
    "\n"
    "[accounts/a2]\n"
    "name = alice\n"
)
BROKEN_TEXT = (
    "server.ini:3:1: error[unknown-option] unknown option `authentication` for server\n"
    "  hint: did you mean `authentications`?\n"
    "server.ini:7:12: warning[plaintext-password] `password` holds a plain-text password; "
    "SFTPPlus accepts a password hash here\n"
    "  hint: store a hash instead, such as the output of `mkpasswd --method=sha-512` "
    "(`$6$…`), so that reading the file does not give the password away\n"
    "server.ini:10:8: error[duplicate-name] [accounts/a2] has the same name `alice` "
    "as [accounts/a1]\n"
    "  hint: give each of the accounts a name of its own\n"
)


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "server.ini"
    path.write_text(BROKEN)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_output(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "server.ini") == (1, BROKEN_TEXT, "2 errors, 1 warning in 1 file\n")


def test_clean_text_run_says_so_in_one_line_unless_quiet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = str(EXAMPLES / "server.ini")
    assert run(capsys, example) == (0, "", "1 file checked, no problems\n")
    assert run(capsys, example, example) == (0, "", "1 file checked, no problems\n")
    assert run(capsys, example, "-q") == (0, "", "")
    # other formats are unchanged: no line on stderr
    code, out, err = run(capsys, example, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["findings"] == []
    assert run(capsys, example, "--format", "github") == (0, "", "")


def test_warnings_fail_only_with_strict(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--ignore", "schema,references", "server.ini")[0] == 0
    assert (
        run(capsys, "--ignore", "schema", "--ignore", "references", "--strict", "server.ini")[0]
        == 1
    )


def test_select(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--select", "duplicate-name", "server.ini")
    first = "server.ini:10:8: error[duplicate-name] [accounts/a2] has the same name `alice` "
    assert (code, out.splitlines()[0]) == (1, first + "as [accounts/a1]")


def test_json_output(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json", "server.ini")
    document = json.loads(out)
    assert (code, err) == (1, "")
    assert document["summary"] == {"files": 1, "errors": 2, "warnings": 1}
    assert document["findings"][0] == {
        "file": "server.ini",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 15,
        "rule": "unknown-option",
        "severity": "error",
        "message": "unknown option `authentication` for server",
        "section": "server",
        "option": "authentication",
        "hint": "did you mean `authentications`?",
        "fixable": False,
    }
    assert [set(f) for f in document["findings"]] == [set(document["findings"][0])] * 3


def _sarif(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "--format", "sarif", *args)
    assert code in (0, 1)
    log: dict[str, Any] = json.loads(out)
    return log


def test_sarif_output_is_valid_sarif(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema)
    log = _sarif(capsys, "server.ini")
    assert [e.message for e in validator.iter_errors(log)] == []
    clean = _sarif(capsys, str(EXAMPLES / "server.ini"))
    assert [e.message for e in validator.iter_errors(clean)] == []


def test_sarif_results(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_ = _sarif(capsys, "server.ini")["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("unknown-option", "error"),
        ("plaintext-password", "warning"),
        ("duplicate-name", "error"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    duplicate = results[2]
    assert duplicate["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "server.ini"},
        "region": {"startLine": 10, "startColumn": 8, "endLine": 10, "endColumn": 13},
    }
    assert duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert results[0]["message"]["text"] == (
        "unknown option `authentication` for server (hint: did you mean `authentications`?)"
    )


def test_github_output(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "github", "--select", "unknown-option", "server.ini")
    assert code == 1
    assert out == (
        "::error file=server.ini,line=3,col=1,endLine=3,endColumn=15,"
        "title=unknown-option::unknown option `authentication` for server"
        "%0Adid you mean `authentications`?\n"
        "server.ini:3:1: error[unknown-option] unknown option `authentication` for server\n"
    )


def test_github_escapes_properties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a,b:c%.ini"
    path.write_text("[server]\nbogus = 1\n")
    _, out, _ = run(capsys, "--format", "github", str(path))
    assert f"file={str(path).replace('%', '%25').replace(',', '%2C').replace(':', '%3A')}," in out


def test_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--select", "plaintext-pasword", "server.ini")
    assert (code, out) == (2, "")
    assert "unknown rule 'plaintext-pasword' (did you mean 'plaintext-password'?)" in err


def test_bad_target_version_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--target-version", "five", str(EXAMPLES / "server.ini"))
    assert code == 2
    assert "not a version: 'five'" in err


def test_undecodable_file_is_reported_positioned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "server.ini"
    bad.write_bytes(b"[server]\nname = caf\xe9\n")
    code, out, err = run(capsys, str(bad), str(EXAMPLES / "server.ini"))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}:2:11: invalid UTF-8 byte 0xe9 at byte offset 19\n")
    assert "Traceback" not in err


def test_missing_file_is_an_io_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.ini"))
    assert code == 2
    assert err == f"{tmp_path / 'nope.ini'}: No such file or directory\n"


def test_base_and_override_together_report_base_findings_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "server.ini").write_text("[server]\nbogus = 1\n")
    (tmp_path / "server.override.ini").write_text("[server]\npassword_history = many\n")
    code, out, err = run(capsys, "server.ini", "server.override.ini")
    assert code == 1
    assert [line.split(" ")[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "server.ini:2:1:",
        "server.override.ini:2:20:",
    ]
    assert err == "2 errors, 0 warnings in 2 files\n"


def test_base_option_makes_files_overrides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "base.ini").write_text("[services/s1]\nname = s\ntype = ssh\n")
    (tmp_path / "node.ini").write_text("[services/s1]\nport = 22\n")
    assert run(capsys, "--base", "base.ini", "node.ini") == (
        0,
        "",
        "1 file checked, no problems\n",
    )
    code, out, _ = run(capsys, "node.ini")
    assert code == 1
    assert "missing-option" in out


def test_help_lists_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:3] for line in out.splitlines() if "  " in line[:3]}
    assert rows["plaintext-password"] == ["security", "warning"]
    assert rows["base-not-found"] == ["overrides", "info"]
    assert "--target-version X.Y.Z" in out


def test_a_run_builds_only_its_command_and_gets_the_same_parser() -> None:
    import argparse

    from sftpplus_config.cli import commands
    from sftpplus_config.cli.main import build_parser

    def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    full = subparsers(build_parser())
    assert list(full) == list(commands.COMMANDS)
    for name, parser in full.items():
        (only,) = subparsers(build_parser(only=name)).values()
        assert only.format_help() == parser.format_help()
