"""The configuration file (issue 14, item 5): found by walking up to the
repository root, its keys, the command line winning, and positioned errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.project import CONFIG_NAME, ConfigError, find_config, load_config

# an unknown option (error) and a clear-text password (warning)
SERVER = "[accounts/8b9c0d1e]\nname = acme\nhome = /srv\npassword = clear\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "configuration").mkdir()
    (root / "configuration" / "server.ini").write_text(SERVER, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def rules(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", "--format", "json", *args])
    captured = capsys.readouterr()
    if code == 2:
        return code, [captured.err]
    return code, [f["rule"] for f in json.loads(captured.out)["findings"]]


def test_the_walk_stops_at_the_repository_root(repo: Path) -> None:
    target = repo / "configuration" / "server.ini"
    assert find_config(target) is None
    (repo.parent / CONFIG_NAME).write_text('ignore = ["security"]\n', encoding="utf-8")
    assert find_config(target) is None  # above the repository: not ours
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(target) is None  # a pyproject.toml without the table
    (repo / "pyproject.toml").write_text("[tool.sftpplus-config]\nstrict = true\n", "utf-8")
    assert find_config(target) == repo / "pyproject.toml"
    (repo / CONFIG_NAME).write_text("strict = false\n", encoding="utf-8")
    assert find_config(target) == repo / CONFIG_NAME  # wins in the same folder
    (repo / "configuration" / CONFIG_NAME).write_text("", encoding="utf-8")
    assert find_config(target) == repo / "configuration" / CONFIG_NAME  # the nearest
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree
    (repo / "configuration" / CONFIG_NAME).unlink()
    assert find_config(target) == repo / CONFIG_NAME


def test_select_ignore_and_strict_from_the_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ini = "configuration/server.ini"
    assert rules(capsys, ini) == (1, ["unknown-option", "plaintext-password"])
    (repo / CONFIG_NAME).write_text('ignore = ["unknown-option"]\n', encoding="utf-8")
    assert rules(capsys, ini) == (0, ["plaintext-password"])
    (repo / CONFIG_NAME).write_text('ignore = ["unknown-option"]\nstrict = true\n', "utf-8")
    assert rules(capsys, ini) == (1, ["plaintext-password"])
    (repo / CONFIG_NAME).write_text('select = ["security"]\n', encoding="utf-8")
    assert rules(capsys, ini) == (0, ["plaintext-password"])


def test_the_command_line_wins_key_by_key(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ini = "configuration/server.ini"
    (repo / CONFIG_NAME).write_text(
        'select = ["security"]\nstrict = true\ntarget-version = "4.0.0"\n', encoding="utf-8"
    )
    assert rules(capsys, ini) == (1, ["plaintext-password"])
    assert rules(capsys, ini, "--no-strict") == (0, ["plaintext-password"])
    assert rules(capsys, ini, "--select", "schema") == (1, ["unknown-option"])
    assert rules(capsys, ini, "--no-config") == (1, ["unknown-option", "plaintext-password"])
    (repo / CONFIG_NAME).write_text('ignore = ["security"]\n', encoding="utf-8")
    assert rules(capsys, ini, "--ignore", "schema") == (0, ["plaintext-password"])


def test_target_version_from_the_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "configuration" / "server.ini").write_text(
        "[services/1b2c3d4e]\nname = sftp\ntype = ssh\nport = 10022\n"
        "block_source_at_connection = yes\n",
        encoding="utf-8",
    )
    ini = "configuration/server.ini"
    assert rules(capsys, ini) == (0, [])
    (repo / CONFIG_NAME).write_text('target-version = "5.17.0"\n', encoding="utf-8")
    assert rules(capsys, ini) == (1, ["newer-than-target"])
    assert rules(capsys, ini, "--target-version", "5.26.0") == (0, [])


@pytest.mark.parametrize(
    ("pattern", "ignored"),
    [
        ("server.ini", True),
        ("*.ini", True),
        ("configuration/*.ini", True),
        ("**/server.ini", True),
        ("/configuration/server.ini", True),
        ("other/*.ini", False),
        ("config*/x.ini", False),
        ("*.override.ini", False),
    ],
)
def test_per_file_ignores(
    repo: Path, capsys: pytest.CaptureFixture[str], pattern: str, ignored: bool
) -> None:
    (repo / CONFIG_NAME).write_text(
        f'[per-file-ignores]\n"{pattern}" = ["unknown-option"]\n', encoding="utf-8"
    )
    found = rules(capsys, "configuration/server.ini")[1]
    assert ("unknown-option" not in found) == ignored
    assert "plaintext-password" in found


def test_pyproject_table(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.sftpplus-config]\nignore = ["security"]\n',
        encoding="utf-8",
    )
    assert rules(capsys, "configuration/server.ini") == (1, ["unknown-option"])


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('ignor = ["security"]\n', 1, 1, "unknown key `ignor`"),
        ("strict = 1\n", 1, 1, "`strict` must be true or false"),
        ('\n\nselect = "security"\n', 3, 1, "`select` must be a list"),
        ('ignore = ["securty"]\n', 1, 1, "`ignore`: unknown rule `securty`"),
        ('target-version = "five"\n', 1, 1, "`target-version`: not a version"),
        ("target-version = 5\n", 1, 1, "`target-version` must be"),
        ('[per-file-ignores]\n"*.ini" = "schema"\n', 2, 1, "`per-file-ignores` must be a list"),
        ("per-file-ignores = 3\n", 1, 1, "`per-file-ignores` must be"),
        ("inventory = 3\n", 1, 1, "`inventory` must be"),
        ("baseline = [1]\n", 1, 1, "`baseline` must be"),
        ("strict = \n", 1, 10, "TOML syntax error"),
    ],
)
def test_bad_configuration_is_a_positioned_usage_error(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int,
    column: int,
    message: str,
) -> None:
    (repo / CONFIG_NAME).write_text(text, encoding="utf-8")
    code, (err,) = rules(capsys, "configuration/server.ini")
    assert code == 2
    assert err.startswith(f"{CONFIG_NAME}:{line}:{column}: "), err
    assert message in err
    assert "Traceback" not in err
    with pytest.raises(ConfigError):
        load_config(repo / CONFIG_NAME)


def test_unknown_key_suggests_and_lists_the_keys(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.sftpplus-config]\nselect = ["schema"]\nper-file-ignore = {}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(repo / "pyproject.toml")
    assert (caught.value.line, caught.value.column) == (3, 1)
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("did you mean `per-file-ignores`?")


def test_not_utf8_configuration(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / CONFIG_NAME).write_bytes(b"strict = true # \xff\n")
    code, (err,) = rules(capsys, "configuration/server.ini")
    assert code == 2 and err.startswith(f"{CONFIG_NAME}:1:1: not UTF-8")
