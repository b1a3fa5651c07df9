"""The runtime catalog (``sftpplus_config.schema``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sftpplus_config.schema import (
    Catalog,
    OptionSpec,
    SchemaNotFoundError,
    load_catalog,
    schema_directory,
)

from .conftest import REPO


def test_load_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()


def test_schema_directory_holds_the_files() -> None:
    directory = schema_directory()
    assert (directory / "server-ini.json").is_file()


def test_catalog_reads_any_directory() -> None:
    catalog = Catalog.from_directory(REPO / "schema")
    assert catalog.kinds() == load_catalog().kinds()


def test_missing_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(SchemaNotFoundError):
        Catalog.from_directory(tmp_path)


def test_the_catalog_module_does_not_import_jsonschema() -> None:
    code = (
        "import sys, sftpplus_config.schema as s, sftpplus_config.typed\n"
        "s.load_catalog().option('services', 'ssh', 'port')\n"
        "assert 'jsonschema' not in sys.modules, 'jsonschema imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_kinds(catalog: Catalog) -> None:
    assert len(catalog.kinds()) == 14
    assert "server" in catalog.kinds()
    assert catalog.types("server") == ()
    assert catalog.types("no-such-kind") == ()


def test_types_include_the_accepted_extras(catalog: Catalog) -> None:
    assert "ssh" in catalog.types("services")
    assert "monitor" not in catalog.types("services")
    assert "_manager_unsecured" in catalog.types("services")
    assert {"private-certificate", "trusted-certificates"} <= set(catalog.types("vault-items"))


@pytest.mark.parametrize(
    ("kind", "raw", "canonical"),
    [
        ("services", "SSH", "ssh"),
        ("services", "sftp", "ssh"),
        ("services", " Sftp ", "ssh"),
        ("resources", "analytics-engine", "analytics"),
        ("resources", "Analytics", "analytics"),
        ("locations", "FTPSE", "ftpse"),
        ("services", "monitor", None),
        ("services", "telnet", None),
        ("groups", "group", None),
        ("no-such-kind", "x", None),
    ],
)
def test_canonical_type(catalog: Catalog, kind: str, raw: str, canonical: str | None) -> None:
    assert catalog.canonical_type(kind, raw) == canonical


def test_default_type(catalog: Catalog) -> None:
    assert catalog.default_type("accounts") == "application"
    assert catalog.default_type("services") is None


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("server", "server"),
        ("accounts/1234", "accounts"),
        ("event-handlers/a/b", "event-handlers"),
        ("Server", None),
        ("accounts", None),
        ("accounts/", None),
        ("server/x", None),
        ("administrator/x", None),
        ("DEFAULT", None),
    ],
)
def test_kind_of(catalog: Catalog, section: str, kind: str | None) -> None:
    assert catalog.kind_of(section) == kind


def test_option_lookup_is_case_insensitive(catalog: Catalog) -> None:
    assert catalog.option("services", "ssh", "PORT") == catalog.option("services", "ssh", "port")


def test_unknown_type_gives_the_common_options(catalog: Catalog) -> None:
    common = catalog.options("services", None)
    assert catalog.options("services", "telnet") == common
    assert "port" in common
    assert "sftp" not in common
    assert "sftp" in catalog.options("services", "ssh")


def test_common_options_are_seen_from_their_type(catalog: Catalog) -> None:
    spec = catalog.option("services", "ssh", "port")
    assert spec is not None
    assert (spec.kind, spec.type) == ("services", "ssh")


def test_type_overrides_win_over_common_options(catalog: Catalog) -> None:
    common = catalog.option("locations", None, "name")
    smtp = catalog.option("locations", "smtp", "name")
    assert common is not None and smtp is not None
    assert (common.since, smtp.since) == ("2.8.0", "5.12.0")


def test_port_spec(catalog: Catalog) -> None:
    spec = catalog.option("services", "ftp", "port")
    assert spec is not None
    assert (spec.json_type, spec.minimum, spec.maximum) == ("integer", 1, 65535)
    assert spec.required


@pytest.mark.parametrize(
    ("kind", "type_", "option", "secret"),
    [
        ("accounts", "application", "password", True),
        ("administrators", None, "password", True),
        ("locations", "sftp", "password", True),
        ("event-handlers", "openpgp", "passphrase", True),
        ("vault-items", "ssh-private", "content", True),
        ("accounts", "application", "multi_factor_authentication", True),
        ("cluster-nodes", None, "password", True),
        ("event-handlers", "extract-archive", "password", False),
        ("accounts", "application", "name", False),
        ("accounts", "application", "ssh_authorized_keys_content", False),
    ],
)
def test_secret_flags(
    catalog: Catalog, kind: str, type_: str | None, option: str, secret: bool
) -> None:
    spec = catalog.option(kind, type_, option)
    assert spec is not None
    assert spec.secret is secret


@pytest.mark.parametrize(
    ("kind", "type_", "option", "references"),
    [
        ("accounts", "application", "group", ("groups",)),
        ("server", None, "authentications", ("authentications",)),
        ("services", "ftp", "authentications", ("authentications",)),
        ("services", "ftp", "security_policy", ("security-policies",)),
        ("services", "https", "tls_private_certificate", ("vault-items",)),
        ("services", "https", "api_backend_uuid", ("event-handlers",)),
        ("accounts", "application", "as2_trusted_certificates", ("vault-items",)),
        ("transfers", None, "destination_uuid", ("locations",)),
        ("transfers", None, "source_uuid", ("locations",)),
        ("event-handlers", "local-file", "cluster_activation", ("cluster-nodes",)),
        ("event-handlers", "local-file", "user_groups", ("groups", "roles")),
        ("authentications", "ldap", "second_factor_authentication", ("authentications",)),
        ("authentications", "anonymous", "anonymous_account_uuid", ("accounts",)),
        ("administrators", None, "roles", ("roles",)),
        # ids in the third and later fields of each rule (x-reference-position)
        ("authentications", "ldap", "group_mapping", ("groups",)),
        # ids mixed with e-mail addresses and templates (x-reference-also)
        ("event-handlers", "email-sender", "email_to_recipients", ("groups", "accounts")),
    ],
)
def test_references(
    catalog: Catalog, kind: str, type_: str | None, option: str, references: tuple[str, ...]
) -> None:
    spec = catalog.option(kind, type_, option)
    assert spec is not None
    assert spec.references == references


def test_reference_kinds_exist(catalog: Catalog) -> None:
    for spec in catalog.iter_options():
        assert set(spec.references) <= set(catalog.kinds()) - {"server"}, spec.name


def test_undocumented_options_say_why(catalog: Catalog) -> None:
    spec = catalog.option("event-handlers", "syslog", "enabled")
    assert spec is not None
    assert not spec.documented
    assert spec.since is None and spec.default is None
    assert spec.schema["x-undocumented"]


def test_every_option_has_a_description(catalog: Catalog) -> None:
    for spec in catalog.iter_options():
        assert spec.description.strip(), spec


def test_option_spec_is_frozen(catalog: Catalog) -> None:
    spec = catalog.option("server", None, "uuid")
    assert isinstance(spec, OptionSpec)
    with pytest.raises(AttributeError):
        spec.name = "other"  # type: ignore[misc]
