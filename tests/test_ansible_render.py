"""sftpplus.config.render through ansible-playbook (tests/ansible/render.yml):
the node's file as merge and render make it, {host.name} from
inventory_hostname, changed only when the bytes differ, check and diff
modes, the assets of the result, failures."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import sftpplus_config as sc
from tests._ansible import PLAYBOOKS, PlaybookRun, run_playbook
from tests.conftest import EXAMPLES

CLUSTER = EXAMPLES / "cluster"
VARIABLES = {"support_email": "ops@example.com", "datacenter": "eu-west"}
SECRET_BASE = """[server]
name = files

[accounts/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d51]
name = acme
type = application
password = Plain-Text-Secret-1
"""
STALE = "[server]\nname = stale\n"


def expected(host: str, *, override: bool = True, keep_host_vars: bool = False) -> str:
    """What the node's file must be: the library's merge, then render."""
    base = sc.load(CLUSTER / "server.ini")
    doc = sc.merge(base, sc.load(CLUSTER / "overrides" / "node-a.ini")).document
    doc = doc if override else base
    variables = {**VARIABLES, "host.name": host, "host.fqdn": f"{host}.example.com"}
    return sc.render(doc, variables, keep_host_vars=keep_host_vars).document.dumps()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlaybookRun:
    work = tmp_path_factory.mktemp("render")
    shutil.copytree(CLUSTER, work / "cluster")
    (work / "node" / "configuration").mkdir(parents=True)
    (work / "secret-base.ini").write_text(SECRET_BASE, encoding="utf-8")
    (work / "stale.ini").write_text(STALE, encoding="utf-8")
    invalid = SECRET_BASE.replace("type = application", "type = application\nenabled = maybe")
    (work / "invalid-base.ini").write_text(invalid, encoding="utf-8")
    (work / "broken.ini").write_text("[server]\nname = a\n  [x]\nbroken\n", encoding="utf-8")
    return run_playbook(PLAYBOOKS / "render.yml", work, inventory="files-a,")


def result(run: PlaybookRun, task: str) -> dict[str, Any]:
    return run.result(f"files-a: {task}")


def test_the_play_ran(run: PlaybookRun) -> None:
    run.assert_ran()


def test_the_node_file_is_merge_then_render(run: PlaybookRun) -> None:
    first, again = result(run, "render a node"), result(run, "render it again")
    assert first["changed"] is True and again["changed"] is False
    assert first["host_name"] == "files-a"  # inventory_hostname
    assert first["findings"] == [] and again["changes"] == []
    text = run.text("node/configuration/server.ini")
    assert text == expected("files-a")
    assert "path = log/server-files-a.log\n" in text
    assert "role_in_cluster = controller\n" in text  # the override
    assert "email_subject = [{id}] SFTPPlus event on files-a.example.com\n" in text


def test_the_assets_of_the_result(run: PlaybookRun) -> None:
    assets = result(run, "render a node")["assets"]
    root = run.work / "node"  # the parent of configuration/
    assert {(a["category"], a["relative"], a["is_folder"]) for a in assets} >= {
        ("log-folder", "log", True),
    }
    for asset in assets:
        if asset["relative"] is not None:
            assert Path(asset["resolved"]) == root / asset["relative"]


def test_check_mode_and_diff(run: PlaybookRun) -> None:
    other = result(run, "render with another host name, in check mode")
    assert other["changed"] is True and other["host_name"] == "files-b"
    assert run.text("node/configuration/server.ini") == expected("files-a")
    assert "name = Local log file" not in other["diff"]["before"]
    assert "path = log/server-files-a.log\n" in other["diff"]["before"]
    assert "path = log/server-files-b.log\n" in other["diff"]["after"]
    stale = result(run, "render over a changed file, with a backup")
    assert stale["changed"] is True
    assert run.text("stale.ini") == expected("files-a", override=False, keep_host_vars=True)
    assert "path = log/server-{host.name}.log\n" in run.text("stale.ini")
    assert Path(stale["backup_file"]).read_text(encoding="utf-8") == STALE
    # the label is the new name
    assert stale["diff"]["before"].startswith("[server]  ; files-eu-west\nname = stale\n")
    secret = result(run, "render a secret")
    assert secret["changed"] is True
    assert "password = <redacted>\n" in secret["diff"]["after"]
    assert run.text("secret.ini") == SECRET_BASE
    assert "Plain-Text-Secret-1" not in run.shown


def failed(run: PlaybookRun, task: str) -> dict[str, Any]:
    found = result(run, task)
    assert found["status"] == "failed" and found["changed"] is False
    assert "Traceback" not in found["msg"] and "module_stderr" not in found
    return found


def test_failures_write_nothing(run: PlaybookRun) -> None:
    work = run.work
    unknown = failed(run, "an unknown variable")
    assert "error[unknown-variable] unknown variable {datacenter}" in unknown["msg"]
    assert not (work / "unknown.ini").exists()
    invalid = failed(run, "an invalid result")
    assert "error[invalid-value]" in invalid["msg"]
    forced = result(run, "an invalid result, not validated")
    assert forced["status"] == "ok" and forced["changed"] is True
    assert any("invalid-value" in warning for warning in forced["warnings"])
    assert "enabled = maybe\n" in run.text("invalid.ini")
    broken = failed(run, "a syntax error in the override")
    assert broken["msg"].startswith(f"{work}/broken.ini:4:1: ")
    assert not (work / "broken-out.ini").exists()
    nowhere = failed(run, "no folder for the file")
    assert nowhere["msg"] == (
        f"{work}/nowhere/server.ini: the folder {work}/nowhere does not exist; nothing written"
    )
    missing = failed(run, "a missing base")
    assert missing["msg"] == f"{work}/missing.ini: No such file or directory; nothing written"
