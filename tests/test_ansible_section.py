"""sftpplus.config.section through ansible-playbook (tests/ansible/section.yml):
changed, idempotent (``id: auto`` found again by name), exclusive, absent,
check mode, diff mode (secrets redacted), failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests._ansible import PLAYBOOKS, PlaybookRun, run_playbook
from tests.conftest import EXAMPLES

PASSWORD = "pw-Initech-9"
ACME = "accounts/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d51"
GLOBEX = """[accounts/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e52]
name = globex
type = application
enabled = no
group = 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a641
home_folder_path = /srv/sftp/partners/globex
"""
ACME_DROPPED = """description = ACME Corp. (contact: it@acme.example)
home_folder_path = /srv/sftp/partners/acme
"""
ACME_SECRETS = """password = $5$rounds=110000$Qb5dgn0bBjbMJ1$WOeydPLPJ6Yd4bY3IpQwWSuDFZPnkk3ku3t1R1XSYY4
ssh_authorized_keys_content = ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmC2Y8tk0yOQ7xxx acme@laptop
  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq9Rr2lCq4Jxyyy acme@build
"""
TWINS = """[accounts/11111111-1111-4111-8111-111111111111]
name = twin

[accounts/22222222-2222-4222-8222-222222222222]
name = twin
"""

ORIGINAL = (EXAMPLES / "server.ini").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlaybookRun:
    work = tmp_path_factory.mktemp("section")
    for name in ("server.ini", "check.ini", "diff.ini", "refused.ini"):
        shutil.copy(EXAMPLES / "server.ini", work / name)
    (work / "twins.ini").write_text(TWINS, encoding="utf-8")
    (work / "broken.ini").write_text("[server]\nname = a\n\n[server]\n", encoding="utf-8")
    return run_playbook(
        PLAYBOOKS / "section.yml", work, extra={"initech_password": PASSWORD}, args=("-v",)
    )


def test_the_play_ran(run: PlaybookRun) -> None:
    run.assert_ran()


def test_edits_are_minimal_and_idempotent(run: PlaybookRun) -> None:
    added, again = run.result("add a section by name"), run.result("add it again")
    assert added["changed"] is True and added["created"] is True
    assert again["changed"] is False and again["created"] is False
    assert again["section"] == added["section"]  # found again by its name: one id
    initech = added["section"]
    assert initech.startswith("accounts/") and len(initech) == len("accounts/") + 36
    assert run.result("change options in place")["changed"] is True
    exclusive, exclusive_again = run.result("exclusive"), run.result("exclusive again")
    assert exclusive["changed"] is True and exclusive_again["changed"] is False
    assert exclusive["removed_options"] == [
        "description",
        "home_folder_path",
        "password",
        "ssh_authorized_keys_content",
    ]
    by_header = run.result("add a section by header")
    assert by_header["section"] == "groups/7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e01"
    removed, removed_again = run.result("remove a section"), run.result("remove it again")
    assert removed["changed"] is True and removed_again["changed"] is False

    original = ORIGINAL
    for block in (GLOBEX, ACME_DROPPED, ACME_SECRETS):
        assert block in original
    expected = original.replace("\n" + GLOBEX, "").replace(ACME_DROPPED, "")
    expected = expected.replace(ACME_SECRETS, "")
    expected += (
        f"\n[{initech}]\nname = initech\ntype = application\nenabled = yes\n"
        "group = 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a641\n"
        f"home_folder_path = /srv/sftp/partners/initech\npassword = {PASSWORD}\n"
        "\n[groups/7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e01]\nname = Auditors\n"
        "home_folder_path = /srv/sftp/audit\n"
    )
    assert run.text("server.ini") == expected
    # the comment of the options removed by `exclusive` stays
    assert "# The password is stored as a hash, never in clear text.\n" in expected


def test_check_mode_and_diff(run: PlaybookRun) -> None:
    checked = run.result("check mode")
    assert checked["changed"] is True and checked["created"] is True
    assert run.text("check.ini") == ORIGINAL
    assert checked["diff"]["before"] == ""
    assert checked["diff"]["after"] == (
        f"[{checked['section']}]  ; initech\nname = initech\ntype = application\nenabled = yes\n"
        "group = 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a641\n"
        "home_folder_path = /srv/sftp/partners/initech\npassword = <redacted>\n"
    )
    removal = run.result("diff of a removal")
    assert removal["changed"] is True
    assert removal["diff"]["after"] == ""
    assert removal["diff"]["before"].startswith(f"[{ACME}]  ; acme\nname = acme\n")
    assert (
        "password = <redacted>\nssh_authorized_keys_content = <redacted>\n"
        in (removal["diff"]["before"])
    )
    assert f"[{ACME}]" not in run.text("diff.ini")
    assert Path(removal["backup_file"]).read_text(encoding="utf-8") == ORIGINAL
    shown = run.shown
    for secret in (PASSWORD, "WOeydPLPJ6Yd4bY3IpQwWSuDFZPnkk3ku3t1R1XSYY4", "Jxyyy acme@build"):
        assert secret not in shown


def test_refusals_and_bad_inputs(run: PlaybookRun) -> None:
    work = run.work
    unknown = run.result("invalid option")
    assert unknown["status"] == "failed"
    assert "error[unknown-option] unknown option `home_folder_pth`" in unknown["msg"]
    assert [f["rule"] for f in unknown["findings"] if f["severity"] == "error"] == [
        "unknown-option"
    ]
    dangling = run.result("a reference to nothing")
    assert dangling["status"] == "failed"
    assert "error[dangling-reference]" in dangling["msg"]
    assert run.text("refused.ini") == ORIGINAL
    twins = run.result("ambiguous section")
    assert twins["status"] == "failed" and "ambiguous" in twins["msg"]
    assert len(twins["candidates"]) == 2
    assert run.text("twins.ini") == TWINS
    broken = run.result("syntax error")
    assert broken["status"] == "failed"
    assert broken["msg"].startswith(f"{work}/broken.ini:4:1: section [server] is defined again")
    assert run.text("broken.ini") == "[server]\nname = a\n\n[server]\n"
    missing = run.result("missing file")
    assert missing["msg"] == f"{work}/missing.ini: No such file or directory; nothing written"
    for failed in (unknown, dangling, twins, broken, missing):
        assert failed["changed"] is False
        assert "Traceback" not in failed["msg"] and "module_stderr" not in failed
