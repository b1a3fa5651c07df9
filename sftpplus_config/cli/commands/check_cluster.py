"""``check-cluster FILE… [--nodes NAME[=FQDN],…]``: cluster lints."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...cluster import check_cluster, node_config
from ...variables import VariableError
from .._output import out
from ..reporters import add_format_argument, has_errors, report
from ._common import load_file


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "check-cluster",
        help="lint the configurations of a cluster's nodes together",
        description="Check node configurations together: distinct log and database "
        "paths, distinct server uuid, one configuration manager, one node-sync "
        "controller, transfers not duplicated on every node. Give one file per node "
        "(the node is named after the file, or its folder for server.ini), or one "
        "shared file and --nodes.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="node configuration files")
    parser.add_argument(
        "--nodes",
        metavar="NAME[=FQDN],…",
        help="expand one shared FILE for each node (host.fqdn defaults to the name)",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def node_name(path: str) -> str:
    """A node's name: the file's stem, or its folder's name for server.ini."""
    p = Path(path)
    if p.name == "server.ini" and p.resolve().parent.name:
        return p.resolve().parent.name
    return p.stem


def parse_nodes(text: str) -> list[tuple[str, str]]:
    nodes: list[tuple[str, str]] = []
    for item in text.split(","):
        name, _, fqdn = item.strip().partition("=")
        if not name:
            raise VariableError(f"--nodes: empty node name in {text!r}")
        nodes.append((name, fqdn or name))
    return nodes


def run(args: argparse.Namespace) -> int:
    if args.nodes is not None:
        if len(args.files) != 1:
            from .._output import error

            error("check-cluster: --nodes takes exactly one shared FILE")
            return 2
        shared = load_file(args.files[0])
        configs = [
            node_config(name, shared, (), {"host.name": name, "host.fqdn": fqdn})
            for name, fqdn in parse_nodes(args.nodes)
        ]
    else:
        configs = []
        for path in args.files:
            name = node_name(path)
            configs.append(
                node_config(name, load_file(path), (), {"host.name": name, "host.fqdn": name})
            )
    findings = check_cluster(configs)
    if findings or args.format != "text":
        out(report(args.format, findings, args.files))
    return 1 if has_errors(findings) else 0
