"""The worked examples of the variables, overrides, inventory, cluster and
assets pages: every ``console`` block is run and its output compared."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.inventory import load_inventory

from .conftest import EXAMPLES, ROOT

PAGES = ["variables.md", "overrides.md", "inventory.md", "cluster.md", "assets.md"]
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _commands(page: str) -> list[tuple[list[str], str, int]]:
    """(argv, expected stdout, expected exit code) of each `$` line."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found: list[tuple[list[str], str, int]] = []
    for block in _BLOCK.findall(text):
        current: list[str] | None = None
        lines: list[str] = []
        code = 0
        for line in block.splitlines():
            if line.startswith("$ "):
                if current is not None:
                    found.append((current, "".join(x + "\n" for x in lines), code))
                argv = shlex.split(line[2:])
                assert argv[0] == "sftpplus-config"
                current, lines, code = argv[1:], [], 0
            elif (exit_code := re.fullmatch(r"\[exit (\d+)\]", line)) is not None:
                code = int(exit_code.group(1))
            else:
                lines.append(line)
        if current is not None:
            found.append((current, "".join(x + "\n" for x in lines), code))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_worked_examples(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = _commands(page)
    assert commands, f"no console example in docs/{page}"
    for argv, expected, code in commands:
        assert main(argv) == code, argv
        assert capsys.readouterr().out.replace(f"{tmp_path}/", "") == expected, argv


def test_inventory_page_format_block_is_a_valid_inventory(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "inventory.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    shutil.copytree(EXAMPLES / "cluster", tmp_path / "cluster")
    inventory = tmp_path / "cluster" / "documented.toml"
    inventory.write_text(block.group(1), encoding="utf-8")
    tomllib.loads(block.group(1))
    loaded = load_inventory(inventory)
    assert [n.name for n in loaded.nodes] == ["node-a"]
    assert loaded.nodes[0].variables["host.fqdn"] == "files-a.example.com"
