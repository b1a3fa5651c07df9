"""The vendor's documentation examples validate as fragments (``--partial``)
with no error finding outside :data:`DOCS_MISTAKES`, the list of mistakes
and legacy snippets in the docs, each with the reason.

The list is compared both ways: a finding that is not in it fails, and so
does an entry that no longer matches a finding (a stale excuse).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sftpplus_config as sc
from sftpplus_config.validation import validate
from tests.conftest import VENDOR_CORPUS, vendor_files

pytestmark = pytest.mark.skipif(
    not vendor_files(), reason=f"vendor examples not found at {VENDOR_CORPUS}"
)

Row = tuple[str, str, str | None, str | None]

_TYPO = "a typo in the docs"
_V3 = "a pre-v4 configuration shown by the upgrade notes as the old form"
_PEM = "PEM lines written at column 0, which no INI reader takes as a value"
_SNIPPET = "a snippet of one option shown without its section"

#: (file, rule, section, option) -> why the docs example is wrong.
DOCS_MISTAKES: dict[Row, str] = {
    (
        "administration-admin-authorization-3.ini",
        "unknown-kind",
        "administrator/dca95a60-dca2",
        None,
    ): "singular `administrator/` for `administrators/`",
    (
        "administration-admin-authorization-4.ini",
        "unknown-kind",
        "administrator/dca95a60-dca2",
        None,
    ): "singular `administrator/` for `administrators/`",
    (
        "administration-vault-4.ini",
        "syntax-error",
        "vault-items/fe05dc22-c3e2-11f0-b316-7fa98849d3b3",
        None,
    ): _PEM,
    (
        "administration-vault-4.ini",
        "syntax-error",
        "vault-items/s1e5e4888-c3e3-11f0-9af6-17be09719478",
        None,
    ): _PEM,
    (
        "administration-vault-4.ini",
        "unknown-option",
        "vault-items/fe05dc22-c3e2-11f0-b316-7fa98849d3b3",
        "yc4zi4pncxmualy98psnaaaacmfkaubpbnmtmtmbagm",
    ): _PEM,
    (
        "configuration-analytics-1.ini",
        "unknown-option",
        "resources/03c4-1caf-fee0",
        "connections_count_trigger",
    ): "typo of `connection_count_trigger`",
    (
        "configuration-auth-authentication-1.ini",
        "unknown-option",
        "server",
        "authentication",
    ): "typo of `authentications`",
    (
        "configuration-auth-authentication-11.ini",
        "invalid-value",
        "accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f4",
        "home_folder_path",
    ): "`Inherited` for the documented `inherit`",
    (
        "configuration-auth-authentication-12.ini",
        "invalid-value",
        "accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f4",
        "home_folder_path",
    ): "`Inherited` for the documented `inherit`",
    (
        "configuration-auth-authentication-13.ini",
        "invalid-value",
        "accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f5",
        "home_folder_path",
    ): "`Inherited` for the documented `inherit`",
    (
        "configuration-auth-authentication-5.ini",
        "unknown-option",
        "administrators/762dea-81bc-7321-ade3-9721134",
        "type",
    ): "administrators have no type (copied from an account)",
    (
        "configuration-auth-groups-4.ini",
        "unknown-option",
        "accounts/4b535c97-c15a-4632-8b29-9aca6cff5ce8",
        "permission",
    ): "singular of `permissions`",
    (
        "configuration-auth-groups-5.ini",
        "unknown-option",
        "accounts/dc90e2c7-1149-4b8b-9e7e-91f96c4c607a",
        "permission",
    ): "singular of `permissions`",
    (
        "configuration-auth-groups-6.ini",
        "unknown-option",
        "accounts/30548ad7-0090-4c44-82d2-cfcc1c4b7351",
        "permission",
    ): "singular of `permissions`",
    (
        "configuration-client-smtp-1.ini",
        "unknown-kind",
        "location/b9787c72-2c8b-4725-a049-ee628aa0abc1",
        None,
    ): "singular `location/` for `locations/`",
    (
        "configuration-events-local-file-3.ini",
        "syntax-error",
        "event-handlers/b904ed23-v254-4ccf-8abd-edcae4d3324f",
        None,
    ): "a value continued at column 0",
    (
        "configuration-events-local-file-4.ini",
        "syntax-error",
        "event-handlers/b904ed23-v254-4ccf-8abd-edcae4d3324f",
        None,
    ): "a value continued at column 0",
    **{
        (
            f"configuration-introduction-{n}.ini",
            "unknown-option",
            "event-handlers/6ff190cc-8d34",
            "dispatch_rule",
        ): "singular of `dispatch_rules`"
        for n in (2, 3, 4)
    },
    **{
        (
            f"configuration-matching-expression-{n}.ini",
            "unknown-option",
            section,
            "source_filter",
        ): "a transfer option shown in a services section"
        for n, section in [
            *[(n, "services/1ee4337a-22f7-4a67-9a77-5c3a508a8158") for n in range(1, 6)],
            *[(n, "services/27a31405-a963-4fb9-b4ee-09d415b1a30a") for n in range(6, 10)],
        ]
    },
    (
        "guides-q-and-a-1.ini",
        "removed-option",
        "groups/DEFAULT_GROUP",
        "type",
    ): "groups lost `type` in 2.0.0 (semantics.json removed, still_used)",
    (
        "guides-q-and-a-2.ini",
        "removed-option",
        "groups/DEFAULT_GROUP",
        "type",
    ): "groups lost `type` in 2.0.0 (semantics.json removed, still_used)",
    (
        "guides-q-and-a-2.ini",
        "removed-option",
        "groups/eg3b699a-8954-4257-aabe-437e21f37a10",
        "type",
    ): "groups lost `type` in 2.0.0 (semantics.json removed, still_used)",
    (
        "guides-q-and-a-3.ini",
        "removed-option",
        "groups/03288e36-cg9b-4bd5-a9be-f421372f17e6",
        "type",
    ): "groups lost `type` in 2.0.0 (semantics.json removed, still_used)",
    (
        "installation-upgrade-to-v2-1.ini",
        "unknown-option",
        "services/d7623fb2-4e1f-483e-8599-f5599ac15eb1",
        "service_enabled",
    ): "the v1 server.config option shown by the v2 upgrade notes",
    ("installation-upgrade-to-v3-2.ini", "removed-option", "server", "sftpplus_webadmin"): _V3,
    (
        "installation-upgrade-to-v3-3.ini",
        "removed-option",
        "authentications/9g51ed1e-35ec-41d7-8b51-53e56c716313",
        "type",
    ): _V3,
    (
        "installation-upgrade-to-v3-4.ini",
        "unknown-option",
        "event-handlers/8cace339-a2ee-4899-b64e-db2478821b9e",
        "database",
    ): _V3,
    (
        "installation-upgrade-to-v3-7.ini",
        "unknown-option",
        "event-handlers/03288e36-cf6b-4kd5-a9be-f421372f17e6",
        "format",
    ): _V3,
    (
        "installation-upgrade-to-v3-8.ini",
        "removed-option",
        "databases/27b8e2b1-7971-416d-af14-6a8aae2ac46e",
        None,
    ): _V3,
    (
        "installation-upgrade-to-v3-9.ini",
        "removed-option",
        "databases/ac547e16-a3ff-4fc3-a6ab-142af2744f50",
        None,
    ): _V3,
    (
        "operation-as2-server-1.ini",
        "unknown-option",
        "services/9ac4-1054-f0e4",
        "as2_organization",
    ): "documented nowhere (AS2 identities are set on locations)",
    (
        "operation-client-ftp-1.ini",
        "unknown-option",
        "locations/234a-bc34-9812",
        "tls_mutual_certification_authorities",
    ): "a server-side option in a client example (means `tls_trusted_certificates`)",
    (
        "operation-client-tls-client-1.ini",
        "option-outside-section",
        None,
        "as2_partner_trusted_certificates",
    ): _SNIPPET,
    (
        "operation-client-tls-client-2.ini",
        "option-outside-section",
        None,
        "tls_trusted_certificates",
    ): _SNIPPET,
    (
        "operation-client-tls-client-3.ini",
        "option-outside-section",
        None,
        "tls_trusted_certificates",
    ): _SNIPPET,
    (
        "transfer-operation-1.ini",
        "unknown-option",
        "transfers/15d46e5a-25f6-11e9-87b3-0b5ae5eda581",
        "delete_souorce_parent_delay",
    ): _TYPO,
    (
        "transfer-operation-14.ini",
        "duplicate-option",
        "transfers/99feb83f-a99d-42f1-a86c-1562c3281bb6",
        "execute_on_destination_before",
    ): "two commands written as two options instead of continuation lines",
    (
        "transfer-operation-14.ini",
        "syntax-error",
        "transfers/99feb83f-a99d-42f1-a86c-1562c3281bb6",
        None,
    ): "commands written at column 0 instead of continuation lines",
    (
        "transfer-transfers-1.ini",
        "invalid-value",
        "transfers/00feb81f-a99d-42f1-a86c-1562c3281bd9",
        "recursive",
    ): "`y` is not one of the documented yes/no words",
}


def _errors() -> set[Row]:
    found: set[Row] = set()
    for path in vendor_files():
        for finding in validate(sc.load(path), partial=True).findings:
            if finding.severity == "error":
                found.add((path.name, finding.rule, finding.section, finding.option))
    return found


def test_vendor_examples_have_no_error_outside_the_docs_mistakes() -> None:
    assert len(vendor_files()) == 280
    found = _errors()
    assert sorted(found - DOCS_MISTAKES.keys()) == []  # new errors
    assert sorted(DOCS_MISTAKES.keys() - found) == []  # stale excuses
    assert all(reason.strip() for reason in DOCS_MISTAKES.values())


def _findings(name: str) -> list[tuple[str, str, str | None]]:
    doc = sc.load(Path(VENDOR_CORPUS) / name)
    return [(f.rule, f.severity, f.option) for f in validate(doc, partial=True).findings]


def test_role_is_a_renamed_option_warning() -> None:
    assert ("renamed-option", "warning", "role") in _findings("administration-administrators-1.ini")


def test_pinned_keys_vault_items_are_known() -> None:
    rules = {rule for rule, _, _ in _findings("operation-client-tls-client-2.ini")}
    assert "unknown-type" not in rules
    assert "newer-than-target" in {
        f.rule
        for f in validate(
            sc.load(Path(VENDOR_CORPUS) / "operation-client-tls-client-2.ini"),
            partial=True,
            target_version="5.21.0",
        ).findings
    }
