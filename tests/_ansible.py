"""Running ansible-playbook on the collection, as its users do: a real
playbook against local folders (``connection: local``), in a temporary
folder, every task's result recorded as JSON (tests/ansible/callback_plugins)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sftpplus_config._record import record

ROOT = Path(__file__).resolve().parent.parent
#: The folder that holds ``ansible_collections/sftpplus/config``.
COLLECTIONS = ROOT
PLAYBOOKS = ROOT / "tests" / "ansible"
BIN = Path(sys.executable).parent


def ansible_command(name: str) -> Path:
    """An ansible command of this virtual environment (the test extra
    installs ansible-core); the test is skipped without it."""
    command = BIN / name
    if not command.exists():
        pytest.skip(f"{command} is missing: install the test extra (pip install -e '.[test]')")
    return command


def ansible_env(tmp: Path, results: Path | None = None) -> dict[str, str]:
    """The environment of an ansible run: the collection found from this
    checkout, Ansible's own files in ``tmp``, no configuration file read."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANSIBLE_") and key != "SFTPPLUS_TEST_RESULTS"
    }
    config = tmp / "ansible.cfg"
    config.write_text("# empty: only the environment configures these runs\n", encoding="utf-8")
    env.update(
        ANSIBLE_CONFIG=str(config),
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
        ANSIBLE_HOME=str(tmp / "ansible-home"),
        ANSIBLE_LOCAL_TEMP=str(tmp / "ansible-tmp"),
        ANSIBLE_REMOTE_TEMP=str(tmp / "ansible-remote-tmp"),
        ANSIBLE_CALLBACK_PLUGINS=str(PLAYBOOKS / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="record",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_SYSTEM_WARNINGS="0",
    )
    if results is not None:
        env["SFTPPLUS_TEST_RESULTS"] = str(results)
    return env


@record
class PlaybookRun:
    """A finished ansible-playbook run: its folder, the process and each
    task's result by task name (``HOST: task`` for other hosts)."""

    work: Path
    done: subprocess.CompletedProcess[str]
    results: dict[str, dict[str, Any]]

    def result(self, task: str) -> dict[str, Any]:
        return self.results[task]

    def text(self, name: str) -> str:
        """The text of a file of the run's folder."""
        return (self.work / name).read_text(encoding="utf-8")

    @property
    def shown(self) -> str:
        """Everything the run showed or returned (to look for secrets in)."""
        return json.dumps(self.results) + self.done.stdout + self.done.stderr

    def assert_ran(self) -> None:
        """The play succeeded (failures were expected, ignored tasks)."""
        assert self.done.returncode == 0, self.done.stdout + self.done.stderr


def run_playbook(
    playbook: Path | tuple[Path, ...],
    tmp: Path,
    *,
    inventory: str = "localhost,",
    interpreter: str | Path = sys.executable,
    extra: dict[str, Any] | None = None,
    args: tuple[str, ...] = (),
) -> PlaybookRun:
    """Run ``playbook`` (or several, in order) with ``work`` (the
    variable) set to ``tmp``."""
    playbooks = playbook if isinstance(playbook, tuple) else (playbook,)
    results = tmp / "results.json"
    results.unlink(missing_ok=True)
    variables = {"work": str(tmp), **(extra or {})}
    done = subprocess.run(
        [
            str(ansible_command("ansible-playbook")),
            "-i",
            inventory,
            *map(str, playbooks),
            "-e",
            f"ansible_python_interpreter={interpreter}",
            "-e",
            json.dumps(variables),
            *args,
        ],
        cwd=tmp,
        env=ansible_env(tmp, results),
        capture_output=True,
        text=True,
        check=False,
    )
    assert results.exists(), done.stdout + done.stderr
    recorded: dict[str, dict[str, Any]] = json.loads(results.read_text(encoding="utf-8"))
    return PlaybookRun(tmp, done, recorded)
