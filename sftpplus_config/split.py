"""Split node configurations into a shared base and per-node overrides
(PRODUCT.md §8).

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
from dataclasses import dataclass

from ._lines import common_ending
from .api import loads
from .exceptions import SftpplusConfigError
from .syntax import Document

__all__ = ["SplitResult", "split"]


@dataclass(frozen=True, slots=True)
class SplitResult:
    """The shared base and one override per node, in the nodes' order."""

    base: Document
    overrides: tuple[Document, ...]


def split(nodes: Sequence[Document]) -> SplitResult:
    """The shared base and the minimal override of each node; the nodes are
    not changed. Raises :class:`SftpplusConfigError` without nodes."""
    if not nodes:
        raise SftpplusConfigError("split needs at least one node configuration")
    values = [node.to_dict() for node in nodes]
    first = values[0]
    shared: dict[str, dict[str, str]] = {}
    for section, options in first.items():
        if all(section in other for other in values[1:]):
            shared[section] = {
                option: value
                for option, value in options.items()
                if all(other[section].get(option) == value for other in values[1:])
            }

    base = loads(nodes[0].dumps())
    for section in list(base.section_names()):
        if section not in shared:
            base.remove_section(section)
            continue
        node = base[section]
        for option in list(node):
            if option not in shared[section]:
                node.remove(option)
    return SplitResult(base, tuple(_override(node, shared) for node in nodes))


def _override(node: Document, shared: dict[str, dict[str, str]]) -> Document:
    ending = common_ending(node.dumps())
    blocks: list[str] = []
    for name in node.section_names():
        section = node[name]
        in_base = shared.get(name)
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
