"""One pairing rule for override files (``sftpplus_config.pairing``), used
by ``validate`` and ``check-cluster`` alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.pairing import find_base, node_overrides
from sftpplus_config.validation import validate_path

BASE = (
    "[server]\nuuid = 0b6a3e52-8f1d-4c7e-9a21-5d3c2b1a0f01\n\n"
    "[services/1b2c3d4e]\nname = sftp\ntype = ssh\nport = 10022\n"
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_base_beside_wins_over_the_folder_above(tmp_path: Path) -> None:
    above = _write(tmp_path / "server.ini", BASE)
    override = _write(tmp_path / "node-a" / "server.override.ini", "[services/1b2c3d4e]\n")
    assert find_base(override) == above
    beside = _write(tmp_path / "node-a" / "server.ini", BASE)
    assert find_base(override) == beside
    beside.unlink()
    above.unlink()
    assert find_base(override) is None


def test_node_overrides_are_the_folders_without_a_base_of_their_own(tmp_path: Path) -> None:
    base = _write(tmp_path / "server.ini", BASE)
    a = _write(tmp_path / "node-a" / "server.override.ini", "")
    _write(tmp_path / "node-b" / "server.override.ini", "")
    _write(tmp_path / "node-b" / "server.ini", BASE)  # node-b has its own base
    _write(tmp_path / "notes" / "readme.txt", "")
    assert node_overrides(base) == [a]
    assert node_overrides(tmp_path / "other.ini") == []


def test_validate_pairs_an_override_with_the_base_in_the_folder_above(tmp_path: Path) -> None:
    _write(tmp_path / "server.ini", BASE)
    override = _write(
        tmp_path / "node-a" / "server.override.ini", "[services/1b2c3d4e]\nport = 0\n"
    )
    result = validate_path(override)
    assert [(f.rule, f.file, f.span.line) for f in result.findings] == [
        ("invalid-value", str(override), 2)
    ]


@pytest.mark.parametrize("command", ["validate", "check-cluster"])
def test_validate_and_check_cluster_agree_on_the_base(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    override = _write(tmp_path / "node-a" / "server.override.ini", "[server]\n")
    assert main([command, str(override)]) in (0, 2)
    first = capsys.readouterr()
    _write(tmp_path / "server.ini", BASE)
    assert main([command, str(override)]) == 0
    second = capsys.readouterr()
    # without a base each says so; with the base above, both use it
    assert "base" in (first.out + first.err)
    assert "base" not in second.out
