"""The schema against the vendor option reference: coverage, defaults, versions, values."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pytest

from sftpplus_config.schema import Catalog

from .conftest import Entry, section_errors, section_name, unexpected_names

#: Number of kind/type/option entries in the reference (its README says so).
#: 1172 in the reference, less the 10 that the docs' prose excludes from
#: their type (semantics.json not_available).
REFERENCE_ENTRIES = 1162

#: Documented values that are deliberately not accepted, with the reason.
NOT_ACCEPTED = {
    ("services", "type", "monitor"): "moved to resources; no services page documents it",
    (
        "event-handlers",
        "dispatch_rules",
        "dispatch-action, file-match-expression, destination-path-1",
    ): "the shape of a rule (placeholders), not a value: the action must be one of the "
    "actions the docs list (semantics.json csv-rule)",
    (
        "event-handlers",
        "dispatch_rules",
        "dispatch-action, file-match-expression, path-1, path-2",
    ): "the shape of a rule (placeholders), as above",
    (
        "event-handlers",
        "dispatch_rules",
        "dispatch-action, file-match-expression",
    ): "the shape of a rule (placeholders), as above",
}

#: Backticked tokens that describe a value rather than name one.
_DESCRIPTIVE = {"url", "uri", "uuids"}
#: Bare words of value lists that describe a value rather than name one.
_DESCRIPTIVE_WORDS = {"text", "number", "url", "json", "path", "empty", "integer"}
_BACKTICKED = re.compile(r"^`+([^`]+?)`+")
_VALUE_TOKEN = re.compile(r"[\w${}.-]+(, [\w.-]+)*")
_BARE = re.compile(
    r"([A-Za-z0-9][\w.-]*[\w-]|[A-Za-z0-9])(\s+\((since|default)[^)]*\))?", re.IGNORECASE
)


def documented_values(values: list[str]) -> list[str]:
    """Values a documented value list names literally.

    Backticked tokens at the start of a bullet (`` `secure` ``,
    `` `Yes` - to start...``), and bare one-word bullets (``AES128``,
    ``gnu (Default before 5.16.0)``, ``0``).  Tokens with spaces, slashes or
    colons are examples of free-form values and are left out.
    """
    found: list[str] = []
    for bullet in values:
        text = bullet.strip()
        backticked = _BACKTICKED.match(text)
        if backticked:
            token = backticked.group(1).strip()
            if _VALUE_TOKEN.fullmatch(token) and token.lower() not in _DESCRIPTIVE:
                found.append(token)
            continue
        bare = _BARE.fullmatch(text)
        if bare and bare.group(1).lower() not in _DESCRIPTIVE_WORDS:
            found.append(bare.group(1))
    return found


def documented_empty(text: str) -> bool:
    """The docs' spellings of an empty default: '', ``''``, Empty, empty."""
    return text.strip().strip("`'\"").lower() in ("", "empty")


def typed_section(catalog: Catalog, entry: Entry) -> dict[str, str]:
    """A minimal raw section of the entry's kind and type."""
    return {"type": entry.type} if entry.type and catalog.types(entry.kind) else {}


def test_reference_has_the_expected_number_of_entries(entries: list[Entry]) -> None:
    assert len(entries) == REFERENCE_ENTRIES


def test_every_reference_entry_is_in_the_catalog(catalog: Catalog, entries: list[Entry]) -> None:
    missing = [e.label for e in entries if catalog.option(e.kind, e.type, e.option) is None]
    assert missing == []
    known = sum(1 for e in entries if catalog.option(e.kind, e.type, e.option) is not None)
    assert known == REFERENCE_ENTRIES


def test_every_reference_entry_is_known_to_the_json_schema(
    catalog: Catalog, validator: Any, entries: list[Entry]
) -> None:
    unknown: list[str] = []
    for entry in entries:
        options = typed_section(catalog, entry) | {entry.option: "x"}
        errors = section_errors(validator, catalog, section_name(entry.kind), options)
        if any(entry.option in unexpected_names(error) for error in errors):
            unknown.append(entry.label)
    assert unknown == []


def test_options_beyond_the_reference_are_marked_undocumented(
    catalog: Catalog, entries: list[Entry]
) -> None:
    documented = {(e.kind, e.type, e.option) for e in entries}
    unmarked = [
        f"{spec.kind}/{spec.type}.{spec.name}"
        for spec in catalog.iter_options()
        if (spec.kind, spec.type, spec.name) not in documented
        and spec.documented
        and not _extra_type(catalog, spec.kind, spec.type)
    ]
    assert unmarked == []


def _extra_type(catalog: Catalog, kind: str, type_: str | None) -> bool:
    """Types we accept that the reference has no page for."""
    if type_ is None:
        return False
    type_def = catalog.schema(f"{kind}.json")["$defs"][f"type-{type_}"]
    return "x-undocumented" in type_def


@pytest.mark.parametrize("name", ["not_an_option", "permission", "zz_typo"])
def test_an_option_name_not_in_the_reference_is_rejected(
    catalog: Catalog, validator: Any, entries: list[Entry], name: str
) -> None:
    kind_types = sorted({(e.kind, e.type) for e in entries}, key=str)
    accepted = []
    for kind, type_ in kind_types:
        options = {"type": type_} if type_ else {}
        errors = section_errors(validator, catalog, section_name(kind), options | {name: "1"})
        if not any(name in unexpected_names(error) for error in errors):
            accepted.append(f"{kind}/{type_}")
    assert accepted == []


def test_unknown_option_with_unknown_or_missing_type_is_still_rejected(
    catalog: Catalog, validator: Any
) -> None:
    for options in ({"type": "no-such-type"}, {}):
        errors = section_errors(
            validator, catalog, "event-handlers/x", options | {"dispatch_rule": "a"}
        )
        assert [n for e in errors for n in unexpected_names(e)] == ["dispatch_rule"]
        # ...while an option of some event handler type is let through.
        errors = section_errors(validator, catalog, "event-handlers/x", options | {"path": "a"})
        assert [n for e in errors for n in unexpected_names(e)] == []


def test_every_documented_value_is_accepted(
    catalog: Catalog, validator: Any, entries: list[Entry]
) -> None:
    checked = 0
    rejected: list[str] = []
    for entry in entries:
        for value in documented_values(entry.raw.get("values", [])):
            if (entry.kind, entry.option, value) in NOT_ACCEPTED:
                continue
            options = typed_section(catalog, entry) | {entry.option: value}
            errors = section_errors(validator, catalog, section_name(entry.kind), options)
            bad = [e for e in errors if list(e.absolute_path)[1:2] == [entry.option]]
            checked += 1
            if bad:
                rejected.append(f"{entry.label} = {value!r}: {bad[0].message}")
    assert rejected == []
    assert checked > 900  # the extraction did find the value lists


def test_excluded_documented_values_are_rejected(catalog: Catalog, validator: Any) -> None:
    for kind, option, value in NOT_ACCEPTED:
        options = {option: value}
        owners = [t for t in catalog.types(kind) if option in catalog.options(kind, t)]
        if owners and option != "type":
            options["type"] = owners[0]  # an option of some types only
        errors = section_errors(validator, catalog, section_name(kind), options)
        assert any(list(e.absolute_path)[:2] == [section_name(kind), option] for e in errors)


def test_closed_value_lists_reject_other_words(catalog: Catalog, validator: Any) -> None:
    closed = 0
    for spec in catalog.iter_options():
        if spec.json_type != "string" or spec.pattern or not spec.values:
            continue
        if spec.schema.get("anyOf") or "enum" not in spec.schema or spec.name == "type":
            continue
        closed += 1
        options = {"type": spec.type} if spec.type else {}
        options[spec.name] = "certainly-not-a-documented-value"
        errors = section_errors(validator, catalog, section_name(spec.kind), options)
        assert any(list(e.absolute_path)[1:] == [spec.name] for e in errors), spec
    assert closed > 40


def test_defaults_match_the_reference(catalog: Catalog, entries: list[Entry]) -> None:
    wrong = []
    for entry in entries:
        spec = catalog.option(entry.kind, entry.type, entry.option)
        assert spec is not None
        documented = str(entry.raw.get("default", ""))
        expected = "" if documented_empty(documented) else documented.strip()
        if spec.default != expected:
            wrong.append(f"{entry.label}: {spec.default!r} != {expected!r}")
    assert wrong == []


def test_since_versions_match_the_reference(catalog: Catalog, entries: list[Entry]) -> None:
    wrong = []
    for entry in entries:
        spec = catalog.option(entry.kind, entry.type, entry.option)
        assert spec is not None
        expected = entry.raw.get("from_version") or None
        if spec.since != expected:
            wrong.append(f"{entry.label}: {spec.since!r} != {expected!r}")
    assert wrong == []


def test_typed_defaults_are_valid_values(catalog: Catalog, validator: Any) -> None:
    with_default = 0
    for spec in catalog.iter_options():
        if "default" not in spec.schema:
            continue
        with_default += 1
        projection: dict[str, Any] = {spec.name: spec.default_value}
        if spec.type is not None:
            projection["type"] = spec.type
        errors = list(validator.iter_errors({section_name(spec.kind): projection}))
        assert [e.message for e in errors if e.validator != "required"] == [], spec.name
    assert with_default > 900


@pytest.mark.parametrize(
    ("kind", "type_", "option", "value"),
    [
        ("accounts", "application", "enabled", True),
        ("accounts", "application", "home_folder_path", "inherit"),
        ("event-handlers", "local-file", "rotate_on", "disabled"),
        ("services", "ftp", "tls_active_session_limit", 7200),
        ("services", "ftp", "ftps_require_session_reuse", True),
        ("locations", "ftp", "debug", False),
        ("server", None, "password_minimum_strength", 4),
        ("services", "ssh", "dh_prime_size", ["1024", "ideal"]),
    ],
)
def test_typed_default_examples(
    catalog: Catalog, kind: str, type_: str | None, option: str, value: object
) -> None:
    spec = catalog.option(kind, type_, option)
    assert spec is not None
    assert spec.default_value == value


@pytest.mark.parametrize(
    ("kind", "type_", "option"),
    [
        ("transfers", None, "destination_uuid"),  # 'Local file system' is prose
        ("services", "ftp", "passive_port_range"),  # prose
        ("locations", "ftp", "port"),  # '`21` or `990 (for implicit FTPS)`'
        ("services", "ssh", "port"),  # required, no default
    ],
)
def test_prose_defaults_have_no_typed_default(
    catalog: Catalog, kind: str, type_: str | None, option: str
) -> None:
    spec = catalog.option(kind, type_, option)
    assert spec is not None
    assert "default" not in spec.schema
    assert spec.default is not None  # ...but the documented text is kept


def test_undocumented_example_options_are_all_judged(
    catalog: Catalog, reference: Mapping[str, Any]
) -> None:
    """Each option the examples use undocumented is either in the catalog
    (accepted) or listed as a rejected vendor typo in overrides.toml."""
    import tomllib

    from .conftest import REPO

    overrides = tomllib.loads(
        (REPO / "tools" / "schema_src" / "overrides.toml").read_text(encoding="utf-8")
    )
    rejected = {(r["kind"], r["option"]) for r in overrides["rejected"]}
    verdicts: Counter[str] = Counter()
    for item in reference["example_options_not_documented"]:
        kind, type_, option = item["kind"], item["type"] or None, item["option"]
        accepted = catalog.option(kind, catalog.canonical_type(kind, type_ or ""), option)
        is_rejected = (kind, option) in rejected
        assert (accepted is not None) != is_rejected, item
        verdicts["accepted" if accepted else "rejected"] += 1
    assert verdicts["accepted"] > 0 and verdicts["rejected"] > 0
