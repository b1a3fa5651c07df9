"""The published files in ``schema/``: valid draft 2020-12, stable ids, up to date."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry

from sftpplus_config.schema import SCHEMA_BASE_URI, Catalog

from .conftest import GENERATOR, REFERENCE, REPO

SCHEMA_DIR = REPO / "schema"
KIND_FILES = {
    "accounts.json",
    "administrators.json",
    "authentications.json",
    "cluster-nodes.json",
    "event-handlers.json",
    "groups.json",
    "locations.json",
    "resources.json",
    "roles.json",
    "security-policies.json",
    "server.json",
    "services.json",
    "transfers.json",
    "vault-items.json",
}


def schema_files() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("*.json"))


def test_one_file_per_kind_plus_the_whole_file() -> None:
    assert {path.name for path in schema_files()} == KIND_FILES | {"server-ini.json"}


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_file_passes_the_draft_2020_12_meta_schema(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_file_has_a_stable_id(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["$id"] == SCHEMA_BASE_URI + path.name


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_file_is_pretty_printed_with_sorted_keys(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield str(value)
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_ref_resolves(catalog: Catalog, registry: Registry[Any]) -> None:
    count = 0
    for name, document in catalog.files.items():
        resolver = registry.resolver(base_uri=str(document["$id"]))
        for ref in _refs(document):
            assert not ref.startswith("http"), f"{name}: absolute $ref {ref}"
            resolver.lookup(ref)
            count += 1
    assert count > 100


def test_kind_files_reuse_the_common_group(catalog: Catalog) -> None:
    for kind in catalog.kinds():
        document = catalog.schema(f"{kind}.json")
        assert "common" in document["$defs"]
        for type_ in catalog.types(kind):
            assert document["$defs"][f"type-{type_}"]["$ref"] == "#/$defs/common"


def test_option_names_are_lower_case(catalog: Catalog) -> None:
    names = {spec.name for spec in catalog.iter_options()}
    assert names == {name.lower() for name in names}


def test_server_ini_dispatches_every_kind(catalog: Catalog, validator: Any) -> None:
    whole = catalog.schema("server-ini.json")
    assert sorted(whole["x-kinds"]) == sorted(name.removesuffix(".json") for name in KIND_FILES)
    assert list(validator.iter_errors({"no-such-kind/x": {}}))
    assert list(validator.iter_errors({"Server": {}}))  # section names are case-sensitive


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def need_reference() -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"vendor option reference not found at {REFERENCE} (set SFTPPLUS_SHARED)")


@pytest.mark.usefixtures("need_reference")
def test_committed_files_are_up_to_date() -> None:
    result = run_generator("--check", "--reference", str(REFERENCE))
    assert result.returncode == 0, result.stderr


@pytest.mark.usefixtures("need_reference")
def test_check_detects_stale_missing_and_extra_files(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    common = ("--reference", str(REFERENCE), "--out", str(out))
    assert run_generator(*common).returncode == 0
    assert run_generator("--check", *common).returncode == 0
    generated = {path.name: path.read_text(encoding="utf-8") for path in out.glob("*.json")}
    assert generated == {path.name: path.read_text(encoding="utf-8") for path in schema_files()}

    altered = out / "accounts.json"
    altered.write_text(generated["accounts.json"].replace("Home folder", "Home dir"), "utf-8")
    result = run_generator("--check", *common)
    assert result.returncode == 1
    assert "accounts.json" in result.stderr

    altered.write_text(generated["accounts.json"], "utf-8")
    (out / "roles.json").unlink()
    assert run_generator("--check", *common).returncode == 1

    (out / "roles.json").write_text(generated["roles.json"], "utf-8")
    (out / "stray.json").write_text("{}\n", "utf-8")
    assert run_generator("--check", *common).returncode == 1

    (out / "stray.json").unlink()
    assert run_generator("--check", *common).returncode == 0


def test_missing_reference_is_a_usage_error(tmp_path: Path) -> None:
    result = run_generator("--check", "--reference", str(tmp_path / "nope.json"))
    assert result.returncode == 2
