"""Canary secrets never appear in any report unless --show-secrets asks.

A canary is planted in every shape of secret the redaction policy knows
(``sftpplus_config.secrets``): an option the schema marks secret, one only
the name list knows, an invalid value of a secret option, a password line
without its delimiter, a pasted key that lost its indentation, brace
fragments inside a password, URL user information, credentials headers, a
second-factor secret, PEM blocks in a path list and in vault content, a
secret's continuation line that looks like an option. Then every reporting
command runs in every format it has, and the canary must not be in what it
prints."""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.acceptance import refusals
from sftpplus_config.cli.main import main
from sftpplus_config.cli.reporters import FORMATS

CANARY = "CANARY-7f3a9c"
BASE = f"""\
[server]
name = files
product_key = {CANARY}-product

[accounts/a1]
name = alice
type = application
password = {CANARY}-pw
group = no-such-group

[accounts/a2]
name = bob
type = os
multi_factor_authentication = {CANARY}-mfa

[accounts/a3]
name = carol
type = application
password = {CANARY}-indented
  name = {CANARY}-looks-like-an-option
password {CANARY}-no-delimiter

[vault-items/v1]
name = key
type = ssh-private
content = -----BEGIN OPENSSH PRIVATE KEY-----
  {CANARY}keymaterial
{CANARY}unindentedkeyline
  -----END OPENSSH PRIVATE KEY-----

[services/s1]
name = sftp
type = ssh
ssh_host_private_keys = keys/host.key
  -----BEGIN RSA PRIVATE KEY-----
  {CANARY}hostkeyline
  -----END RSA PRIVATE KEY-----

[resources/r1]
name = mail
type = email-client
password = {CANARY}-smtp {{host.nmae}} ab{{{CANARY}brace}}ef

[event-handlers/h1]
name = hook
type = http
url = https://user:{CANARY}-url@hooks.example.com/x
headers = Authorization: Bearer {CANARY}-bearer
  X-Api-Key: {CANARY}-apikey

[event-handlers/h2]
name = log
type = local-file
path = log/{{host.nmae}}.log
"""
INVENTORY = """\
[cluster]
base = "server.ini"
mode = "per-node"

[[nodes]]
name = "a"
host = { name = "a", fqdn = "a.example.com" }

[[nodes]]
name = "b"
host = { name = "b", fqdn = "b.example.com" }
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "server.ini").write_text(BASE)
    (tmp_path / "server.override.ini").write_text(
        f"[accounts/a1]\npassword = {CANARY}-new\n[event-handlers/h1]\n"
        f"url = https://{CANARY}-token@hooks.example.com/y\n"
    )
    changed = BASE.replace(CANARY, CANARY + "-changed")
    (tmp_path / "other.ini").write_text(changed)
    (tmp_path / "theirs.ini").write_text(BASE.replace(CANARY, CANARY + "-theirs"))
    (tmp_path / "inventory.toml").write_text(INVENTORY)
    # the base without the lines commands refuse a file for (merge refuses
    # the base itself), secrets kept
    refused = {f.span.line for f in refusals(sc.loads(BASE))}
    lines = BASE.splitlines(keepends=True)
    (tmp_path / "clean.ini").write_text(
        "".join(line for number, line in enumerate(lines, 1) if number not in refused)
    )
    return tmp_path


def _each_format(*argv: str) -> list[list[str]]:
    return [[*argv, "--format", fmt] for fmt in FORMATS]


COMMANDS = [
    *_each_format("validate", "{d}/server.ini"),
    *_each_format("validate", "{d}/server.override.ini"),
    *_each_format("validate", "{d}/server.ini", "--max-findings", "2"),
    ["diff", "{d}/server.ini", "{d}/other.ini"],
    ["diff", "--format", "json", "{d}/server.ini", "{d}/other.ini"],
    ["diff", "--no-renames", "{d}/server.ini", "{d}/theirs.ini"],
    ["merge3", "{d}/server.ini", "{d}/other.ini", "{d}/theirs.ini", "-o", "{d}/merged.ini"],
    *_each_format("merge", "{d}/server.ini", "{d}/server.override.ini", "--explain"),
    *_each_format("merge", "{d}/server.ini", "{d}/server.override.ini", "-o", "{d}/m.ini"),
    *_each_format("render", "{d}/server.ini", "-o", "{d}/rendered.ini"),
    *_each_format("check-cluster", "{d}/server.ini", "--nodes", "a,b"),
    *_each_format("check-cluster", "{d}/server.ini", "{d}/other.ini"),
    *_each_format("assets", "{d}/server.ini"),
    *_each_format("assets", "{d}/server.ini", "--check"),
    *_each_format("build", "{d}/inventory.toml", "-o", "{d}/out"),
    ["explain", "accounts/application", "password", "--json"],
    ["set", "{d}/server.ini", "accounts/a1", "password", f"{CANARY}\n#x"],
    ["rebase", "{d}/server.ini", "{d}/other.ini", "{d}/theirs.ini", "-o", "{d}/rebased.ini"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:1] + a[-2:]))
def test_no_canary_in_output(
    argv: list[str], files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([word.replace("{d}", str(files)) for word in argv])
    captured = capsys.readouterr()
    assert code in (0, 1, 2), captured.err
    assert "internal error" not in captured.err
    assert CANARY not in captured.out + captured.err


def test_the_canary_file_has_the_findings_that_used_to_leak(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The planted secrets are reported (by rule and place), so the test
    above checks the messages that once quoted them."""
    main(["validate", "--format", "json", str(files / "server.ini")])
    import json

    found = {(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]}
    assert ("invalid-value", 3) in found  # product_key
    assert ("indented-option", 20) in found  # a secret's continuation line
    assert ("syntax-error", 21) in found  # password without delimiter
    assert ("syntax-error", 28) in found  # unindented key line
    assert ("unknown-variable", 42) in found  # braces in a password
    assert ("unknown-option", 14) in found  # multi_factor_authentication of an os account


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "{d}/server.ini", "{d}/other.ini", "--show-secrets"],
        ["merge", "{d}/clean.ini", "{d}/server.override.ini", "--explain", "--show-secrets"],
    ],
)
def test_show_secrets_shows_them(
    argv: list[str], files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([word.replace("{d}", str(files)) for word in argv])
    assert CANARY in capsys.readouterr().out
