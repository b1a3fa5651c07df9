"""assets: external paths of a configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.assets import asset_root, check_assets, list_assets
from sftpplus_config.cli.main import main

from .conftest import EXAMPLES


@pytest.fixture
def primary(tmp_path: Path) -> Path:
    target = tmp_path / "sftpplus"
    shutil.copytree(EXAMPLES / "assets", target)
    return target / "configuration" / "server.ini"


def test_lists_keys_certificates_vault_files_and_executables(primary: Path) -> None:
    root = primary.parent.parent
    assert asset_root(primary) == root
    rows = [
        (a.category, a.section.split("/")[0], a.option, a.path, a.span.line, a.resolved)
        for a in list_assets(sc.load(primary))
    ]
    assert rows == [
        (
            "vault-content",
            "vault-items",
            "content",
            "configuration/keys/ssh_host_ed25519_key",
            14,
            str(root / "configuration/keys/ssh_host_ed25519_key"),
        ),
        (
            "vault-content",
            "vault-items",
            "content",
            "configuration/keys/files.example.com.pem",
            19,
            str(root / "configuration/keys/files.example.com.pem"),
        ),
        (
            "authentication-file",
            "authentications",
            "path",
            "configuration/partners.passwd",
            24,
            str(root / "configuration/partners.passwd"),
        ),
        (
            "authorized-keys",
            "accounts",
            "ssh_authorized_keys_path",
            "configuration/authorized_keys/partner-acme",
            29,
            str(root / "configuration/authorized_keys/partner-acme"),
        ),
        (
            "executable",
            "event-handlers",
            "executable_path",
            "scripts/scan-upload.sh",
            34,
            str(root / "scripts/scan-upload.sh"),
        ),
        ("log-folder", "event-handlers", "path", "log", 40, str(root / "log")),
        ("database-folder", "resources", None, "configuration", 42, str(root / "configuration")),
    ]


def test_check_passes_then_fails_on_a_missing_file(
    primary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assets", str(primary), "--check"]) == 0
    capsys.readouterr()
    missing = primary.parent / "keys" / "files.example.com.pem"
    missing.unlink()
    assert main(["assets", str(primary), "--check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"], f["column"]) for f in report["findings"]] == [
        ("missing-asset", 19, 11)
    ]
    assert [a["exists"] for a in report["assets"]] == [True, False, True, True, True, True, True]
    assert main(["assets", str(primary)]) == 0  # listing only


def test_root_option_and_placeholders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "server.ini"
    config.write_text(
        "[groups/g]\nssh_authorized_keys_path = /srv/keys/${USER}\n"
        "[services/old]\ntype = ssh\nssh_host_private_keys = keys/rsa, keys/ed25519\n",
        encoding="utf-8",
    )
    assets = list_assets(sc.load(config), tmp_path / "root")
    assert [(a.category, a.path, a.resolved) for a in assets] == [
        ("authorized-keys", "/srv/keys/${USER}", None),
        ("ssh-host-key", "keys/rsa", str(tmp_path / "root/keys/rsa")),
        ("ssh-host-key", "keys/ed25519", str(tmp_path / "root/keys/ed25519")),
    ]
    assert main(["assets", str(config), "--check", "--root", str(tmp_path)]) == 1
    text = capsys.readouterr().out
    assert f"{config}:5:25: error[missing-asset] ssh-host-key file `keys/rsa` not found" in text


def test_external_file_escaping_the_configuration_folder(tmp_path: Path) -> None:
    folder = tmp_path / "configuration"
    folder.mkdir()
    config = folder / "server.ini"
    config.write_text(
        "[vault-items/a]\ncontent = external-file:../../etc/key.pem\n"
        "[vault-items/b]\ncontent = external-file:configuration/sub/../key.pem\n",
        encoding="utf-8",
    )
    findings = check_assets(list_assets(sc.load(config)), folder, missing=False)
    assert [(f.rule, f.severity, f.span.line) for f in findings] == [
        ("external-file-outside-configuration", "warning", 2)
    ]


PEM_IN_PATH_LIST = """\
[services/s1]
type = ssh
ssh_host_private_keys = keys/host.key
  -----BEGIN OPENSSH PRIVATE KEY-----
  b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=
  QUJDREVGR0hJSktMTU5PUA==, with a comma
  -----END OPENSSH PRIVATE KEY-----
  keys/other.key
  -----BEGIN RSA PRIVATE KEY-----
  TUlJRXBBSUJBQUtDQVFFQQ==
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("check", [False, True])
def test_inline_pem_blocks_are_never_listed(
    fmt: str, check: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Key material in a path list is skipped whole (BEGIN, END and every line
    between; an unterminated block to the end of the value), in every format
    and in --check annotations; the real paths around it are still listed."""
    path = tmp_path / "server.ini"
    path.write_text(PEM_IN_PATH_LIST)
    main(["assets", str(path), "--format", fmt, *(["--check"] if check else [])])
    out = capsys.readouterr().out
    for material in ("b3BlbnNz", "QUJDREVG", "with a comma", "TUlJRXBB", "BEGIN", "END"):
        assert material not in out
    if fmt in ("text", "json") or check:
        assert "keys/host.key" in out
        assert "keys/other.key" in out


def test_an_unterminated_quote_in_a_path_list_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was an internal error (exit 3); now a positioned error, exit 1,
    that does not repeat the line."""
    path = tmp_path / "server.ini"
    path.write_text('[services/s1]\ntype = ssh\nssh_host_private_keys = "a.key, b.key\n')
    assert main(["assets", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:25: error[invalid-value] a line of `ssh_host_private_keys` cannot" in out
    assert "a.key" not in out
