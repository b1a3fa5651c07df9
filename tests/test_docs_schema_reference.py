"""The generated schema reference page (docs/hooks.py ``schema_reference``)
shows the version range of every option, type and kind: the version a name
appeared in and, where its range ends, what it was renamed to, or when it
was removed or deprecated; old names are listed per kind with the same
facts."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

import pytest

from sftpplus_config.history import (
    Change,
    kind_change,
    option_change,
    type_change,
    value_change,
)
from sftpplus_config.schema import Catalog, load_catalog
from tests.doc_runner import ROOT

Tables = dict[tuple[str, str], dict[str, list[str]]]


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def page() -> str:
    text: str = _hooks().schema_reference()
    return text


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _tables(page: str) -> tuple[Tables, dict[tuple[str, str], str]]:
    """Rows of every table by (## heading, ### heading), keyed by their first
    cell; and the text under each ### heading."""
    tables: Tables = {}
    texts: dict[tuple[str, str], str] = {}
    kind = sub = ""
    for line in page.splitlines():
        if line.startswith("## "):
            kind, sub = line[3:], ""
        elif line.startswith("### "):
            sub = line[4:]
        elif line.startswith("| ") and not line.startswith("|---"):
            cells = _cells(line)
            table = tables.setdefault((kind, sub), {})
            # a former value may be listed for several options: key those by both
            key = cells[0] if cells[0] not in table else f"{cells[0]} {cells[1]}"
            table[key] = cells
        texts[(kind, sub)] = texts.get((kind, sub), "") + line + "\n"
    return tables, texts


def _target(change: Change) -> str:
    """How the page names a new name (``[cluster-nodes/…] `x```, ``"`x`"``)."""
    if change.new_kind and change.what != "kind":
        place = f"[{change.new_kind}/…]"
        if change.new_type:
            place += f" type `{change.new_type}`"
        return f"{place} `{change.new}`" if change.what == "option" else place
    if change.new_type:
        return f"`{change.new}` of type `{change.new_type}`"
    return f"`{change.new}`"


def _since(since: str | None) -> str:
    return f"since {since}" if since else "since ?"


def test_every_current_option_shows_its_versions(page: str) -> None:
    catalog = load_catalog()
    tables, _ = _tables(page)
    problems = []
    for kind in catalog.kinds():
        common = catalog.options(kind, None)
        groups: list[tuple[str, str | None, list[str]]] = [
            (f"Options of every {kind} section", None, list(common))
        ]
        for type_ in catalog.types(kind):
            own = [n for n in catalog.options(kind, type_) if n not in common]
            groups.append((f"`type = {type_}`", type_, own))
        for heading, group_type, names in groups:
            rows = tables.get((kind, heading), {})
            for name in names:
                spec = catalog.option(kind, group_type, name)
                assert spec is not None
                row = rows.get(f"`{name}`")
                if row is None:
                    problems.append(f"{kind} {heading}: no row for {name}")
                    continue
                versions = row[3]
                change = option_change(catalog, kind, group_type, name)
                wanted = [_since(spec.since)]
                if change is not None and change.removed_in:
                    wanted.append(f"removed in {change.removed_in}")
                if change is not None and change.new and change.since:
                    wanted.append(f"renamed to {_target(change)} in {change.since}")
                if change is not None and change.deprecated_in:
                    wanted.append(f"deprecated in {change.deprecated_in}")
                missing = [w for w in wanted if w not in versions]
                if not versions.startswith(wanted[0]) or missing:
                    problems.append(f"{kind} {heading} {name}: {versions!r} lacks {missing}")
    assert problems == []


def test_every_type_and_kind_shows_its_versions(page: str) -> None:
    catalog = load_catalog()
    _, texts = _tables(page)
    for kind in catalog.kinds():
        for type_ in catalog.types(kind):
            text = texts[(kind, f"`type = {type_}`")]
            line = next(ln for ln in text.splitlines() if ln.startswith("Versions: "))
            assert line.startswith(f"Versions: {_since(catalog.type_since(kind, type_))}")
            change = type_change(catalog, kind, type_)
            if change is not None and change.deprecated_in:
                assert f"deprecated in {change.deprecated_in}" in line
    assert "Versions: since 5.22.0." in texts[("vault-items", "`type = pinned-keys`")]
    assert (
        "deprecated in 5.15.0 (use [security-policies/…] sections)"
        in (texts[("authentications", "`type = deny-username`")])
    )
    assert "Formerly `[logs/…]` until 3.0.0." in texts[("event-handlers", "")]


def test_every_old_name_is_listed_with_its_versions(page: str) -> None:
    catalog = load_catalog()
    tables, _ = _tables(page)
    problems = []

    def check(kind: str, table: dict[str, list[str]], name: str, change: Change | None) -> None:
        row = table.get(name)
        if row is None or change is None:
            problems.append(f"{kind}: no row or no history for {name}")
            return
        versions = row[2] if len(row) > 2 else row[1]
        renamed = bool(change.new and change.since)
        facts = [
            f"removed in {change.removed_in}" if change.removed_in else "",
            f"renamed to {_target(change)} in {change.since}" if renamed else "",
            f"deprecated in {change.deprecated_in}" if change.deprecated_in else "",
        ]
        missing = [fact for fact in facts if fact and fact not in versions]
        if missing or (not any(facts) and "removed" not in versions):
            problems.append(f"{kind} {name}: {versions!r} lacks {missing}")

    for kind in catalog.kinds():
        history = catalog.history(kind)
        table = tables.get((kind, f"Former names in {kind} sections"), {})
        if any(history.get(k) for k in ("options", "types", "values")):
            assert table, kind
        for old, raw in history.get("options", {}).items():
            types = raw.get("types")
            change = option_change(catalog, kind, types[0] if types else None, old)
            check(kind, table, f"option `{old}`", change)
        for old in history.get("types", {}):
            check(kind, table, f"type `{old}`", type_change(catalog, kind, old))
        for option, words in history.get("values", {}).items():
            for old in words:
                # one row per (value, option)
                rows = [r for r in table.values() if r[0] == f"value `{old}`"]
                where = "any option" if option == "*" else f"`{option}`"
                assert any(r[1] == where for r in rows), (kind, option, old)
                change = value_change(catalog, kind, option, old)
                check(kind, {r[0]: r for r in rows if r[1] == where}, f"value `{old}`", change)
    kinds = tables[("Former section kinds", "")]
    for old in catalog.kind_history():
        check("kinds", kinds, f"`[{old}/…]`", kind_change(catalog, old))
    assert problems == []


def test_renames_and_value_versions_are_shown_on_the_current_name(page: str) -> None:
    tables, _ = _tables(page)
    roles = tables[("administrators", "Options of every administrators section")]["`roles`"]
    assert "formerly `role` until 4.16.0" in roles[4]
    methods = tables[("services", "`type = ftpsi`")]["`ssl_allowed_methods`"]
    assert "`tlsv1.3` since 3.47.0" in methods[4] and methods[3] == "since 1.7.4"
    explicit = tables[("services", "`type = ftp`")]["`ftps_explicit_enabled`"]
    assert "default `No` before 4.0.0" in explicit[4]
    former = tables[("administrators", "Former names in administrators sections")]
    assert former["option `role`"][2:] == ["renamed to `roles` in 4.16.0", "yes", "yes"]
    sslv3 = tables[("services", "Former names in services sections")]["value `SSLv3`"]
    assert sslv3[1:] == ["`ssl_allowed_methods`", "deprecated in 2.8.0", "no", "no"]


def test_the_page_names_the_schema_version(page: str) -> None:
    catalog: Catalog = load_catalog()
    assert page.startswith(f"The schema documents SFTPPlus {catalog.schema_version}.")
