"""sftpplus.config.validate through ansible-playbook (tests/ansible/validate.yml):
findings as structured results, the validate command's options, suppression
comments and configuration file, check mode, failures."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests._ansible import PLAYBOOKS, PlaybookRun, run_playbook
from tests.conftest import EXAMPLES

ORIGINAL = (EXAMPLES / "server.ini").read_text(encoding="utf-8")
HASH = "password = $5$rounds=110000$Qb5dgn0bBjbMJ1$WOeydPLPJ6Yd4bY3IpQwWSuDFZPnkk3ku3t1R1XSYY4\n"
PLAIN = "password = plain-Secret-7\n"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlaybookRun:
    work = tmp_path_factory.mktemp("validate")
    assert "port = 10022\n" in ORIGINAL and HASH in ORIGINAL
    shutil.copy(EXAMPLES / "server.ini", work / "valid.ini")
    (work / "invalid.ini").write_text(ORIGINAL.replace("port = 10022\n", "port = ten\n"))
    (work / "warning.ini").write_text(ORIGINAL.replace(HASH, PLAIN))
    suppressed = ORIGINAL.replace(HASH, "; sftpplus-config: ignore[plaintext-password]\n" + PLAIN)
    (work / "suppressed.ini").write_text(suppressed)
    (work / "project").mkdir()
    (work / "project" / "server.ini").write_text(ORIGINAL.replace(HASH, PLAIN))
    (work / "project" / ".sftpplus-config.toml").write_text(
        'strict = true\nignore = ["plaintext-password"]\n'
    )
    (work / "broken.ini").write_text("[server]\nname = a\nbroken line\n")
    return run_playbook(PLAYBOOKS / "validate.yml", work)


def ok(run: PlaybookRun, task: str) -> dict[str, Any]:
    found = run.result(task)
    assert found["status"] == "ok", found.get("msg")
    assert found["changed"] is False
    return found


def failed(run: PlaybookRun, task: str) -> dict[str, Any]:
    found = run.result(task)
    assert found["status"] == "failed"
    assert found["changed"] is False
    assert "Traceback" not in found["msg"] and "module_stderr" not in found
    return found


def rules(result: dict[str, Any]) -> list[str]:
    return [finding["rule"] for finding in result["findings"]]


def test_the_play_ran(run: PlaybookRun) -> None:
    run.assert_ran()


def test_a_valid_file(run: PlaybookRun) -> None:
    for task in ("a valid file", "a valid file in check mode"):
        result = ok(run, task)
        assert result["findings"] == [] and result["error_count"] == 0
    assert run.text("valid.ini") == ORIGINAL


def test_an_error_fails_with_the_findings(run: PlaybookRun) -> None:
    result = failed(run, "an error")
    work = run.work
    assert result["findings"] == [
        {
            "text": f"{work}/invalid.ini:29:8: error[invalid-value] invalid value `ten` for "
            "`port`: expected an integer from 1 to 65535",
            "file": f"{work}/invalid.ini",
            "line": 29,
            "column": 8,
            "rule": "invalid-value",
            "severity": "error",
            "message": "invalid value `ten` for `port`: expected an integer from 1 to 65535",
            "section": "services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21",
            "option": "port",
            "hint": result["findings"][0]["hint"],
        }
    ]
    assert result["error_count"] == 1 and result["warning_count"] == 0
    assert (
        result["msg"]
        == f"{work}/invalid.ini: 1 error, 0 warnings:\n" + (result["findings"][0]["text"])
    )
    assert ok(run, "an error ignored")["findings"] == []
    assert ok(run, "only other rules")["findings"] == []


def test_warnings_strict_suppressions_and_the_configuration_file(run: PlaybookRun) -> None:
    assert rules(ok(run, "a warning")) == ["plaintext-password"]
    strict = failed(run, "a warning, strict")
    assert rules(strict) == ["plaintext-password"] and strict["warning_count"] == 1
    assert "(strict)" in strict["msg"]
    assert ok(run, "a suppression comment")["findings"] == []
    # the configuration file ignores the rule (and is strict)
    assert ok(run, "the configuration file")["findings"] == []
    assert rules(ok(run, "without the configuration file")) == ["plaintext-password"]


def test_target_version(run: PlaybookRun) -> None:
    old = failed(run, "a target version")
    assert old["error_count"] > 0
    assert set(rules(old)) == {"newer-than-target"}
    bad = failed(run, "a bad target version")
    assert bad["msg"] == "not a version: 'five' (write X.Y.Z, e.g. 5.12.0)"


def test_bad_inputs(run: PlaybookRun) -> None:
    unknown = failed(run, "an unknown rule")
    assert (
        "unknown rule 'plaintext-pasword' (did you mean 'plaintext-password'?)" in (unknown["msg"])
    )
    broken = failed(run, "a syntax error")
    assert [(f["rule"], f["line"], f["column"]) for f in broken["findings"]] == [
        ("syntax-error", 3, 1)
    ]
    assert f"{run.work}/broken.ini:3:1: error[syntax-error]" in broken["msg"]
    missing = failed(run, "a missing file")
    assert missing["msg"] == f"{run.work}/missing.ini: No such file or directory"
    assert missing["problems"] == [missing["msg"]]
