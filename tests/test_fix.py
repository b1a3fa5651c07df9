"""``fix``: one-to-one renames as minimal, lossless, atomic edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.fix import fix_text
from sftpplus_config.validation import validate

OLD = (
    "; partners\r\n"
    "[administrators/a1]\r\n"
    "name = admin\r\n"
    "ROLE :   r1\r\n"
    "\r\n"
    "[authentications/b1]\r\n"
    "type = Azure-AD\r\n"
    "[transfers/t1]\r\n"
    "type = move\r\n"
    "[event-handlers/e1]\r\n"
    "type = local-file\r\n"
    "rotate_on = disabled\r\n"
)


def test_fix_changes_only_the_old_names() -> None:
    text, edits = fix_text(sc.loads(OLD))
    assert text == (
        "; partners\r\n"
        "[administrators/a1]\r\n"
        "name = admin\r\n"
        "roles :   r1\r\n"
        "\r\n"
        "[authentications/b1]\r\n"
        "type = entra-id\r\n"
        "[transfers/t1]\r\n"
        "delete_source_on_success = Yes\r\n"
        "[event-handlers/e1]\r\n"
        "type = local-file\r\n"
        "rotate_on = \r\n"
    )
    assert len(edits) == 5
    fixed = validate(sc.loads(text), partial=True).findings
    assert [f.rule for f in fixed if f.rule in ("renamed-option", "removed-option")] == []


def test_findings_that_fix_repairs_say_so() -> None:
    found = {f.option: f.fixable for f in validate(sc.loads(OLD), partial=True).findings}
    assert found["role"] is True and found["type"] is True
    # the new name is already set: renaming would make a duplicate
    both = "[administrators/a1]\nname = a\nrole = r1\nroles = r2\n"
    finding = next(f for f in validate(sc.loads(both), partial=True).findings if f.option == "role")
    assert finding.rule == "renamed-option" and not finding.fixable
    assert fix_text(sc.loads(both))[1] == []


def test_fix_honours_the_target_version() -> None:
    doc = sc.loads("[administrators/a1]\nname = a\nrole = r1\n")
    assert fix_text(doc, target_version=(4, 15, 0))[1] == []
    assert fix_text(doc, target_version=(4, 16, 0))[0].count("roles") == 1


def test_merged_or_moved_options_are_not_fixed() -> None:
    text = "[services/s1]\nname = s\ntype = ftp\nport = 21\nssl_certificate = c.pem\n"
    finding = next(f for f in validate(sc.loads(text), partial=True).findings if f.option)
    assert finding.rule == "renamed-option" and not finding.fixable
    assert fix_text(sc.loads(text))[1] == []


def test_cli_diff_writes_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "server.ini"
    path.write_bytes(OLD.encode())
    assert main(["fix", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert "-ROLE :   r1" in out and "+roles :   r1" in out
    assert path.read_bytes() == OLD.encode()


def test_cli_fix_writes_then_has_nothing_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "server.ini"
    path.write_bytes(OLD.encode())
    path.chmod(0o640)
    assert main(["fix", str(path)]) == 0
    assert b"roles :   r1\r\n" in path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o640
    assert main(["fix", "--diff", str(path)]) == 0
    assert main(["validate", "--partial", "--format", "json", str(path)]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert all(not f["fixable"] for f in data["findings"])


def test_cli_fix_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", str(tmp_path / "missing.ini")]) == 2
    bad = tmp_path / "latin1.ini"
    bad.write_bytes(b"[server]\nname = caf\xe9\n")
    assert main(["fix", str(bad)]) == 2
    assert main(["fix", "--target-version", "five", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_validate_partial_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fragment.ini"
    path.write_text("[accounts/a1]\ngroup = g1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert main(["validate", "--partial", str(path)]) == 0
    assert "missing-option" not in capsys.readouterr().out.split("\n")[-1]


def test_target_newer_than_the_schema_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.ini"
    path.write_text("[services/s1]\nname = s\ntype = ssh\nport = 22\nfuture_option = 1\n")
    assert main(["validate", str(path)]) == 1
    capsys.readouterr()
    assert main(["validate", "--target-version", "6.0.0", str(path)]) == 0
    assert "not known to the 5.26.2 schema" in capsys.readouterr().out
