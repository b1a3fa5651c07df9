"""The worked examples of the variables, overrides, inventory, cluster and
assets pages: every ``console`` block is run and its output compared."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from sftpplus_config.inventory import load_inventory
from tests.doc_runner import run_page

from .conftest import EXAMPLES, ROOT

PAGES = ["variables.md", "overrides.md", "inventory.md", "cluster.md", "assets.md"]


@pytest.mark.parametrize("page", PAGES)
def test_worked_examples(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = run_page(page, tmp_path, capsys, monkeypatch, run_python=False)
    assert counts["commands"] > 0, f"no console example in docs/{page}"


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
