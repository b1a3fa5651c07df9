"""The sftpplus.config collection as a whole: its documentation renders
(ansible-doc), every module fails clearly where sftpplus-config is not
installed, and the core package does not depend on Ansible."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests._ansible import COLLECTIONS, PLAYBOOKS, ansible_command, ansible_env, run_playbook

MODULES = ("option", "section", "validate", "render")
COLLECTION = COLLECTIONS / "ansible_collections" / "sftpplus" / "config"


@pytest.mark.parametrize("module", ["option"])
def test_ansible_doc_renders(module: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(ansible_command("ansible-doc")), f"sftpplus.config.{module}"],
        env={**ansible_env(tmp_path), "ANSIBLE_NOCOLOR": "1", "PAGER": "cat"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    text = done.stdout
    assert f"MODULE sftpplus.config.{module}" in text
    # the options of the module and of its documentation fragments (`=`: required)
    for option in ("path", "section", "option"):
        assert re.search(rf"^= {option} ", text, re.MULTILINE), option
    for option in ("value", "values", "state", "create_section", "backup", "validate"):
        assert re.search(rf"^- {option} ", text, re.MULTILINE), option
    # the requirement, from the fragment (the text is wrapped)
    assert "on the managed host (`pip install sftpplus-config')" in " ".join(text.split())
    assert "EXAMPLES:" in text and "RETURN VALUES:" in text


def test_every_module_fails_clearly_without_the_library(tmp_path: Path) -> None:
    (tmp_path / "server.ini").write_text("[server]\nname = a\n", encoding="utf-8")
    # this Python, without its site-packages: no sftpplus_config to import
    python = tmp_path / "python-without-site"
    python.write_text(f'#!/bin/sh\nexec {sys.executable} -S "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    check = subprocess.run(
        [str(python), "-c", "import sftpplus_config"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert check.returncode != 0
    run = run_playbook(PLAYBOOKS / "no_library.yml", tmp_path, interpreter=python)
    run.assert_ran()
    for module in MODULES:
        result = run.result(module)
        assert result["status"] == "failed", module
        assert result["msg"].startswith(
            "Failed to import the required Python library (sftpplus-config)"
        ), result["msg"]
        assert "(pip install sftpplus-config)" in result["msg"]
        assert "module_stderr" not in result
    assert (tmp_path / "server.ini").read_text(encoding="utf-8") == "[server]\nname = a\n"
    assert not (tmp_path / "out.ini").exists()


def test_the_collection_is_laid_out_for_galaxy() -> None:
    for name in ("galaxy.yml", "meta/runtime.yml", "README.md", "plugins/action/render.py"):
        assert (COLLECTION / name).is_file(), name
    for module in MODULES:
        assert (COLLECTION / "plugins" / "modules" / f"{module}.py").is_file()


def test_ansible_is_only_an_extra() -> None:
    project = tomllib.loads((COLLECTIONS / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dependencies"] == []
    extras = project["project"]["optional-dependencies"]
    assert any(r.startswith("ansible-core") for r in extras["ansible"])
    assert any(r.startswith("ansible-core") for r in extras["test"])
