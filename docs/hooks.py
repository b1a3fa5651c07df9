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


GENERATORS: dict[str, Callable[[], str]] = {"cli": cli_reference}


def on_page_markdown(markdown: str, **_: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        return GENERATORS[match.group(1)]()

    return MARKER.sub(replace, markdown)
