"""The typed projection (``sftpplus_config.typed``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sftpplus_config.schema import Catalog, load_catalog
from sftpplus_config.typed import BOOLEAN_WORDS, convert_value, typed_projection

from .conftest import section_errors, unexpected_names


def project(catalog: Catalog, section: str, **options: str) -> dict[str, Any]:
    return typed_projection({section: options}, catalog)[section]


def spec_of(kind: str, type_: str | None, option: str) -> Any:
    spec = load_catalog().option(kind, type_, option)
    assert spec is not None
    return spec


def case_variants(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flags: "".join(c.upper() if up else c for c, up in zip(word, flags, strict=True))
    )


@given(st.sampled_from(sorted(BOOLEAN_WORDS)).flatmap(case_variants))
def test_boolean_spellings_any_case(word: str) -> None:
    spec = spec_of("services", "ssh", "sftp")
    assert convert_value(word, spec) is BOOLEAN_WORDS[word.lower()]
    assert convert_value(f"  {word}\n", spec) is BOOLEAN_WORDS[word.lower()]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(number: int) -> None:
    assert convert_value(str(number), spec_of("services", "ssh", "port")) == number


@given(st.text())
def test_convert_never_fails_and_gives_json_types(text: str) -> None:
    for spec in (
        spec_of("services", "ssh", "port"),
        spec_of("services", "ssh", "sftp"),
        spec_of("event-handlers", "local-file", "target"),
        spec_of("accounts", "application", "permissions"),
        spec_of("event-handlers", "http", "retry_increase"),
        spec_of("server", None, "name"),
    ):
        value = convert_value(text, spec)
        assert isinstance(value, bool | int | float | str | list)


def test_values_that_do_not_convert_stay_strings(catalog: Catalog) -> None:
    typed = project(catalog, "services/x", type="ssh", port="eighty", sftp="maybe")
    assert typed == {"type": "ssh", "port": "eighty", "sftp": "maybe"}


def test_numbers(catalog: Catalog) -> None:
    typed = project(catalog, "event-handlers/x", type="http", retry_increase="0.5", timeout="30")
    assert typed["retry_increase"] == 0.5
    assert typed["timeout"] == 30


def test_documented_words_any_case(catalog: Catalog) -> None:
    typed = project(
        catalog,
        "accounts/x",
        allow_certificate_authentication="INHERIT",
        home_folder_path="Inherit",
        create_home_folder="yes",
    )
    assert typed == {
        "allow_certificate_authentication": "inherit",
        "home_folder_path": "inherit",
        "create_home_folder": True,
    }
    assert project(catalog, "event-handlers/x", type="http", request_method="post") == {
        "type": "http",
        "request_method": "POST",
    }


def test_comma_lists(catalog: Catalog) -> None:
    typed = project(catalog, "event-handlers/x", type="syslog", target="!20156, ! 20127,\n50002,")
    assert typed["target"] == ["!20156", "!20127", "50002"]


def test_line_lists(catalog: Catalog) -> None:
    typed = project(
        catalog, "groups/x", permissions="\nallow-read, allow-list\n\n/inbox/*, allow-write\n"
    )
    assert typed["permissions"] == ["allow-read, allow-list", "/inbox/*, allow-write"]


def test_whole_value_words_of_lists_stay_words(catalog: Catalog) -> None:
    typed = project(catalog, "services/x", type="ftp", ssl_allowed_methods="Secure")
    assert typed["ssl_allowed_methods"] == "secure"
    typed = project(catalog, "services/x", type="ftp", ssl_allowed_methods="TLSv1.2, tlsv1.3")
    assert typed["ssl_allowed_methods"] == ["tlsv1.2", "tlsv1.3"]


def test_empty_values_stay_empty(catalog: Catalog) -> None:
    typed = project(catalog, "accounts/x", email="", enabled="", group="   ")
    assert typed == {"email": "", "enabled": "", "group": ""}


def test_strings_are_trimmed(catalog: Catalog) -> None:
    typed = project(catalog, "server", description="\nfirst line\nsecond line\n")
    assert typed["description"] == "first line\nsecond line"


def test_option_names_are_lower_cased(catalog: Catalog) -> None:
    assert project(catalog, "server", UUID="abc", Name="n") == {"uuid": "abc", "name": "n"}


@pytest.mark.parametrize(
    ("section", "written", "canonical"),
    [
        ("services/x", "SFTP", "ssh"),
        ("services/x", "Ssh", "ssh"),
        ("resources/x", "analytics-engine", "analytics"),
        ("services/x", "Telnet", "telnet"),  # unknown: lower-cased, left for the schema
    ],
)
def test_type_is_canonicalised(
    catalog: Catalog, section: str, written: str, canonical: str
) -> None:
    assert project(catalog, section, type=written)["type"] == canonical


def test_type_decides_the_option_forms(catalog: Catalog) -> None:
    # `sftp` is a boolean of ssh services; an alias in any case still finds it.
    assert project(catalog, "services/x", type="SFTP", sftp="no")["sftp"] is False


def test_accounts_default_to_application(catalog: Catalog) -> None:
    assert project(catalog, "accounts/x", password_lifetime="10") == {"password_lifetime": 10}


def test_unknown_kinds_pass_through(catalog: Catalog) -> None:
    assert typed_projection({"logs/x": {"Enabled": "Yes"}}, catalog) == {
        "logs/x": {"enabled": "Yes"}
    }


def test_typeless_kind_with_accepted_type_option(catalog: Catalog) -> None:
    assert project(catalog, "groups/x", type="group", enabled="no") == {
        "type": "group",
        "enabled": False,
    }


def test_invalid_value_does_not_hide_other_options(catalog: Catalog, validator: Any) -> None:
    """An invalid value is reported at its option; the other options of the
    section are not reported as unknown because of it."""
    errors = section_errors(
        validator,
        catalog,
        "services/x",
        {"type": "ssh", "port": "eighty", "name": "n", "sftp": "yes", "typo": "1"},
    )
    assert sorted(tuple(e.absolute_path) for e in errors) == [
        ("services/x",),
        ("services/x", "port"),
    ]
    assert [n for e in errors for n in unexpected_names(e)] == ["typo"]


def test_projection_of_a_valid_section_validates(catalog: Catalog, validator: Any) -> None:
    errors = section_errors(
        validator,
        catalog,
        "event-handlers/x",
        {
            "type": "local-file",
            "name": "Log",
            "path": "/var/log/sftpplus-{host.name}.log",
            "rotate_on": "00:00 time-of-day",
            "rotate_count": "-1",
            "target": "!20156, !20127",
            "enabled": "On",
            "cluster_activation": "controller",
        },
    )
    assert errors == []


def test_boolean_words_agree_with_parse_bool() -> None:
    from sftpplus_config.values import parse_bool

    for word, value in BOOLEAN_WORDS.items():
        assert parse_bool(word) is value


def test_comma_items_may_be_quoted(catalog: Catalog) -> None:
    typed = project(catalog, "services/x", type="https", accepted_origins='a.example, "b,c", d')
    assert typed["accepted_origins"] == ["a.example", "b,c", "d"]
    # A broken quote falls back to splitting on every comma.
    typed = project(catalog, "services/x", type="https", accepted_origins='"a, b')
    assert typed["accepted_origins"] == ['"a', "b"]


def test_non_ascii_digits_are_not_integers(catalog: Catalog) -> None:
    assert project(catalog, "services/x", type="ssh", port="٢٢")["port"] == "٢٢"


def test_documented_defaults_convert_to_the_schema_default(catalog: Catalog) -> None:
    """The generator (stdlib only) and this module type defaults the same way."""
    import re

    checked = 0
    for spec in catalog.iter_options():
        if "default" not in spec.schema or spec.default is None:
            continue
        cleaned = re.sub(r"\s*\([^)]*\)\s*$", "", spec.default).strip().strip("`").strip()
        assert convert_value(cleaned, spec) == spec.default_value, spec.name
        checked += 1
    assert checked > 900
