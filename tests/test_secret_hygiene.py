"""Canary secrets never appear in any report unless --show-secrets asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sftpplus_config.cli.main import main

CANARY = "CANARY-7f3a9c"
BASE = f"""\
[server]
name = files

[accounts/a1]
name = alice
type = application
password = {CANARY}-pw
group = no-such-group

[vault-items/v1]
name = key
type = ssh-private
content = -----BEGIN OPENSSH PRIVATE KEY-----
  {CANARY}keymaterial
  -----END OPENSSH PRIVATE KEY-----

[resources/r1]
name = mail
type = email-client
password = {CANARY}-smtp {{host.nmae}}
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "server.ini").write_text(BASE)
    (tmp_path / "server.override.ini").write_text(f"[accounts/a1]\npassword = {CANARY}-new\n")
    (tmp_path / "other.ini").write_text(BASE.replace(f"{CANARY}-pw", f"{CANARY}-changed"))
    (tmp_path / "theirs.ini").write_text(BASE.replace(f"{CANARY}-pw", f"{CANARY}-theirs"))
    return tmp_path


COMMANDS = [
    *(["validate", "--format", f, "{d}/server.ini"] for f in ("text", "json", "sarif", "github")),
    ["validate", "--format", "json", "{d}/server.override.ini"],
    ["diff", "{d}/server.ini", "{d}/other.ini"],
    ["diff", "--format", "json", "{d}/server.ini", "{d}/other.ini"],
    ["merge3", "{d}/server.ini", "{d}/other.ini", "{d}/theirs.ini", "-o", "{d}/merged.ini"],
    ["merge", "{d}/server.ini", "{d}/server.override.ini", "--explain"],
    ["merge", "{d}/server.ini", "{d}/server.override.ini", "--explain", "--format", "json"],
    ["render", "{d}/server.ini", "-o", "{d}/rendered.ini"],
    ["check-cluster", "{d}/server.ini", "--nodes", "a,b"],
    ["explain", "accounts/application", "password", "--json"],
    ["set", "{d}/server.ini", "accounts/a1", "password", f"{CANARY}\n#x"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_no_canary_in_output(
    argv: list[str], files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([word.replace("{d}", str(files)) for word in argv])
    captured = capsys.readouterr()
    assert CANARY not in captured.out + captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "{d}/server.ini", "{d}/other.ini", "--show-secrets"],
        ["merge", "{d}/server.ini", "{d}/server.override.ini", "--explain", "--show-secrets"],
    ],
)
def test_show_secrets_shows_them(
    argv: list[str], files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([word.replace("{d}", str(files)) for word in argv])
    assert CANARY in capsys.readouterr().out
