"""``assets FILE [--check] [--format …] [--root DIR]``: external files."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..._printable import log_line
from ...assets import asset_root, check_assets, list_assets
from .._output import out
from ..reporters import add_format_argument, has_errors, write_report
from ._common import add_file_argument, load_file


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "assets",
        help="list the external files a configuration needs",
        description="List every external path the configuration refers to (keys, "
        "certificates, external-file: vault content, authorized keys, authentication "
        "files, executables, log and database folders) with its section, option and "
        "position. Relative paths resolve against the SFTPPlus root. With --check, "
        "report the missing ones and exit 1 if any.",
    )
    add_file_argument(parser)
    parser.add_argument("--check", action="store_true", help="report missing paths (exit 1)")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="SFTPPlus root for relative paths (default: the parent of the file's folder "
        "when it is called configuration, else the file's folder)",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = load_file(args.file)
    root = args.root if args.root is not None else asset_root(args.file)
    assets = list_assets(doc, root)
    findings = check_assets(assets, os.path.dirname(os.path.abspath(args.file)), missing=args.check)
    assets = [a for a in assets if not a.problem]  # reported as findings instead
    if args.format == "json":
        listing = [
            {
                "category": a.category,
                "path": a.path,
                "resolved": a.resolved,
                "folder": a.is_folder,
                "exists": None if a.resolved is None else os.path.exists(a.resolved),
                "section": a.section,
                "option": a.option,
                "file": a.file,
                "line": a.span.line,
                "column": a.span.column,
                "end_line": a.span.end_line,
                "end_column": a.span.end_column,
            }
            for a in assets
        ]
        extra = {"root": str(root), "assets": listing}
        write_report("json", findings, [args.file], max_findings=args.max_findings, extra=extra)
    elif args.format == "text":
        for a in assets:
            option = a.option or "(default)"
            resolved = a.resolved if a.resolved is not None else "(depends on run-time values)"
            out(
                log_line(
                    f"{a.file}:{a.span.line}:{a.span.column}: {a.category} [{a.section}] "
                    f"{option}: {a.path} -> {resolved}"
                )
                + "\n"
            )
        if findings:
            write_report("text", findings, [args.file], max_findings=args.max_findings)
    else:
        write_report(args.format, findings, [args.file], max_findings=args.max_findings)
    return 1 if has_errors(findings) else 0
