"""Split node configurations into a shared base and per-node overrides
(docs/diff-and-merge.md).

``split(nodes)`` returns the base (what every node has, in the first node's
formatting) and one override per node, such that
``apply_overrides(base, override_i)`` reads the same as node *i*.

An override can replace and add options, and add sections; it cannot delete
anything. So the base holds only what *every* node has:

- a section present on every node is in the base, with the options present
  on every node with the same value (a section may be left empty in the
  base when no option is shared);
- an option present on every node but with different values, or present on
  only some nodes, is not in the base: each node that has it sets it in its
  override;
- a section present on only some nodes is not in the base: each node that
  has it carries the whole section in its override.

Each override is minimal for that base: it holds exactly the options of the
node that the base does not hold with the same value, written as the node
writes them (key spelling, delimiter, continuation lines), section by
section in the node's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._lines import common_ending
from ._record import record
from .api import loads
from .exceptions import SftpplusConfigError
from .syntax import Document

__all__ = ["SplitResult", "split"]


@record
class SplitResult:
    """The shared base and one override per node, in the nodes' order."""

    base: Document
    overrides: tuple[Document, ...]


_WHOLE: dict[str, str] = {}
"""Marks a section written alike on every node: shared as it is."""


def split(nodes: Sequence[Document]) -> SplitResult:
    """The shared base and the minimal override of each node; the nodes are not
    changed. Raises
    [`SftpplusConfigError`][sftpplus_config.exceptions.SftpplusConfigError]
    without nodes."""
    if not nodes:
        raise SftpplusConfigError("split needs at least one node configuration")
    indexes = [node._ordered_index() for node in nodes]
    shared: dict[str, dict[str, str]] = {}
    for name, section in indexes[0].items():
        others = [index.get(name) for index in indexes[1:]]
        present = [other for other in others if other is not None]
        if len(present) < len(others):
            continue
        if all(section.same_text(other) for other in present):
            shared[name] = _WHOLE  # most sections of a cluster: no need to read them
            continue
        values = [other.as_dict() for other in present]
        shared[name] = {
            option: value
            for option, value in section.as_dict().items()
            if all(other.get(option) == value for other in values)
        }

    base = loads(nodes[0].dumps())
    for name in list(base.section_names()):
        kept = shared.get(name)
        if kept is None:
            base.remove_section(name)
        elif kept is not _WHOLE:
            node = base[name]
            for option in list(node):
                if option not in kept:
                    node.remove(option)
    return SplitResult(base, tuple(_override(node, shared) for node in nodes))


def _override(node: Document, shared: dict[str, dict[str, str]]) -> Document:
    ending = common_ending(node.dumps())
    blocks: list[str] = []
    for name, section in node._ordered_index().items():
        in_base = shared.get(name)
        if in_base is _WHOLE:
            continue
        lines: list[str] = []
        seen: set[str] = set()
        for option in section.options():
            if option.name in seen:
                continue
            seen.add(option.name)
            if in_base is None or option.name not in in_base:
                text = option.text
                lines.append(text if text.endswith(("\n", "\r")) else text + ending)
        if in_base is None or lines:
            blocks.append(f"[{name}]{ending}" + "".join(lines))
    return loads(ending.join(blocks))
