"""check-cluster lints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.cli.main import main
from sftpplus_config.cluster import check_cluster, node_config

from .conftest import EXAMPLES

LOG = """\
[server]
uuid = {uuid}

[event-handlers/log]
type = local-file
path = {path}
"""


def _nodes(tmp_path: Path, texts: dict[str, str]) -> list[str]:
    paths = []
    for name, text in texts.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "server.ini").write_text(text, encoding="utf-8")
        paths.append(str(folder / "server.ini"))
    return paths


def test_shared_log_path_without_host_name_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "server.ini"
    shared.write_text(LOG.format(uuid="{host.name}", path="/var/log/sftpplus.log"), "utf-8")
    assert main(["check-cluster", str(shared), "--nodes", "a=a.example.com,b"]) == 1
    assert capsys.readouterr().out == (
        f"{shared}:6:1: error[shared-writable-path] `/var/log/sftpplus.log` is written by "
        "more than one node (nodes a, b)\n"
        "  hint: put {host.name} in the file name, e.g. path = log/server-{host.name}.log\n"
    )


def test_shared_log_path_with_host_name_is_not_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "server.ini"
    text = LOG.format(uuid="{host.name}", path="/var/log/sftpplus-{host.name}.log")
    shared.write_text(text, "utf-8")
    assert main(["check-cluster", str(shared), "--nodes", "a,b,c"]) == 0
    assert capsys.readouterr().out == ""


def test_default_log_path_is_shared_too() -> None:
    doc = sc.loads("[event-handlers/log]\ntype = local-file\n")
    findings = check_cluster([node_config("a", doc), node_config("b", doc)])
    assert [(f.rule, f.span.line, f.option) for f in findings] == [
        ("shared-writable-path", 1, None)
    ]


def test_duplicate_server_uuid_flagged_per_file_with_related(tmp_path: Path) -> None:
    paths = _nodes(
        tmp_path,
        {
            "a": LOG.format(uuid="U-1", path="log/a.log"),
            "b": LOG.format(uuid="u-1", path="log/b.log"),
            "c": LOG.format(uuid="u-2", path="log/{host.name}.log"),
        },
    )
    findings = check_cluster(
        [node_config(Path(p).parent.name, sc.load(p), (), {"host.name": "c"}) for p in paths]
    )
    assert [(f.rule, f.severity, f.file, f.span.line) for f in findings] == [
        ("duplicate-server-identity", "error", paths[0], 2),
        ("duplicate-server-identity", "error", paths[1], 2),
    ]
    assert [(r.file, r.message) for r in findings[0].related] == [(paths[1], "node b")]


MANAGER = """\
[server]
uuid = {uuid}

[services/m]
type = manager
enabled = {enabled}
"""


def test_two_managers_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _nodes(
        tmp_path,
        {
            "a": MANAGER.format(uuid="1", enabled="yes"),
            "b": MANAGER.format(uuid="2", enabled="yes"),
            "c": MANAGER.format(uuid="3", enabled="no"),
        },
    )
    assert main(["check-cluster", *paths, "--format", "json"]) == 0  # warnings only
    report = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["severity"], f["file"], f["line"]) for f in report["findings"]] == [
        ("multiple-config-managers", "warning", paths[0], 5),
        ("multiple-config-managers", "warning", paths[1], 5),
    ]
    assert report["summary"] == {"files": 3, "errors": 0, "warnings": 2}


def test_manager_on_the_controller_only_is_fine() -> None:
    shared = sc.loads(
        "[services/m]\ntype = manager\ncluster_activation = controller\n"
        "[resources/sync]\ntype = node-sync\nrole_in_cluster = node\n"
    )
    controller = sc.loads("[resources/sync]\nrole_in_cluster = controller\n")
    nodes = [
        node_config("a", shared, [controller]),
        node_config("b", shared),
        node_config("c", shared),
    ]
    assert check_cluster(nodes) == []


def test_node_sync_controllers() -> None:
    sync = "[resources/sync]\ntype = node-sync\nrole_in_cluster = {role}\n"
    two = [node_config(n, sc.loads(sync.format(role="controller"))) for n in "ab"]
    assert {f.rule for f in check_cluster(two)} == {"multiple-config-managers"}
    none = [node_config(n, sc.loads(sync.format(role="node"))) for n in "ab"]
    assert [f.rule for f in check_cluster(none)] == ["missing-controller"]


def test_transfer_on_every_node_without_cluster_activation() -> None:
    plain = sc.loads("[transfers/t]\nenabled = yes\nsource_path = /out\n")
    assert [(f.rule, f.severity) for f in check_cluster([node_config(n, plain) for n in "ab"])] == [
        ("duplicated-transfer", "warning")
    ]
    explicit = sc.loads("[transfers/t]\ncluster_activation = all\n")
    assert check_cluster([node_config(n, explicit) for n in "ab"]) == []
    off = sc.loads("[transfers/t]\nenabled = no\n")
    assert check_cluster([node_config("a", plain), node_config("b", off)]) == []


def test_sqlite_and_database_paths() -> None:
    doc = sc.loads(
        "[resources/db]\ntype = sqlite\n"
        "[event-handlers/d]\ntype = database\npath = db/{host.name}.db3\n"
    )
    findings = check_cluster([node_config(n, doc, (), {"host.name": n}) for n in "ab"])
    assert [(f.rule, f.section) for f in findings] == [("shared-writable-path", "resources/db")]


def test_check_cluster_reads_the_shared_folder_layout_build_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """build in shared-folder mode writes DIR/server.ini and
    DIR/<node>/server.override.ini; check-cluster applies each override
    over the server.ini in the folder above and names the node after the
    override's folder."""
    out = tmp_path / "shared"
    assert main(["build", str(EXAMPLES / "cluster" / "inventory.toml"), "-o", str(out)]) == 0
    overrides = sorted(str(p) for p in out.glob("*/server.override.ini"))
    assert len(overrides) == 3
    capsys.readouterr()
    assert main(["check-cluster", *overrides]) == 0
    node_b = out / "node-b" / "server.override.ini"
    node_b.write_text(
        node_b.read_text(encoding="utf-8").replace("5d3c2b1a0b0b", "5d3c2b1a0a0a"),
        encoding="utf-8",
    )
    assert main(["check-cluster", *overrides]) == 1
    text = capsys.readouterr().out
    assert "error[duplicate-server-identity]" in text
    assert "node-a, node-b" in text
    assert f"{node_b}:4:" in text  # positioned in the override that sets it


def test_check_cluster_override_base_is_explicit_or_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lone = tmp_path / "lone" / "a.override.ini"
    lone.parent.mkdir()
    lone.write_text("[server]\nuuid = 1\n", encoding="utf-8")
    assert main(["check-cluster", str(lone)]) == 2
    assert "no server.ini beside it or in the folder above" in capsys.readouterr().err
    base = tmp_path / "base.ini"
    base.write_text(
        "[server]\nuuid = 0\n[event-handlers/e]\ntype = local-file\npath = log/x.log\n",
        encoding="utf-8",
    )
    other = tmp_path / "lone" / "b.override.ini"
    other.write_text("[server]\nuuid = 2\n", encoding="utf-8")
    assert main(["check-cluster", "--base", str(base), str(lone), str(other)]) == 1
    text = capsys.readouterr().out
    assert "error[shared-writable-path]" in text and "nodes a, b" in text
