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


def cli_reference() -> str:
    """Every command with its usage, description and options."""
    from sftpplus_config.cli.main import build_parser

    parser = build_parser()
    parts = []
    for name, sub in _subcommands(parser).items():
        sub.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=88)
        parts.append(f"## `{name}`\n\n```text\n{sub.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options_table(specs: list[Any]) -> str:
    rows = ["| option | value | default | since | notes |", "|---|---|---|---|---|"]
    for spec in specs:
        notes = []
        if spec.required:
            notes.append("required")
        if spec.secret:
            notes.append("secret")
        if spec.references:
            notes.append("names a " + " / ".join(spec.references) + " section")
        default = "" if spec.default in (None, "") else f"`{_cell(spec.default)}`"
        rows.append(
            f"| `{spec.name}` | {spec.value_type} | {default} | {spec.since or ''} | "
            f"{_cell('; '.join(notes))} {_cell(spec.description)} |"
        )
    return "\n".join(rows) + "\n"


def schema_reference() -> str:
    """Every kind, type and option, from schema/ (through the catalog)."""
    from sftpplus_config.schema import load_catalog

    catalog = load_catalog()
    parts = []
    for kind in catalog.kinds():
        section = "[server]" if kind == "server" else f"[{kind}/<id>]"
        parts.append(f"## {kind}\n\nSections `{section}`.\n")
        common = catalog.options(kind, None)
        parts.append(f"### Options of every {kind} section\n")
        parts.append(_options_table(sorted(common.values(), key=lambda s: s.name)))
        for type_ in catalog.types(kind):
            own = [
                spec
                for name, spec in sorted(catalog.options(kind, type_).items())
                if name not in common
            ]
            parts.append(f"### `type = {type_}`\n")
            aliases = [a for a, t in catalog.type_aliases(kind).items() if t == type_]
            if aliases:
                parts.append("Also written: " + ", ".join(f"`{a}`" for a in aliases) + ".\n")
            parts.append(_options_table(own) if own else "No options of its own.\n")
    return "\n".join(parts)


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli_reference,
    "schema-reference": schema_reference,
}


def on_page_markdown(markdown: str, **_: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        return GENERATORS[match.group(1)]()

    return MARKER.sub(replace, markdown)
