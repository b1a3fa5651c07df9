"""``validate FILE… [--format F] [--target-version X.Y.Z] [--strict]
[--select R,…] [--ignore R,…] [--base FILE]``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ...exceptions import DecodeError
from ...findings import Finding
from ...validation import RULES, resolve_rules, sort_key, validate_path
from .._output import error, out
from ..reporters import add_format_argument, report
from ._common import plural

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _rule_list() -> str:
    width = max(len(rule.name) for rule in RULES)
    lines = ["rules (name, group, severity):"]
    lines += [
        f"  {rule.name:<{width}}  {rule.group:<10}  {rule.severity:<7}  {rule.summary}"
        for rule in RULES
    ]
    return "\n".join(lines)


def _names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check files and report positioned findings",
        description="Check each FILE: syntax, the schema (kinds, types, options, "
        "values), references between sections, versions and security. Findings "
        "are printed as `path:line:col: severity[rule] message`. A "
        "server.override.ini is checked together with the server.ini beside it "
        "(or --base). Exit status: 0 clean, 1 errors (or warnings with --strict), "
        "2 usage, read or decoding error.",
        epilog=_rule_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="server.ini files")
    add_format_argument(parser)
    parser.add_argument(
        "--target-version",
        metavar="X.Y.Z",
        help="the SFTPPlus version the files are for: report what it does not have yet "
        "and what it no longer has (default: the schema's version)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with 1 on warnings too, not only on errors"
    )
    parser.add_argument(
        "--select",
        metavar="R,…",
        action="append",
        help="report only these rules or rule groups (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        metavar="R,…",
        action="append",
        help="do not report these rules or rule groups (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--base",
        metavar="FILE",
        help="validate the FILEs as overrides of this server.ini",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="the FILEs are fragments: no missing-option, no dangling-reference",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    select, ignore = _names(args.select), _names(args.ignore)
    resolve_rules(select, ignore)  # an unknown name is a usage error (exit 2)
    if args.target_version is not None:
        from ...rules.versions import parse_version

        try:
            parse_version(args.target_version)
        except ValueError as exc:
            error(f"sftpplus-config validate: --target-version: {exc}")
            return EXIT_USAGE
    base = args.base
    findings: dict[tuple[object, ...], Finding] = {}
    failed = False
    for path in args.files:
        as_override = base is not None and not _same_file(path, base)
        try:
            result = validate_path(
                path,
                base=base if as_override else None,
                target_version=args.target_version,
                select=select,
                ignore=ignore,
                partial=args.partial,
            )
        except DecodeError as exc:
            error(str(exc))
            failed = True
            continue
        except OSError as exc:
            error(f"{exc.filename or path}: {exc.strerror or exc}")
            failed = True
            continue
        for finding in result.findings:
            # a base validated with its override and on its own: report once
            findings.setdefault(
                (finding.file, finding.span, finding.rule, finding.message), finding
            )
    ordered = sorted(findings.values(), key=sort_key)
    out(report(args.format, ordered, args.files))
    errors = sum(f.severity == "error" for f in ordered)
    warnings = sum(f.severity == "warning" for f in ordered)
    if args.format == "text" and ordered:
        error(_summary(errors, warnings, len(args.files)))
    if failed:
        return EXIT_USAGE
    if errors or (args.strict and warnings):
        return EXIT_CONTENT
    return EXIT_OK


def _summary(errors: int, warnings: int, files: int) -> str:
    """``2 errors, 1 warning in 3 files``."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def _same_file(one: str, two: str) -> bool:
    try:
        return os.path.samefile(one, two)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(two)
