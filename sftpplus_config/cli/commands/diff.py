"""``diff A B [--format text|json] [--show-secrets]``: semantic diff."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...diff import diff, render_text, to_json
from .._output import out
from ..reporters import json_text
from ._common import STDIN, STDIN_NAME, add_color_argument, load_file, use_color


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "diff",
        help="compare two files option by option",
        description="Compare what SFTPPlus reads from A and from B, option by "
        "option: order, spacing, = vs :, option-name case and comments make no "
        "difference. Sections are shown with their kind, type and name. Secret "
        "values (passwords, keys, vault content) are redacted unless "
        "--show-secrets is given. Exit 0 when the files read the same, 1 when "
        "they differ, 2 on error.",
    )
    parser.add_argument("a", metavar="A", help="the old file")
    parser.add_argument("b", metavar="B", help="the new file")
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (text)"
    )
    parser.add_argument(
        "--show-secrets", action="store_true", help="print secret values instead of <redacted>"
    )
    parser.add_argument(
        "--no-renames",
        action="store_true",
        help="report a renamed section as removed and added",
    )
    add_color_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    changes = diff(load_file(args.a), load_file(args.b), detect_renames=not args.no_renames)
    if args.format == "json":
        a, b = (STDIN_NAME if path == STDIN else path for path in (args.a, args.b))
        data = {"a": a, "b": b, **to_json(changes, show_secrets=args.show_secrets)}
        out(json_text(data))
    else:
        color = use_color(args.color, sys.stdout)
        out(render_text(changes, show_secrets=args.show_secrets, color=color))
    return 1 if changes else 0
