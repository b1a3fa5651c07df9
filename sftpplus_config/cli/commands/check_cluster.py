"""``check-cluster FILE… [--nodes NAME[=FQDN],…]``: cluster lints."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...cluster import check_cluster, node_config
from ...pairing import find_base, is_override_file
from ...syntax import Document
from ...variables import VariableError
from .._output import error
from ..reporters import add_format_argument, has_errors, write_report
from ._common import STDIN, load_file


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "check-cluster",
        help="lint the configurations of a cluster's nodes together",
        description="Check node configurations together: distinct log and database "
        "paths, distinct server uuid, one configuration manager, one node-sync "
        "controller, transfers not duplicated on every node. Give one file per node "
        "(the node is named after the file, or its folder for server.ini and "
        "server.override.ini), or one shared file and --nodes. An override file "
        "(*.override.ini) is applied over its base: --base, else the server.ini beside "
        "it, else the one in the folder above (the layout `build` writes in "
        "shared-folder mode).",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="node configuration files")
    parser.add_argument(
        "--nodes",
        metavar="NAME[=FQDN],…",
        help="expand one shared FILE for each node (host.fqdn defaults to the name)",
    )
    parser.add_argument(
        "--base",
        metavar="BASE",
        help="the shared server.ini that every *.override.ini FILE applies to",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def node_name(path: str) -> str:
    """A node's name: the file's stem, or its folder's name for server.ini
    (``stdin`` for ``-``)."""
    if path == STDIN:
        return "stdin"
    p = Path(path)
    if p.name in ("server.ini", "server.override.ini") and p.resolve().parent.name:
        return p.resolve().parent.name
    return p.name.removesuffix(".override.ini") if is_override_file(p) else p.stem


def base_of(override: str, given: str | None) -> str | None:
    """The base an override file applies to: ``given``, else ``server.ini``
    beside it, else in the folder above; None when there is none."""
    if given is not None:
        return given
    found = find_base(override)
    return None if found is None else str(found)


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
            error("check-cluster: --nodes takes exactly one shared FILE")
            return 2
        shared = load_file(args.files[0])
        configs = [
            node_config(name, shared, (), {"host.name": name, "host.fqdn": fqdn})
            for name, fqdn in parse_nodes(args.nodes)
        ]
    else:
        configs = []
        bases: dict[str, Document] = {}
        for path in args.files:
            name = node_name(path)
            variables = {"host.name": name, "host.fqdn": name}
            if is_override_file(path):
                base_path = base_of(path, args.base)
                if base_path is None:
                    error(
                        f"{path}: no server.ini beside it or in the folder above to apply "
                        "it to; give the shared file with --base FILE"
                    )
                    return 2
                if base_path not in bases:
                    bases[base_path] = load_file(base_path)
                layers = (load_file(path),)
                configs.append(node_config(name, bases[base_path], layers, variables))
            else:
                configs.append(node_config(name, load_file(path), (), variables))
    findings = check_cluster(configs)
    if findings or args.format != "text":
        write_report(args.format, findings, args.files, max_findings=args.max_findings)
    return 1 if has_errors(findings) else 0
