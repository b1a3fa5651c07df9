"""``render FILE [--var NAME=VALUE]… [--vars FILE] [--keep-host-vars] [-o OUT]``."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from ..._toml import locate
from ...exceptions import RefusedError
from ...variables import VariableError, render
from .._output import document
from ..reporters import add_format_argument, has_errors, write_report
from ._common import (
    STDIN,
    STDIN_NAME,
    add_file_argument,
    add_output_argument,
    load_accepted,
    read_stdin_bytes,
    refused,
    write_output,
)


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "render",
        help="expand deploy-time variables ({host.name}, {host.fqdn}, your own)",
        description="Replace deploy-time variables in every value and print the result "
        "(or write it to OUT). Runtime placeholders such as {id} or {account.name} and "
        "${...} are left as they are. Exit 1, writing nothing, on an unknown variable.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a variable, e.g. --var host.name=node1 (repeatable; wins over --vars)",
    )
    parser.add_argument(
        "--vars",
        metavar="FILE",
        help="a TOML file of variables (tables nest with dots; -: standard input)",
    )
    parser.add_argument(
        "--keep-host-vars",
        action="store_true",
        help="leave {host.name}/{host.fqdn} where SFTPPlus expands them itself "
        "(local-file event handler path) instead of baking them in",
    )
    add_output_argument(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        elif isinstance(value, bool):
            flat[name] = "yes" if value else "no"
        elif isinstance(value, int | float | str):
            flat[name] = str(value)
        else:
            raise VariableError(f"variable {name!r}: use a string, a number or a boolean")
    return flat


def read_variables(
    pairs: list[str], vars_file: str | None, origins: dict[str, str] | None = None
) -> dict[str, str]:
    """Variables from a TOML file and NAME=VALUE pairs (pairs win). Where
    each was defined goes to ``origins`` (lower-case name to ``--var`` or
    ``FILE:LINE:COLUMN``), when it is given."""
    variables: dict[str, str] = {}
    where: dict[str, str] = {}
    if vars_file is not None:
        raw = read_stdin_bytes() if vars_file == STDIN else Path(vars_file).read_bytes()
        if vars_file == STDIN:
            vars_file = STDIN_NAME
        try:
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise VariableError(
                f"{vars_file}: invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte offset "
                f"{exc.start}; a vars file must be UTF-8 TOML"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise VariableError(f"{vars_file}: {exc}") from None
        variables.update(_flatten(data))
        for name in variables:
            span = locate(text, name.split("."))
            where[name.lower()] = f"{vars_file}:{span.line}:{span.column}"
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise VariableError(f"--var {pair!r}: write NAME=VALUE")
        if not _is_text(pair):
            raise VariableError(f"--var {pair!r}: not valid UTF-8")
        variables = {k: v for k, v in variables.items() if k.lower() != name.strip().lower()}
        variables[name.strip()] = value
        where[name.strip().lower()] = f"--var {name.strip()}"
    if origins is not None:
        origins.update(where)
    return variables


def _is_text(word: str) -> bool:
    """False for an argument with bytes that are not UTF-8 (lone surrogates)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run(args: argparse.Namespace) -> int:
    try:
        doc = load_accepted(args.file)
    except RefusedError as exc:
        return refused(exc, args.format)
    origins: dict[str, str] = {}
    variables = read_variables(args.var, args.vars, origins)
    result = render(doc, variables, keep_host_vars=args.keep_host_vars, origins=origins)
    findings = list(result.findings)
    failed = has_errors(findings)
    if args.output not in (None, STDIN):
        if not failed:
            write_output(args.output, result.document.dumps(), [doc])
        if findings or args.format != "text":
            write_report(args.format, findings, [args.file], max_findings=args.max_findings)
    else:
        if findings or args.format != "text":
            write_report(
                args.format,
                findings,
                [args.file],
                stream=sys.stderr,
                max_findings=args.max_findings,
            )
        if not failed:
            document(result.document.dumps())
    return 1 if failed else 0
