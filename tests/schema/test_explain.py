"""``sftpplus-config explain``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sftpplus_config.cli.main import main
from sftpplus_config.schema import Catalog

from .conftest import Entry
from .test_schema_reference import documented_empty, documented_values


def explain_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["explain", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_explain_json_matches_the_reference_for_every_entry(
    catalog: Catalog, entries: list[Entry], capsys: pytest.CaptureFixture[str]
) -> None:
    mismatches: list[str] = []
    for entry in entries:
        target = f"{entry.kind}/{entry.type}" if entry.type else entry.kind
        data = explain_json(capsys, target, entry.option)
        documented = str(entry.raw.get("default", ""))
        expected = {
            "kind": entry.kind,
            "type": entry.type,
            "option": entry.option,
            "default": "" if documented_empty(documented) else documented.strip(),
            "since": entry.raw.get("from_version") or None,
        }
        got = {key: data[key] for key in expected}
        if got != expected:
            mismatches.append(f"{entry.label}: {got} != {expected}")
        if not isinstance(data["secret"], bool) or not data["value_type"]:
            mismatches.append(f"{entry.label}: secret/value_type missing")
        spec = catalog.option(entry.kind, entry.type, entry.option)
        assert spec is not None
        if "enum" in spec.schema and "anyOf" not in spec.schema and entry.option != "type":
            shown = {value.lower() for value in data["values"]}
            words = {word.lower() for word in documented_values(entry.raw.get("values", []))}
            if not words <= shown:
                mismatches.append(f"{entry.label}: values {sorted(words - shown)} not shown")
    assert mismatches == []


def test_explain_option_fields(capsys: pytest.CaptureFixture[str]) -> None:
    data = explain_json(capsys, "services/SFTP", "Port")
    assert data["kind"] == "services"
    assert data["type"] == "ssh"
    assert data["option"] == "port"
    assert data["value_type"] == "port"
    assert (data["minimum"], data["maximum"]) == (1, 65535)
    assert data["required"] is True
    assert data["secret"] is False


def test_explain_secret_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain_json(capsys, "locations/sftp", "password")["secret"] is True
    data = explain_json(capsys, "locations/as2", "as2_encryption_algorithm")
    assert data["values"] == ["3des", "aes128", "aes192", "aes256"]
    assert data["default"] == "aes256"


def test_explain_common_option_of_a_typed_kind(capsys: pytest.CaptureFixture[str]) -> None:
    data = explain_json(capsys, "services", "address")
    assert (data["kind"], data["type"], data["default"]) == ("services", None, "127.0.0.1")


def test_explain_kind_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = explain_json(capsys, "resources")
    assert "analytics" in data["types"]
    assert data["type_aliases"] == {"analytics-engine": "analytics", "process-monitor": "analytics"}
    assert {option["option"] for option in data["options"]} >= {"name", "type"}
    data = explain_json(capsys, "resources/analytics-engine")
    assert data["type"] == "analytics"
    assert "monitor_interval" in {option["option"] for option in data["options"]}


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "event-handlers/local-file", "rotate_count"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "event-handlers/local-file rotate_count"
    assert "default   0" in text
    assert "since     2.1.0" in text
    assert main(["explain", "services"]) == 0
    text = capsys.readouterr().out
    assert "types: _manager_unsecured, ftp" in text
    assert "aliases: sftp = ssh" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["servics"], "unknown kind 'servics'; did you mean 'services'?"),
        (["services/telnet"], "unknown services type 'telnet'"),
        (["server/x"], "server has no types"),
        (["services/ssh", "prot"], "did you mean 'port'?"),
        (["services", "sftp"], "ask for one of: services/ssh"),
    ],
)
def test_explain_unknown_is_exit_1(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", *args]) == 1
    assert message in capsys.readouterr().err


def test_explain_old_names_show_their_history(capsys: pytest.CaptureFixture[str]) -> None:
    role = explain_json(capsys, "administrators", "role")
    assert (role["current"], role["renamed_to"], role["renamed_in"]) == (False, "roles", "4.16.0")
    assert role["migrated_by_sftpplus"] is True and role["fixable"] is True
    roles = explain_json(capsys, "administrators", "roles")
    assert roles["renamed_from"] == [{"option": "role", "since": "4.16.0"}]
    assert roles["removed_in"] is None and roles["renamed_to"] is None
    banner = explain_json(capsys, "services/ssh", "banner")
    assert (banner["removed_in"], banner["renamed_to"]) == ("5.11.0", None)
    assert main(["explain", "services/ssh", "banner"]) == 0
    assert "removed in  5.11.0" in capsys.readouterr().out


def test_explain_deprecated_names(capsys: pytest.CaptureFixture[str]) -> None:
    old = explain_json(capsys, "services/ssh", "rsa_public_key")
    assert (old["current"], old["deprecated_in"], old["removed_in"]) == (False, "3.20.0", None)
    assert main(["explain", "services/ssh", "rsa_public_key"]) == 0
    text = capsys.readouterr().out
    assert "deprecated  since 3.20.0" in text and "converted" not in text
    kind = explain_json(capsys, "authentications/deny-username")
    assert (kind["deprecated_in"], kind["use_instead"]) == ("5.15.0", "security-policies")
    assert main(["explain", "authentications/ip-time-ban"]) == 0
    assert "deprecated since 5.15.0; use [security-policies/…]" in capsys.readouterr().out
    assert explain_json(capsys, "vault-items/pinned-keys")["since"] == "5.22.0"
    methods = explain_json(capsys, "services/ftpsi", "ssl_allowed_methods")
    sslv3 = [v for v in methods["old_values"] if v["value"] == "SSLv3"]
    assert sslv3 and sslv3[0]["deprecated_in"] == "2.8.0" and sslv3[0]["removed_in"] is None
    assert main(["explain", "services/ftpsi", "ssl_allowed_methods"]) == 0
    assert "old value   SSLv3: deprecated since 2.8.0" in capsys.readouterr().out
