"""``split NODE_FILE… --base OUT --overrides DIR``: the shared base and the
per-node overrides."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..._atomic import check_target
from ...exceptions import SftpplusConfigError
from ...split import split
from .._output import document, error, line
from ._common import STDIN, UsageError, load_accepted, plural, warn_about


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "split",
        help="shared base + per-node overrides from node configurations",
        description="Write the base (the options every node has with the same "
        "value, in the first node's formatting) to OUT and, for each node, the "
        "smallest override that gives that node back: DIR/<name>.override.ini, "
        "where <name> is the node file's stem, or its folder's name when the "
        "file is called server.ini. Options and sections that only some nodes "
        "have go into those nodes' overrides. One NODE_FILE may be `-`, standard "
        "input (its override is stdin.override.ini); --base - writes the base to "
        "standard output. Every target is checked before the first is written.",
    )
    parser.add_argument("nodes", metavar="NODE_FILE", nargs="+", help="node configurations")
    parser.add_argument(
        "--base", metavar="OUT", required=True, help="where to write the base (-: stdout)"
    )
    parser.add_argument(
        "--overrides", metavar="DIR", required=True, help="folder for the override files"
    )
    parser.set_defaults(run=run)


def node_name(path: str) -> str:
    """``nodes/a.ini`` -> ``a``; ``nodes/a/server.ini`` -> ``a``; ``-`` ->
    ``stdin``."""
    if path == STDIN:
        return "stdin"
    file = Path(path).resolve()
    return file.parent.name if file.name == "server.ini" else file.stem


def run(args: argparse.Namespace) -> int:
    names = [node_name(path) for path in args.nodes]
    for index, name in enumerate(names):
        if name in names[:index]:
            other = args.nodes[names.index(name)]
            raise SftpplusConfigError(
                f"{args.nodes[index]} and {other} would both write {name}.override.ini"
            )
    if args.overrides == STDIN:
        raise UsageError("split: --overrides is a folder; standard output (-) holds one file")
    result = split([load_accepted(path) for path in args.nodes])
    folder = Path(args.overrides)
    targets = [folder / f"{name}.override.ini" for name in names]
    # every target is checked before the first write: a failed split writes nothing
    for target in [*([] if args.base == STDIN else [args.base]), *targets]:
        check_target(target)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    # with the base on standard output, the summary goes to standard error
    say = error if args.base == STDIN else line
    if args.base == STDIN:
        document(result.base.dumps())
    else:
        try:
            warn_about(result.base.save(args.base))
        except BaseException:
            if created:  # the folder made for nothing goes too
                folder.rmdir()
            raise
    shown = "<stdout>" if args.base == STDIN else args.base
    say(f"{shown}: base, {_count(result.base.to_dict())}")
    for target, override in zip(targets, result.overrides, strict=True):
        warn_about(override.save(target))
        say(f"{target}: override, {_count(override.to_dict())}")
    return 0


def _count(values: dict[str, dict[str, str]]) -> str:
    options = sum(len(options) for options in values.values())
    return f"{plural(len(values), 'section')}, {plural(options, 'option')}"
