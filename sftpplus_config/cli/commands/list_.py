"""``list FILE [--kind K] [--format text|json]``: every section's kind, id,
type, name and line."""

from __future__ import annotations

import argparse
from typing import Any

from ..._printable import log_line
from .._output import out
from ..reporters import json_text
from ._common import add_file_argument, load_file

#: The text table's columns, in order.
COLUMNS = ("line", "kind", "id", "type", "name")


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "list",
        help="list the sections: kind, id, type, name and line",
        description="Print one row per section, in file order: its line, kind, id, "
        "type (as written, in lower case) and name (the `name` option), `-` where "
        'there is none. `--format json` prints {"file": …, "sections": [{"section", '
        '"kind", "id", "type", "name", "line"}]} with null where there is none. '
        "KIND:NAME selects a section by the kind and name shown here.",
    )
    add_file_argument(parser)
    parser.add_argument("--kind", metavar="KIND", help="only the sections of KIND (accounts, …)")
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (text)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = load_file(args.file)
    rows = [
        {
            "section": component.section_name,
            "kind": component.kind,
            "id": component.id,
            "type": component.type,
            "name": component.name,
            "line": component.section.line,
        }
        for component in doc.components(args.kind)
    ]
    if args.format == "json":
        out(json_text({"file": doc.path, "sections": rows}))
        return 0
    table = [[column.upper() for column in COLUMNS]] + [
        [log_line(str(row[c])) if row[c] is not None else "-" for c in COLUMNS] for row in rows
    ]
    widths = [max(len(cells[i]) for cells in table) for i in range(len(COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False))
        + "  "
        + cells[-1]
        for cells in table
    ]
    out("".join(line.rstrip() + "\n" for line in lines))
    return 0
