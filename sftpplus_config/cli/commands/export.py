"""``export FILE [--format json]``: the JSON projection."""

from __future__ import annotations

import argparse
from typing import Any

from .._output import out
from ..reporters import json_text
from ._common import add_file_argument, load_file


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="print the file as JSON",
        description='Print {"<section>": {"<option>": "<value>"}} with the values '
        "SFTPPlus reads (option names in lower case, multi-line values joined "
        "with \\n, as Python's configparser gives them). With --typed, values "
        "get their schema types (see docs/schema.md).",
    )
    add_file_argument(parser)
    parser.add_argument("--format", choices=["json"], default="json", help="output format (json)")
    parser.add_argument(
        "--typed",
        action="store_true",
        help="convert values to the JSON types the schema gives them (booleans, "
        "integers, lists...); values that do not convert stay strings",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = load_file(args.file)
    data: dict[str, Any] = doc.to_dict()
    if args.typed:
        from ...schema import load_catalog
        from ...typed import typed_projection

        data = typed_projection(data, load_catalog())
    out(json_text(data))
    return 0
