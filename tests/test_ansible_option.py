"""sftpplus.config.option through ansible-playbook (tests/ansible/option.yml):
changed, idempotent, check mode, diff mode (secrets redacted), failures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests._ansible import PLAYBOOKS, PlaybookRun, run_playbook
from tests.conftest import EXAMPLES

NEW_PASSWORD = "Tr0ub4dor&3-new"
OTHER_PASSWORD = "c0rrect-h0rse-other"
SFTP = "services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21"
TWINS = """[accounts/11111111-1111-4111-8111-111111111111]
name = twin
type = application

[accounts/22222222-2222-4222-8222-222222222222]
name = twin
type = application
"""

ORIGINAL = (EXAMPLES / "server.ini").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlaybookRun:
    """One playbook run for the whole module."""
    work = tmp_path_factory.mktemp("option")
    names = ("server.ini", "check.ini", "secret.ini", "refused.ini", "forced.ini", "concurrent.ini")
    for name in names:
        shutil.copy(EXAMPLES / "server.ini", work / name)
    os.chmod(work / "server.ini", 0o640)
    (work / "twins.ini").write_text(TWINS, encoding="utf-8")
    (work / "broken.ini").write_text("[server]\nname = a\nthis line is broken\n", encoding="utf-8")
    return run_playbook(
        PLAYBOOKS / "option.yml",
        work,
        inventory="localhost,files-b,",
        extra={"new_password": NEW_PASSWORD, "other_password": OTHER_PASSWORD},
        args=("-v",),
    )


def test_the_play_ran(run: PlaybookRun) -> None:
    # the failures are ignored tasks: the play itself succeeds
    run.assert_ran()


def test_set_is_a_minimal_edit_and_idempotent(run: PlaybookRun) -> None:
    first, again = run.result("set an option"), run.result("set it again")
    assert first["changed"] is True and again["changed"] is False
    assert first["section"] == SFTP
    assert first["changes"] == [
        {
            "op": "set",
            "section": SFTP,
            "kind": "services",
            "type": "ssh",
            "label": "sftp",
            "option": "port",
            "old": "10022",
            "new": "10122",
            "secret": False,
        }
    ]
    assert again["changes"] == []
    expected = ORIGINAL.replace("port = 10022\n", "port = 10122\n")
    assert "port = 10022\n" in ORIGINAL
    multi_old = (
        "before_login_message = Authorised use only. Activity is logged.\n"
        "  Disconnect now if you are not an authorised user.\n"
    )
    multi_new = "before_login_message = Authorised use only.\n  Sessions are recorded.\n"
    assert multi_old in expected
    expected = expected.replace(multi_old, multi_new)
    assert run.result("set a multi-line value")["changed"] is True
    assert run.result("set the multi-line value again")["changed"] is False
    added, added_again = run.result("add an account by name"), run.result("add the account again")
    assert added["changed"] is True and added["created_section"] is True
    assert added_again["changed"] is False and added_again["created_section"] is False
    assert added_again["section"] == added["section"]
    header = added["section"]
    assert header.startswith("accounts/") and len(header) == len("accounts/") + 36
    globex = "home_folder_path = /srv/sftp/partners/globex\n"
    assert globex in expected
    expected = expected.replace(globex, "")
    expected += (
        f"\n[{header}]\nname = initech\ntype = application\nenabled = no\n"
        "group = 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a641\n"
        "home_folder_path = /srv/sftp/partners/initech\n"
    )
    assert run.text("server.ini") == expected
    assert (run.work / "server.ini").stat().st_mode & 0o777 == 0o640


def test_absent_and_backup(run: PlaybookRun) -> None:
    removed, again = run.result("remove an option with a backup"), run.result("remove it again")
    assert removed["changed"] is True and again["changed"] is False
    assert "backup_file" in removed and "backup_file" not in again
    backup = Path(removed["backup_file"])
    assert backup.parent == run.work
    # the copy is the file as it was right before this task's write
    assert "home_folder_path = /srv/sftp/partners/globex\n" in backup.read_text(encoding="utf-8")
    assert "name = initech" in backup.read_text(encoding="utf-8")


def test_check_mode_writes_nothing_and_reports_the_change(run: PlaybookRun) -> None:
    checked = run.result("check mode")
    assert checked["changed"] is True
    assert checked["changes"][0]["new"] == "10222"
    assert checked["diff"]["before"] == f"[{SFTP}]  ; sftp\nport = 10022\n"
    assert checked["diff"]["after"] == f"[{SFTP}]  ; sftp\nport = 10222\n"
    assert run.text("check.ini") == ORIGINAL
    assert not (run.work / ".check.ini.lock").exists()  # no lock file either
    assert (run.work / ".server.ini.lock").exists()  # the lock of the edits


def test_diff_redacts_secrets(run: PlaybookRun) -> None:
    changed = run.result("diff of a password")
    assert changed["changed"] is True
    acme = "accounts/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d51"
    assert changed["diff"]["before"] == f"[{acme}]  ; acme\npassword = <redacted>\n"
    assert changed["diff"]["after"] == f"[{acme}]  ; acme\npassword = <redacted> (changed)\n"
    assert changed["changes"][0]["old"] == changed["changes"][0]["new"] == "<redacted>"
    added = run.result("diff of a new password")
    assert added["diff"]["before"].endswith("]  ; globex\n")  # the section, no password
    assert added["diff"]["after"].endswith("password = <redacted>\n")
    # the file has the new values; no output of the run shows them
    assert f"password = {NEW_PASSWORD}\n" in run.text("secret.ini")
    assert f"password = {OTHER_PASSWORD}\n" in run.text("secret.ini")
    old_hash = "$5$rounds=110000$Qb5dgn0bBjbMJ1$WOeydPLPJ6Yd4bY3IpQwWSuDFZPnkk3ku3t1R1XSYY4"
    shown = run.shown
    for secret in (NEW_PASSWORD, OTHER_PASSWORD, old_hash):
        assert secret not in shown


def test_an_invalid_value_is_refused_and_nothing_written(run: PlaybookRun) -> None:
    refused = run.result("invalid value")
    assert refused["status"] == "failed" and refused["changed"] is False
    assert "refused, nothing written" in refused["msg"]
    assert "error[invalid-value]" in refused["msg"]
    assert any(
        f["rule"] == "invalid-value" and f["option"] == "port" and f["line"] > 0
        for f in refused["findings"]
    )
    assert run.text("refused.ini") == ORIGINAL
    forced = run.result("invalid value, not validated")
    assert forced["status"] == "ok" and forced["changed"] is True
    assert any("invalid-value" in warning for warning in forced["warnings"])
    assert run.text("forced.ini") == ORIGINAL.replace("port = 10022", "port = not-a-port")


def test_bad_inputs_fail_clearly(run: PlaybookRun) -> None:
    work = run.work
    missing = run.result("missing file")
    assert missing["status"] == "failed"
    assert missing["msg"] == f"{work}/missing.ini: No such file or directory; nothing written"
    assert not (work / "missing.ini").exists()
    no_section = run.result("no such section")
    assert no_section["status"] == "failed"
    assert no_section["candidates"] == ["accounts:acme"]
    assert "no accounts section is named 'acmee'" in no_section["msg"]
    twins = run.result("ambiguous section")
    assert twins["status"] == "failed"
    assert "ambiguous" in twins["msg"]
    assert twins["candidates"] == [
        "accounts/11111111-1111-4111-8111-111111111111",
        "accounts/22222222-2222-4222-8222-222222222222",
    ]
    assert run.text("twins.ini") == TWINS
    broken = run.result("syntax error")
    assert broken["status"] == "failed"
    assert broken["msg"].startswith(f"{work}/broken.ini:3:1: ")
    assert broken["findings"][0]["line"] == 3
    unheld = run.result("a value the file could not hold")
    assert unheld["status"] == "failed" and "nothing written" in unheld["msg"]
    for failed in (missing, no_section, twins, broken, unheld):
        assert "Traceback" not in failed["msg"]
        assert "module_stderr" not in failed
    assert run.text("refused.ini") == ORIGINAL


def test_concurrent_edits_of_one_file_are_both_kept(run: PlaybookRun) -> None:
    assert run.result("edit the same file")["changed"] is True
    assert run.result("files-b: edit the same file")["changed"] is True
    old = (
        "description = ACME Corp. (contact: it@acme.example)\n"
        "home_folder_path = /srv/sftp/partners/acme\n"
    )
    assert old in ORIGINAL
    new = "description = Edited from localhost.\nhome_folder_path = /srv/sftp/files-b\n"
    assert run.text("concurrent.ini") == ORIGINAL.replace(old, new)
