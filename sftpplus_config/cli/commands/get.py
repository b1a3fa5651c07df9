"""``get FILE SECTION [OPTION]``: print a value, or a section as INI."""

from __future__ import annotations

import argparse
from typing import Any

from ...selectors import select
from .._output import document, error
from ._common import add_file_argument, add_section_argument, load_file


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "get",
        help="print an option's value, or a whole section",
        description="Print the value of OPTION in [SECTION] (multi-line values "
        "as several lines), or the whole section as it is written in the file. "
        "SECTION is a section name or KIND:NAME (accounts:johnd). "
        "Exit 1 when the section or option does not exist, or when KIND:NAME "
        "names more than one section (the candidates are listed).",
    )
    add_file_argument(parser)
    add_section_argument(parser)
    parser.add_argument("option", metavar="OPTION", nargs="?", help="option name (any case)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = load_file(args.file)
    section = select(doc, args.section)
    if args.option is None:
        text = section.text
        document(text if text.endswith(("\n", "\r")) else text + "\n")
        return 0
    value = section.get(args.option)
    if value is None:
        error(f"{doc.path}: no option {args.option!r} in [{section.name}]")
        return 1
    document(value + "\n")
    return 0
