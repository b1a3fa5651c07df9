"""Shared fixtures: the schema catalog, a JSON Schema validator, the vendor data."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sftpplus_config.schema import Catalog, load_catalog
from sftpplus_config.typed import typed_projection

REPO = Path(__file__).resolve().parents[2]
#: The shared data folder sits next to the repository (``../shared``);
#: ``SFTPPLUS_SHARED`` points elsewhere.
SHARED = Path(os.environ.get("SFTPPLUS_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "reference" / "sftpplus-options.json"
SEMANTICS = SHARED / "reference" / "semantics.json"
EXAMPLES = SHARED / "corpus" / "docs-examples"
GENERATOR = REPO / "tools" / "gen_schema.py"


@dataclass(frozen=True)
class Entry:
    """One (kind, type, option) entry of the vendor reference."""

    kind: str
    type: str | None
    option: str
    raw: Mapping[str, Any]

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.type or '-'}.{self.option}"


def reference_entries(reference: Mapping[str, Any]) -> Iterator[Entry]:
    """Every kind/type/option of the reference (types expanded, as counted there)."""
    for kind, data in reference["kinds"].items():
        types: Mapping[str, Any] = data.get("types") or {}
        if types:
            for type_, type_data in types.items():
                for option, raw in type_data["options"].items():
                    yield Entry(kind, type_, option, raw)
        else:
            for option, raw in data["common_options"].items():
                yield Entry(kind, None, option, raw)


@pytest.fixture(scope="session")
def reference() -> Mapping[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip(f"vendor option reference not found at {REFERENCE} (set SFTPPLUS_SHARED)")
    data: Mapping[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def not_available() -> frozenset[tuple[str, str | None, str]]:
    """(kind, type, option) entries of the reference that the docs' prose
    excludes from their type (semantics.json ``not_available`` without a
    context or value list): the schema leaves them out."""
    if not SEMANTICS.is_file():
        return frozenset()
    data = json.loads(SEMANTICS.read_text(encoding="utf-8"))
    return frozenset(
        (e["kind"], e["type"], e["option"])
        for e in data["not_available"]
        if e["statement"] in ("only-available-for", "not-available-for")
    )


@pytest.fixture(scope="session")
def entries(reference: Mapping[str, Any]) -> list[Entry]:
    excluded = not_available()
    return [e for e in reference_entries(reference) if (e.kind, e.type, e.option) not in excluded]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


def build_registry(catalog: Catalog) -> Registry[Any]:
    resources: list[tuple[str, Resource[Any]]] = [
        (str(document["$id"]), DRAFT202012.create_resource(document))
        for document in catalog.files.values()
    ]
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def registry(catalog: Catalog) -> Registry[Any]:
    return build_registry(catalog)


@pytest.fixture(scope="session")
def validator(catalog: Catalog, registry: Registry[Any]) -> Any:
    return Draft202012Validator(catalog.schema("server-ini.json"), registry=registry)


def section_errors(
    validator: Any, catalog: Catalog, section: str, options: Mapping[str, str]
) -> list[Any]:
    """Schema errors of one raw section, through the typed projection."""
    projection = typed_projection({section: options}, catalog)
    return list(validator.iter_errors(projection))


def section_name(kind: str) -> str:
    return "server" if kind == "server" else f"{kind}/test-id"


def unexpected_names(error: Any) -> list[str]:
    """Option names listed by an ``unevaluatedProperties`` error."""
    if error.validator != "unevaluatedProperties":
        return []
    return re.findall(r"'([^']+)'", str(error.message).split("(", 1)[1])
