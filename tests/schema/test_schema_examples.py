"""The vendor's own server.ini examples validate, except for known vendor mistakes.

Every example of ``../shared/corpus/docs-examples`` is read with configparser
(for now; the project's own parser will take over), turned into the typed
projection and validated with ``jsonschema``.  The problems found must be
exactly the vendor mistakes listed below, so that a schema regression (a new
false alarm) and a stale entry (a mistake we no longer report) both fail.
"""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sftpplus_config.schema import Catalog
from sftpplus_config.typed import typed_projection

from .conftest import EXAMPLES, unexpected_names

#: A problem: (section, rule, detail), detail being an option name or a value.
Problem = tuple[str, str, str]

#: Examples configparser cannot read in full, and why.
PARSE_PROBLEMS: dict[str, str] = {
    "administration-vault-4.ini": "PEM key lines written at column 0 instead of indented",
    "configuration-events-local-file-3.ini": "continuation line written at column 0",
    "configuration-events-local-file-4.ini": "continuation line written at column 0",
    "transfer-operation-14.ini": "continuation lines written at column 0",
    "operation-client-tls-client-1.ini": "snippet starts with an option outside any section",
    "operation-client-tls-client-2.ini": "snippet starts with an option outside any section",
    "operation-client-tls-client-3.ini": "snippet starts with an option outside any section",
}

#: Vendor typos and legacy names in the examples, one reason each.
VENDOR_MISTAKES: dict[str, dict[Problem, str]] = {
    "administration-admin-authorization-3.ini": {
        ("administrator/dca95a60-dca2", "unknown-kind", ""): "singular of `administrators/`",
    },
    "administration-admin-authorization-4.ini": {
        ("administrator/dca95a60-dca2", "unknown-kind", ""): "singular of `administrators/`",
    },
    "administration-administrators-1.ini": {
        ("administrators/804aab78-70c0-4e1d-8480-4979e169a0a2", "unknown-option", "role"): (
            "the documented option is `roles`"
        ),
    },
    "administration-administrators-2.ini": {
        ("administrators/DEFAULT-ADMINISTRATOR-UUID", "unknown-option", "role"): (
            "the documented option is `roles`"
        ),
    },
    "administration-vault-4.ini": {
        (
            "vault-items/fe05dc22-c3e2-11f0-b316-7fa98849d3b3",
            "unknown-option",
            "yc4zi4pncxmualy98psnaaaacmfkaubpbnmtmtmbagm",
        ): "a PEM line at column 0 read as an option",
    },
    "configuration-analytics-1.ini": {
        ("resources/03c4-1caf-fee0", "unknown-option", "connections_count_trigger"): (
            "typo of `connection_count_trigger`"
        ),
    },
    "configuration-auth-authentication-11.ini": {
        ("accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f4", "invalid-value", "home_folder_path"): (
            "`Inherited` for the documented `inherit`"
        ),
    },
    "configuration-auth-authentication-12.ini": {
        ("accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f4", "invalid-value", "home_folder_path"): (
            "`Inherited` for the documented `inherit`"
        ),
    },
    "configuration-auth-authentication-13.ini": {
        ("accounts/92ad5b32-d8d7-4ed8-94e1-dbb9f01383f5", "invalid-value", "home_folder_path"): (
            "`Inherited` for the documented `inherit`"
        ),
    },
    "configuration-auth-authentication-1.ini": {
        ("server", "unknown-option", "authentication"): "typo of `authentications`",
    },
    "configuration-auth-authentication-5.ini": {
        ("administrators/762dea-81bc-7321-ade3-9721134", "unknown-option", "type"): (
            "administrators have no type; copied from an account"
        ),
    },
    "configuration-auth-groups-4.ini": {
        ("accounts/4b535c97-c15a-4632-8b29-9aca6cff5ce8", "unknown-option", "permission"): (
            "typo of `permissions`"
        ),
    },
    "configuration-auth-groups-5.ini": {
        ("accounts/dc90e2c7-1149-4b8b-9e7e-91f96c4c607a", "unknown-option", "permission"): (
            "typo of `permissions`"
        ),
    },
    "configuration-auth-groups-6.ini": {
        ("accounts/30548ad7-0090-4c44-82d2-cfcc1c4b7351", "unknown-option", "permission"): (
            "typo of `permissions`"
        ),
    },
    "configuration-client-smtp-1.ini": {
        ("location/b9787c72-2c8b-4725-a049-ee628aa0abc1", "unknown-kind", ""): (
            "singular of `locations/` (its `type = stmp` is a typo too)"
        ),
    },
    "configuration-introduction-2.ini": {
        ("event-handlers/6ff190cc-8d34", "unknown-option", "dispatch_rule"): (
            "typo of `dispatch_rules`"
        ),
    },
    "configuration-introduction-3.ini": {
        ("event-handlers/6ff190cc-8d34", "unknown-option", "dispatch_rule"): (
            "typo of `dispatch_rules`"
        ),
    },
    "configuration-introduction-4.ini": {
        ("event-handlers/6ff190cc-8d34", "unknown-option", "dispatch_rule"): (
            "typo of `dispatch_rules`"
        ),
    },
    **{
        f"configuration-matching-expression-{n}.ini": {
            (section, "unknown-option", "source_filter"): (
                "a transfer option shown in a services section"
            ),
        }
        for n, section in [
            *((n, "services/1ee4337a-22f7-4a67-9a77-5c3a508a8158") for n in range(1, 6)),
            *((n, "services/27a31405-a963-4fb9-b4ee-09d415b1a30a") for n in range(6, 10)),
        ]
    },
    "installation-upgrade-to-v2-1.ini": {
        ("services/d7623fb2-4e1f-483e-8599-f5599ac15eb1", "unknown-option", "service_enabled"): (
            "v2 name, now `enabled`"
        ),
    },
    "installation-upgrade-to-v3-1.ini": {
        ("server", "unknown-option", "manager_authentications"): "removed in v3",
    },
    "installation-upgrade-to-v3-2.ini": {
        ("server", "unknown-option", "sftpplus_webadmin"): "removed in v3",
    },
    "installation-upgrade-to-v3-3.ini": {
        (
            "authentications/9g51ed1e-35ec-41d7-8b51-53e56c716313",
            "unknown-type",
            "legacy-webadmin",
        ): ("type removed in v3"),
    },
    "installation-upgrade-to-v3-4.ini": {
        (
            "event-handlers/8cace339-a2ee-4899-b64e-db2478821b9e",
            "unknown-type",
            "account-activity",
        ): ("v3 type, not documented since"),
        ("event-handlers/8cace339-a2ee-4899-b64e-db2478821b9e", "unknown-option", "database"): (
            "v3 option, now `path`"
        ),
    },
    "installation-upgrade-to-v3-7.ini": {
        ("event-handlers/03288e36-cf6b-4kd5-a9be-f421372f17e6", "unknown-option", "format"): (
            "v3 option, now `http_content_type`"
        ),
    },
    "installation-upgrade-to-v3-8.ini": {
        ("databases/27b8e2b1-7971-416d-af14-6a8aae2ac46e", "unknown-kind", ""): (
            "v3 section kind, removed in v4"
        ),
        ("event-handlers/22a9d8fb-068d-4a63-8d5d-0ce94ef22a25", "unknown-option", "database"): (
            "v3 option, now `path`"
        ),
    },
    "installation-upgrade-to-v3-9.ini": {
        ("databases/ac547e16-a3ff-4fc3-a6ab-142af2744f50", "unknown-kind", ""): (
            "v3 section kind, removed in v4"
        ),
        ("event-handlers/7db823d8-05f8-4481-be98-b87a826ded28", "unknown-option", "database"): (
            "v3 option, now `path`"
        ),
    },
    "installation-upgrade-to-v3-11.ini": {
        ("event-handlers/681f5f5d-0502-4ebb-90d5-5d5c549fac6b", "unknown-option", "database"): (
            "v3 option, now `path`"
        ),
    },
    "operation-as2-server-1.ini": {
        ("services/9ac4-1054-f0e4", "unknown-option", "as2_organization"): (
            "not documented for any service"
        ),
    },
    "operation-client-ftp-1.ini": {
        ("locations/234a-bc34-9812", "unknown-option", "tls_mutual_certification_authorities"): (
            "a services option; clients use `tls_trusted_certificates`"
        ),
    },
    "transfer-operation-1.ini": {
        (
            "transfers/15d46e5a-25f6-11e9-87b3-0b5ae5eda581",
            "unknown-option",
            "delete_souorce_parent_delay",
        ): "typo of `delete_source_parent_delay`",
    },
    "transfer-transfers-1.ini": {
        ("transfers/00feb81f-a99d-42f1-a86c-1562c3281bd9", "invalid-value", "recursive"): (
            "`y` is not a boolean spelling (yes/no/true/false/on/off/1/0)"
        ),
    },
}


def example_files() -> list[Path]:
    if not EXAMPLES.is_dir():
        return []
    return sorted(EXAMPLES.glob("*.ini"))


def read_example(path: Path) -> tuple[dict[str, dict[str, str]], bool]:
    """Raw sections of an example (lower-case option names) and whether it
    parsed in full."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    complete = True
    try:
        parser.read(path, encoding="utf-8")
    except configparser.MissingSectionHeaderError:
        return {}, False
    except configparser.ParsingError:
        complete = False  # configparser keeps what it could read
    raw = {name: dict(parser.items(name)) for name in parser.sections()}
    return raw, complete


def problems(raw: dict[str, dict[str, str]], catalog: Catalog, validator: Any) -> Iterator[Problem]:
    projection = typed_projection(raw, catalog)
    for error in validator.iter_errors(projection):
        path = list(error.absolute_path)
        if error.validator == "required":
            continue  # examples are snippets: missing options are expected
        if not path:
            for section in projection:
                if catalog.kind_of(section) is None:
                    yield (section, "unknown-kind", "")
            continue
        section = str(path[0])
        if error.validator == "unevaluatedProperties" and len(path) == 1:
            for name in unexpected_names(error):
                yield (section, "unknown-option", name)
        elif path[1:] == ["type"] and error.validator == "enum":
            yield (section, "unknown-type", str(error.instance))
        else:
            yield (section, "invalid-value", str(path[1]))


@pytest.fixture(scope="module")
def examples() -> list[Path]:
    files = example_files()
    if not files:
        pytest.skip(f"vendor examples not found in {EXAMPLES} (set SFTPPLUS_SHARED)")
    return files


def test_the_corpus_is_complete(examples: list[Path]) -> None:
    assert len(examples) == 280


def test_parse_problems_are_the_known_ones(examples: list[Path]) -> None:
    incomplete = {path.name for path in examples if not read_example(path)[1]}
    assert incomplete == set(PARSE_PROBLEMS)


def test_examples_validate_except_for_vendor_mistakes(
    examples: list[Path], catalog: Catalog, validator: Any
) -> None:
    found: dict[str, set[Problem]] = {}
    for path in examples:
        raw, _ = read_example(path)
        result = set(problems(raw, catalog, validator))
        if result:
            found[path.name] = result
    expected = {name: set(mistakes) for name, mistakes in VENDOR_MISTAKES.items()}
    unexpected = {n: sorted(p - expected.get(n, set())) for n, p in found.items()}
    stale = {n: sorted(p - found.get(n, set())) for n, p in expected.items()}
    assert {n: p for n, p in unexpected.items() if p} == {}
    assert {n: p for n, p in stale.items() if p} == {}


def test_examples_are_mostly_typed(examples: list[Path], catalog: Catalog) -> None:
    """The projection does convert: booleans, numbers and lists appear."""
    kinds_of_values: set[str] = set()
    for path in examples:
        raw, _ = read_example(path)
        for options in typed_projection(raw, catalog).values():
            kinds_of_values.update(type(value).__name__ for value in options.values())
    assert {"bool", "int", "list", "str"} <= kinds_of_values
