"""The pre-commit hook of ``.pre-commit-hooks.yaml``.

The end-to-end test installs the hook the way users get it: pre-commit
clones this repository (a committed copy of the working tree), builds its
environment with pip and runs the hook on a temporary git repository, once
with a good and once with a bad ``server.ini``. It takes a while (marker
``precommit``; deselect with ``-m 'not precommit'``), but it is part of the
default test run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

CompletedText = subprocess.CompletedProcess[str]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
HOOK_ID = "sftpplus-config-validate"
INVENTORY_HOOK_ID = "sftpplus-config-inventory"


def hook_field(name: str, hook: str = HOOK_ID) -> str:
    text = HOOKS.read_text(encoding="utf-8")
    block = text.split(f"- id: {hook}\n", 1)[1].split("\n- id: ", 1)[0]
    match = re.search(rf"^\s+{name}: (.+)$", block, re.MULTILINE)
    assert match is not None, name
    return match.group(1).strip()


def test_hook_definition() -> None:
    text = HOOKS.read_text(encoding="utf-8")
    assert re.search(rf"^- id: {HOOK_ID}$", text, re.MULTILINE)
    assert re.search(rf"^- id: {INVENTORY_HOOK_ID}$", text, re.MULTILINE)
    assert hook_field("entry") == "sftpplus-config validate"
    assert hook_field("entry", INVENTORY_HOOK_ID) == "sftpplus-config validate --inventories"
    assert hook_field("language") == hook_field("language", INVENTORY_HOOK_ID) == "python"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("inventory.toml", True),
        ("cluster/inventory-per-node.toml", True),
        ("cluster/inventory.prod.toml", True),
        ("cluster/overrides/node-a.ini", True),
        ("server.ini", True),
        ("pyproject.toml", False),
        (".sftpplus-config.toml", False),
        ("cluster/broken-inventory.toml", False),
        ("inventory.toml.bak", False),
    ],
)
def test_inventory_hook_files_pattern(path: str, matches: bool) -> None:
    assert (re.search(hook_field("files", INVENTORY_HOOK_ID), path) is not None) == matches


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("server.ini", True),
        ("server.override.ini", True),
        ("configuration/server.ini", True),
        ("nodes/node1/server.override.ini", True),
        ("myserver.ini", False),
        ("server.ini.bak", False),
        ("server.override.ini~", False),
        ("other.ini", False),
    ],
)
def test_hook_files_pattern(path: str, matches: bool) -> None:
    assert (re.search(hook_field("files"), path) is not None) == matches


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _hook_repository(target: Path) -> Path:
    """A committed copy of this working tree (pre-commit clones a commit,
    so uncommitted and untracked changes would be missed otherwise)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "hook repository")
    return target


def _try_repo_in(tmp_path: Path, project: Path, *hooks: str) -> Callable[[], CompletedText]:
    """``pre-commit try-repo`` of a committed copy of this working tree on
    ``project`` (a new git repository), with ``hooks`` (default: all)."""
    pytest.importorskip("pre_commit", reason="pre-commit is in the [test] extra")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of this repository")
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    _hook_repository(hook_repo)
    project.mkdir(parents=True, exist_ok=True)
    _git(project, "init", "-q")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def try_repo() -> CompletedText:
        _git(project, "add", "-A")
        return subprocess.run(
            [
                *(sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *hooks),
                *("--all-files", "--color", "never"),
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    return try_repo


@pytest.mark.precommit
def test_hook_passes_a_good_file_and_fails_a_bad_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "configuration").mkdir(parents=True)
    try_repo = _try_repo_in(tmp_path, project, HOOK_ID)

    server_ini = project / "configuration" / "server.ini"
    server_ini.write_text(EXAMPLES.joinpath("server.ini").read_text(encoding="utf-8"))
    (project / "notes.ini").write_text("not checked: the hook only takes server.ini files\n")
    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"validate SFTPPlus server\.ini\.+Passed", good.stdout)

    server_ini.write_text("[server]\nnmae = files.example.com\n")
    bad = try_repo()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"validate SFTPPlus server\.ini\.+Failed", bad.stdout)
    assert (
        "configuration/server.ini:2:1: error[unknown-option] unknown option `nmae` for server\n"
        "  hint: did you mean `name`?\n"
    ) in bad.stdout


@pytest.mark.precommit
def test_the_bundled_cluster_example_passes_both_hooks(tmp_path: Path) -> None:
    """Issue 14: examples/cluster/ in a repository passes both hooks; a
    broken node override fails the inventory hook at the override's line."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES / "cluster", project / "cluster")
    try_repo = _try_repo_in(tmp_path, project)

    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"validate SFTPPlus server\.ini\.+Passed", good.stdout)
    assert re.search(r"validate SFTPPlus inventories \(every node\)\.+Passed", good.stdout)

    override = project / "cluster" / "overrides" / "node-a.ini"
    override.write_text(
        override.read_text(encoding="utf-8")
        + "[services/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c21]\nport = 99999\n",
        encoding="utf-8",
    )
    bad = try_repo()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"validate SFTPPlus server\.ini\.+Passed", bad.stdout)
    assert re.search(r"validate SFTPPlus inventories \(every node\)\.+Failed", bad.stdout)
    assert (
        "cluster/overrides/node-a.ini:5:8: error[invalid-value] invalid value `99999` for "
        "`port`: expected an integer from 1 to 65535 (node node-a)\n"
    ) in bad.stdout
