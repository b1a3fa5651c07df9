"""The compiled schema checks report exactly what ``jsonschema`` reports.

``jsonschema`` over the typed projection is the reference implementation of
``schema/``; the validator's compiled checks must find the same (section,
option, rule) problems on every vendor example, on our own corpus and on
generated sections whose values are drawn from each option's documented
forms, plus garbage.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import sftpplus_config as sc
from sftpplus_config.schema import Catalog, OptionSpec, load_catalog
from sftpplus_config.typed import typed_projection
from sftpplus_config.validation import RULE_GROUPS, validate
from tests.conftest import corpus_params
from tests.schema.conftest import build_registry, unexpected_names

Problem = tuple[str, str | None, str]
#: ignored-option comes from the schema's x-conditions annotations, which
#: JSON Schema does not evaluate: it is not compared.
SCHEMA_RULES = frozenset(RULE_GROUPS["schema"]) - {"ignored-option"}
HISTORY_RULES = frozenset({"renamed-option", "removed-option", "deprecated-option"})


@functools.cache
def reference_validator() -> Any:
    catalog = load_catalog()
    return Draft202012Validator(catalog.schema("server-ini.json"), registry=build_registry(catalog))


def reference_problems(doc: sc.Document, catalog: Catalog) -> set[Problem]:
    """What ``jsonschema`` finds, as (section, option, rule) (docs/schema.md)."""
    projection = typed_projection(doc.to_dict(), catalog)
    found: set[Problem] = set()
    for error in reference_validator().iter_errors(projection):
        path = list(error.absolute_path)
        if not path:
            assert error.validator == "additionalProperties"
            for section_name in projection:
                kind = catalog.kind_of(section_name)
                if kind is None:
                    found.add((section_name, None, "unknown-kind"))
                elif kind != "server" and set(section_name.partition("/")[2]) & set("/|"):
                    found.add((section_name, None, "invalid-section-id"))
            continue
        section = str(path[0])
        if error.validator == "unevaluatedProperties" and len(path) == 1:
            found.update((section, name, "unknown-option") for name in unexpected_names(error))
        elif error.validator == "required" and len(path) == 1:
            name = re.match(r"'([^']+)'", str(error.message))
            assert name is not None
            found.add((section, name.group(1), "missing-option"))
        elif path[1:] == ["type"] and error.validator == "enum":
            found.add((section, "type", "unknown-type"))
        else:
            found.add((section, str(path[1]), "invalid-value"))
    return found


def _history_as_schema(doc: sc.Document, finding: Any) -> Problem | None:
    """What JSON Schema reports where we report an old name: the old name is
    not in the schema (unknown-*), or an old value is not a valid one
    (invalid-value); an old name the schema still has gives nothing."""
    catalog = load_catalog()
    section = str(finding.section)
    kind = catalog.kind_of(section)
    if kind is None:
        return (section, None, "unknown-kind")
    values = {k.lower(): v for k, v in doc.to_dict()[section].items()}
    written = values.get("type")
    type_ = catalog.canonical_type(kind, written) if written is not None else None
    if written is None and catalog.types(kind):
        type_ = catalog.default_type(kind)
    if finding.option == "type" and catalog.types(kind) and type_ is None:
        return (section, "type", "unknown-type")
    from sftpplus_config.rules._plan import plan_for

    plan = plan_for(catalog, kind, type_)
    if finding.option not in plan.checks:
        return (section, finding.option, "unknown-option")
    check = plan.checks[finding.option]
    if check is not None and not check(values[finding.option]):
        return (section, finding.option, "invalid-value")
    return None


def our_problems(doc: sc.Document) -> set[Problem]:
    found: set[Problem] = set()
    for f in validate(doc, select=SCHEMA_RULES | HISTORY_RULES).findings:
        if f.rule in HISTORY_RULES:
            mapped = _history_as_schema(doc, f)
            if mapped is not None:
                found.add(mapped)
            continue
        plain = f.rule in ("unknown-kind", "invalid-section-id")
        found.add((str(f.section), None if plain else f.option, f.rule))
    return found


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_files_give_the_same_problems(path: Path) -> None:
    doc = sc.load(path)
    assert our_problems(doc) == reference_problems(doc, load_catalog())


# -- generated sections --------------------------------------------------------------------
BOOLEANS = ["yes", "No", "TRUE", "off", "1", "0", "y", "maybe"]
SAFE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    max_size=12,
).map(lambda t: t.replace("\x85", "").strip())


def _mixed_case(draw: st.DrawFn, word: str) -> str:
    return draw(st.sampled_from([word, word.upper(), word.capitalize(), word.lower()]))


@st.composite
def item_text(draw: st.DrawFn, spec: OptionSpec) -> str:
    choices: list[st.SearchStrategy[str]] = [SAFE_TEXT]
    if spec.item_values:
        choices.append(st.sampled_from(spec.item_values))
    if spec.item_pattern:
        choices.append(st.from_regex(spec.item_pattern, fullmatch=True))
    item: str = draw(st.one_of(*choices))
    if spec.negatable and draw(st.booleans()):
        item = "!" + draw(st.sampled_from(["", " "])) + item
    return item


@st.composite
def value_text(draw: st.DrawFn, spec: OptionSpec | None) -> str:
    """A raw value from the option's documented forms, or garbage."""
    forms: list[st.SearchStrategy[str]] = [SAFE_TEXT, st.just("")]
    if spec is not None:
        if spec.values:
            forms.append(st.sampled_from(spec.values).map(str))
        if spec.default:
            forms.append(st.just(spec.default))
        if spec.json_type == "boolean":
            forms.append(st.sampled_from(BOOLEANS))
        if spec.json_type in ("integer", "number"):
            low = int(spec.minimum) - 2 if spec.minimum is not None else -5
            high = int(spec.maximum) + 2 if spec.maximum is not None else 100_000
            forms.append(st.integers(low, high).map(str))
            forms.append(st.sampled_from(["1.5", "12abc", "+3", "٣"]))
        if spec.pattern:
            forms.append(st.from_regex(spec.pattern, fullmatch=True))
        if spec.json_type == "array":
            separator = (
                "\n" if spec.separator == "line" else draw(st.sampled_from([", ", ",", "\n"]))
            )
            items = st.lists(item_text(spec), min_size=1, max_size=3)
            forms.append(items.map(separator.join))
    value: str = draw(st.one_of(*forms))
    if spec is not None and spec.values and draw(st.booleans()) and value in spec.values:
        value = _mixed_case(draw, value)
    return value


def _ini_value(value: str) -> str:
    lines = [line.strip() for line in value.replace("\r", "").split("\n")]
    lines = [line for line in lines if line and line[0] not in ";#"] or [""]
    return lines[0] + "".join(f"\n    {line}" for line in lines[1:])


@st.composite
def section(draw: st.DrawFn, catalog: Catalog) -> str:
    kinds = list(catalog.kinds())
    kind = draw(st.sampled_from([*kinds, "bogus-kind"]))
    ident = draw(st.sampled_from(["a1", "b2", "a|b", "a/b"]))
    name = "server" if kind == "server" else f"{kind}/{ident}"
    lines = [f"[{name}]"]
    types = catalog.types(kind)
    type_: str | None = None
    if types:
        written = draw(
            st.one_of(
                st.sampled_from(types),
                st.sampled_from(list(catalog.type_aliases(kind)) or list(types)),
                st.sampled_from(list(catalog.history(kind).get("types", {})) or list(types)),
                st.sampled_from(["", "nope", None]),
            )
        )
        if written is not None:
            written = _mixed_case(draw, written)
            lines.append(f"type = {written}")
            type_ = catalog.canonical_type(kind, written)
        else:
            type_ = catalog.default_type(kind)
    names = list(catalog.options(kind, type_))
    others = [n for t in types for n in catalog.options(kind, t)]
    old = list(catalog.history(kind).get("options", {}))
    pool = [*names, *others, *old, "bogus_option", "home_folder", "Name"]
    for option in draw(st.lists(st.sampled_from(pool), max_size=6, unique_by=str.lower)):
        if option.lower() == "type":
            continue
        spec = catalog.option(kind, type_, option)
        lines.append(f"{option} = {_ini_value(draw(value_text(spec)))}")
    return "\n".join(lines) + "\n"


def _documents() -> Iterator[st.SearchStrategy[str]]:
    catalog = load_catalog()
    yield st.lists(section(catalog), min_size=1, max_size=3).map("\n".join)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(next(_documents()))
def test_generated_sections_give_the_same_problems(text: str) -> None:
    doc = sc.loads(text)
    assert our_problems(doc) == reference_problems(doc, load_catalog())
