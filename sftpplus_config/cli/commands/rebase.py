"""``rebase OLD_BASE NODE NEW_BASE [-o OUT]``: replay a node's changes on a
new base (``apply(diff(OLD_BASE, NODE), NEW_BASE)``)."""

from __future__ import annotations

import argparse
from typing import Any

from ...patch import rebase
from ...span import Span
from ...syntax import Document
from .._output import error
from ._common import add_output_argument, load_accepted, plural, span_text, write_output


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "rebase",
        help="replay a node's changes on a new base file",
        description="Compute what NODE changed relative to OLD_BASE and apply "
        "those changes to NEW_BASE (a base rewritten by an upgrade or the Web "
        "Manager), keeping NEW_BASE's formatting. A change whose old value "
        "NEW_BASE no longer has is not applied: it is reported on stderr as "
        "file:line:col and the exit code is 1. Exit 0 when every change applied.",
    )
    parser.add_argument("old_base", metavar="OLD_BASE", help="the base NODE was made from")
    parser.add_argument("node", metavar="NODE", help="the node's configuration")
    parser.add_argument("new_base", metavar="NEW_BASE", help="the new base")
    add_output_argument(parser)
    parser.set_defaults(run=run)


def _node_span(node: Document, section: str, option: str | None) -> Span | None:
    found = node.section(section)
    if found is None:
        return None
    place = found.option(option) if option is not None else None
    return place.span if place is not None else found.span


def run(args: argparse.Namespace) -> int:
    old_base, node, new_base = (load_accepted(p) for p in (args.old_base, args.node, args.new_base))
    result = rebase(old_base, node, new_base)
    write_output(args.output, result.document.dumps(), [old_base, node, new_base])
    for conflict in result.conflicts:
        mine = _node_span(node, conflict.section, conflict.option)
        where = f" (node: {span_text(args.node, mine)})" if mine is not None else ""
        if conflict.span is not None:
            place = span_text(args.new_base, conflict.span)
        else:
            place = span_text(args.node, mine)
        error(f"{place}: error[rebase-conflict] {conflict.message}; not applied{where}")
    if result.conflicts:
        error(f"{args.new_base}: {plural(len(result.conflicts), 'change')} not applied")
        return 1
    return 0
