"""``split NODE_FILE… --base OUT --overrides DIR``: the shared base and the
per-node overrides."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...exceptions import SftpplusConfigError
from ...split import split
from .._output import line
from ._common import load_accepted, plural, warn_about


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "split",
        help="shared base + per-node overrides from node configurations",
        description="Write the base (the options every node has with the same "
        "value, in the first node's formatting) to OUT and, for each node, the "
        "smallest override that gives that node back: DIR/<name>.override.ini, "
        "where <name> is the node file's stem, or its folder's name when the "
        "file is called server.ini. Options and sections that only some nodes "
        "have go into those nodes' overrides.",
    )
    parser.add_argument("nodes", metavar="NODE_FILE", nargs="+", help="node configurations")
    parser.add_argument("--base", metavar="OUT", required=True, help="where to write the base")
    parser.add_argument(
        "--overrides", metavar="DIR", required=True, help="folder for the override files"
    )
    parser.set_defaults(run=run)


def node_name(path: str) -> str:
    """``nodes/a.ini`` -> ``a``; ``nodes/a/server.ini`` -> ``a``."""
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
    result = split([load_accepted(path) for path in args.nodes])
    folder = Path(args.overrides)
    folder.mkdir(parents=True, exist_ok=True)
    warn_about(result.base.save(args.base))
    line(f"{args.base}: base, {_count(result.base.to_dict())}")
    for name, override in zip(names, result.overrides, strict=True):
        target = folder / f"{name}.override.ini"
        warn_about(override.save(target))
        line(f"{target}: override, {_count(override.to_dict())}")
    return 0


def _count(values: dict[str, dict[str, str]]) -> str:
    options = sum(len(options) for options in values.values())
    return f"{plural(len(values), 'section')}, {plural(options, 'option')}"
