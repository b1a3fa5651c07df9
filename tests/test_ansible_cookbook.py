"""The cookbook's Ansible playbooks (docs/cookbook/ansible/) run as written,
against local folders standing in for the nodes: active-passive (render
the active node's server.ini, sync it and its assets to the standby) and
active-active with a shared folder (one node changes the configuration,
the others restart; `touch` stands in for the restart)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests._ansible import PlaybookRun, run_playbook
from tests.conftest import EXAMPLES, ROOT

COOKBOOK = ROOT / "docs" / "cookbook" / "ansible"
PLAYBOOKS = (COOKBOOK / "active-passive.yml", COOKBOOK / "active-active.yml")
ASSETS = EXAMPLES / "assets"
NODES = ("node-a", "node-b", "node-c")
SETTINGS = [
    {"section": "services:sftp", "option": "port", "value": "10122"},
    {"section": "server", "option": "password_minimum_length", "value": "14"},
]


def inventory(work: Path) -> str:
    lines = [
        "[sftpplus_active]",
        f"active ansible_connection=local sftpplus_root={work}/active",
        "[sftpplus_standby]",
        f"standby ansible_connection=local sftpplus_root={work}/standby",
        "[sftpplus_nodes]",
        *(
            f"{node} ansible_connection=local sftpplus_root={work}/{node} "
            f"sftpplus_restart_command='touch {work}/{node}/restarted'"
            for node in NODES
        ),
    ]
    path = work / "inventory.ini"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[PlaybookRun, PlaybookRun]:
    """The two playbooks, twice: a first run, then one that finds nothing
    to do."""
    work = tmp_path_factory.mktemp("cookbook")
    # the active node has the asset files; its server.ini comes from the cluster
    shutil.copytree(ASSETS, work / "active")
    (work / "active" / "configuration" / "server.ini").unlink()
    (work / "active" / "configuration" / "keys" / "ssh_host_ed25519_key").chmod(0o600)
    (work / "cluster").mkdir()
    shutil.copy(ASSETS / "configuration" / "server.ini", work / "cluster" / "server.ini")
    (work / "standby").mkdir()
    (work / "shared").mkdir()
    shutil.copy(EXAMPLES / "server.ini", work / "shared" / "server.ini")
    for node in NODES:
        (work / node).mkdir()
    extra = {
        "sync_archive": f"{work}/sync.tar.gz",
        "cluster_dir": f"{work}/cluster",
        "stage_dir": f"{work}/stage",
        "shared_config": f"{work}/shared/server.ini",
        "sftpplus_settings": SETTINGS,
    }
    hosts = inventory(work)
    first = run_playbook(PLAYBOOKS, work, inventory=hosts, extra=extra)
    restarted = [node for node in NODES if (work / node / "restarted").exists()]
    for node in restarted:
        (work / node / "restarted").unlink()
    second = run_playbook(PLAYBOOKS, work, inventory=hosts, extra=extra)
    (work / "restarted-first.txt").write_text(" ".join(restarted), encoding="utf-8")
    return first, second


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def test_both_runs_succeed(runs: tuple[PlaybookRun, PlaybookRun]) -> None:
    for run in runs:
        run.assert_ran()


def test_active_passive_standby_gets_the_configuration_and_its_files(
    runs: tuple[PlaybookRun, PlaybookRun],
) -> None:
    first = runs[0]
    work = first.work
    rendered = first.result("active: Write server.ini from the cluster's files")
    assert rendered["changed"] is True
    base = (ASSETS / "configuration" / "server.ini").read_bytes()
    assert (work / "active" / "configuration" / "server.ini").read_bytes() == base
    # what `assets` lists: every file the configuration points to
    files = {a["relative"] for a in rendered["assets"] if not a["is_folder"]}
    assert files == {
        "configuration/keys/ssh_host_ed25519_key",
        "configuration/keys/files.example.com.pem",
        "configuration/partners.passwd",
        "configuration/authorized_keys/partner-acme",
        "scripts/scan-upload.sh",
    }
    standby = files_under(work / "standby")
    active = files_under(work / "active")
    assert set(standby) == {*files, "configuration/server.ini"}
    assert standby == {name: active[name] for name in standby}
    for name in files:  # the permissions go along (a script stays executable)
        mode = (work / "active" / name).stat().st_mode
        assert (work / "standby" / name).stat().st_mode == mode, name
    assert (work / "standby" / "scripts" / "scan-upload.sh").stat().st_mode & 0o777 == 0o755
    assert (work / "standby" / "log").is_dir()
    # nothing to do the second time
    for key, result in runs[1].results.items():
        if key.startswith(("active:", "standby:")):
            assert result["changed"] is False, key


def test_active_active_one_node_changes_the_others_restart(
    runs: tuple[PlaybookRun, PlaybookRun],
) -> None:
    first, second = runs
    work = first.work
    original = (EXAMPLES / "server.ini").read_text(encoding="utf-8")
    assert "port = 10022\n" in original and "password_minimum_length = 12\n" in original
    expected = original.replace("port = 10022\n", "port = 10122\n").replace(
        "password_minimum_length = 12\n", "password_minimum_length = 14\n"
    )
    assert (work / "shared" / "server.ini").read_text(encoding="utf-8") == expected
    edited = first.result("node-a: Change it, from one node")
    assert edited["changed"] is True
    assert (work / "restarted-first.txt").read_text(encoding="utf-8") == "node-b node-c"
    for node in ("node-b", "node-c"):
        assert first.result(f"{node}: Restart the other nodes, so that they load it")["changed"]
    assert first.result("node-a: Restart the other nodes, so that they load it")["status"] == (
        "skipped"
    )
    # the second run changes nothing, so nobody restarts
    assert second.result("node-a: Change it, from one node")["changed"] is False
    assert not any((work / node / "restarted").exists() for node in NODES)
    assert (work / "shared" / "server.ini").read_text(encoding="utf-8") == expected
