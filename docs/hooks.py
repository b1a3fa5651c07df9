"""mkdocs hooks: pages generated from the code itself, so they cannot drift.

A page containing ``<!-- generated: NAME -->`` gets that marker replaced by
the output of the generator NAME (see ``GENERATORS``).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

MARKER = re.compile(r"<!-- generated: ([a-z-]+) -->")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _fixed_width_formatter(prog: str, **_: Any) -> argparse.HelpFormatter:
    """The page's help text is wrapped at 88 columns whatever the terminal."""
    return argparse.HelpFormatter(prog, width=88)


def cli_reference() -> str:
    """Every command with its usage, description and options."""
    from sftpplus_config.cli.main import build_parser

    parser = build_parser()
    parts = []
    for name, sub in _subcommands(parser).items():
        sub.formatter_class = _fixed_width_formatter
        parts.append(f"## `{name}`\n\n```text\n{sub.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _until(change: Any) -> str:
    """Where a name's range ends: renamed, removed or deprecated, and when."""
    parts = []
    if change.new and change.since:
        parts.append(f"renamed to {_where(change)} in {change.since}")
    if change.removed_in:
        parts.append(f"removed in {change.removed_in}")
    elif change.removed and not change.since:
        parts.append("removed (version not documented)")
    if change.deprecated_in:
        parts.append(f"deprecated in {change.deprecated_in}")
    return "; ".join(parts)


def _where(change: Any) -> str:
    new = f"`{change.new}`" if change.new else ""
    if change.new_kind and change.what != "kind":
        place = f"[{change.new_kind}/…]" + (f" type `{change.new_type}`" if change.new_type else "")
        return f"{place} {new}".strip() if change.what == "option" else place
    if change.new_type:
        return f"{new} of type `{change.new_type}`"
    return new


def _versions(since: str | None, change: Any) -> str:
    """``since X``, then where the name's range ends (if it does)."""
    text = f"since {since}" if since else "since ?"
    until = _until(change) if change is not None else ""
    return f"{text}; {until}" if until else text


def _options_table(catalog: Any, specs: list[Any]) -> str:
    from sftpplus_config.history import option_change

    rows = ["| option | value | default | versions | notes |", "|---|---|---|---|---|"]
    for spec in specs:
        history = catalog.history(spec.kind).get("options", {})
        notes = []
        if spec.required:
            notes.append("required")
        if spec.secret:
            notes.append("secret")
        if spec.references:
            notes.append("names a " + " / ".join(spec.references) + " section")
        former = [
            f"`{old}` until {raw['since']}"
            for old, raw in sorted(history.items())
            if raw.get("renamed_to") == spec.name
            and raw.get("new_kind", spec.kind) == spec.kind
            and (raw.get("types") is None or spec.type in raw["types"])
        ]
        if former:
            notes.append("formerly " + ", ".join(former))
        if spec.value_since:
            notes.append(
                "values: " + ", ".join(f"`{v}` since {w}" for v, w in spec.value_since.items())
            )
        if spec.multiple_since:
            notes.append(f"several values since {spec.multiple_since}")
        if spec.default_history:
            from sftpplus_config.history import default_history_text

            texts = [default_history_text(entry) for entry in spec.default_history]
            notes.append("default " + ", ".join(texts))
        default = "" if spec.default in (None, "") else f"`{_cell(spec.default)}`"
        change = option_change(catalog, spec.kind, spec.type, spec.name)
        rows.append(
            f"| `{spec.name}` | {spec.value_type} | {default} | "
            f"{_cell(_versions(spec.since, change))} | "
            f"{_cell('; '.join(notes))} {_cell(spec.description)} |"
        )
    return "\n".join(rows) + "\n"


def _former_names(catalog: Any, kind: str) -> str:
    """The options, types and values of a kind that are no longer current."""
    from sftpplus_config.history import option_change, type_change, value_change

    history = catalog.history(kind)
    rows = [
        "| name | applies to | versions | SFTPPlus converts it | `fix` |",
        "|---|---|---|---|---|",
    ]

    def row(name: str, where: str, change: Any) -> None:
        versions = _until(change) or "no longer documented"
        converted = (
            "yes" if change.migrated else "still accepted" if change.still_accepted else "no"
        )
        fixable = "yes" if change.fixable else "no"
        rows.append(f"| {name} | {where} | {_cell(versions)} | {converted} | {fixable} |")

    for old, raw in sorted(history.get("options", {}).items()):
        types = raw.get("types")
        change = option_change(catalog, kind, types[0] if types else None, old)
        where = "types " + ", ".join(f"`{t}`" for t in types) if types else "every type"
        row(f"option `{old}`", where if catalog.types(kind) else "", change)
    for old in sorted(history.get("types", {})):
        row(f"type `{old}`", "", type_change(catalog, kind, old))
    for option, words in sorted(history.get("values", {}).items()):
        for old in sorted(words):
            change = value_change(catalog, kind, option, old)
            where = "any option" if option == "*" else f"`{option}`"
            row(f"value `{old}`", where, change)
    if len(rows) == 2:
        return ""
    return f"### Former names in {kind} sections\n\n" + "\n".join(rows) + "\n"


def _former_kinds(catalog: Any) -> str:
    from sftpplus_config.history import kind_change

    rows = ["| section kind | versions |", "|---|---|"]
    for old in sorted(catalog.kind_history()):
        change = kind_change(catalog, old)
        versions = _until(change)
        if change.new and not change.since:
            versions += f"; use {_where(change)}"
        rows.append(f"| `[{old}/…]` | {_cell(versions)} |")
    return "## Former section kinds\n\n" + "\n".join(rows) + "\n"


def _kind_versions(catalog: Any, kind: str) -> str:
    """`` Formerly [logs/…] (until 3.0.0).`` for a kind that replaced another."""
    from sftpplus_config.history import kind_change

    former = []
    for old in sorted(catalog.kind_history()):
        change = kind_change(catalog, old)
        if change is not None and change.new == kind and not change.new_type:
            former.append(f"`[{old}/…]`" + (f" until {change.since}" if change.since else ""))
    return f" Formerly {', '.join(former)}." if former else ""


def _type_versions(catalog: Any, kind: str, type_: str) -> str:
    from sftpplus_config.history import type_change

    change = type_change(catalog, kind, type_)
    text = _versions(catalog.type_since(kind, type_), change)
    if change is not None and change.deprecated_in and change.new_kind:
        text += f" (use [{change.new_kind}/…] sections)"
    return f"Versions: {text}.\n"


def schema_reference() -> str:
    """Every kind, type and option, from schema/ (through the catalog), with
    the versions each name exists in, and the names that are no longer
    current."""
    from sftpplus_config.schema import load_catalog

    catalog = load_catalog()
    intro = (
        f"The schema documents SFTPPlus {catalog.schema_version}. "
        '"since ?" marks a name whose first version the docs do not give.\n'
    )
    parts = [intro]
    for kind in catalog.kinds():
        section = "[server]" if kind == "server" else f"[{kind}/<id>]"
        parts.append(f"## {kind}\n\nSections `{section}`.{_kind_versions(catalog, kind)}\n")
        common = catalog.options(kind, None)
        parts.append(f"### Options of every {kind} section\n")
        parts.append(_options_table(catalog, sorted(common.values(), key=lambda s: s.name)))
        for type_ in catalog.types(kind):
            own = [
                spec
                for name, spec in sorted(catalog.options(kind, type_).items())
                if name not in common
            ]
            parts.append(f"### `type = {type_}`\n")
            parts.append(_type_versions(catalog, kind, type_))
            aliases = [a for a, t in catalog.type_aliases(kind).items() if t == type_]
            if aliases:
                parts.append("Also written: " + ", ".join(f"`{a}`" for a in aliases) + ".\n")
            parts.append(_options_table(catalog, own) if own else "No options of its own.\n")
        former = _former_names(catalog, kind)
        if former:
            parts.append(former)
    parts.append(_former_kinds(catalog))
    return "\n".join(parts)


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli_reference,
    "schema-reference": schema_reference,
}


def on_page_markdown(markdown: str, **_: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        return GENERATORS[match.group(1)]()

    return MARKER.sub(replace, markdown)
