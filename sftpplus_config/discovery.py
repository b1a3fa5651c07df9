"""Which inventories a server.ini file belongs to.

An inventory is *discoverable* from a file when it is named in the
configuration file's ``inventory`` key, or when it is an
``inventory*.toml`` file (``inventory.toml``, ``inventory-per-node.toml``,
``inventory.prod.toml``) in the file's folder or a folder above it, up to
the repository root, and it uses the file: as its ``[cluster] base``, or
as a node's ``override``.

Discovery reads inventories leniently (a file that is not TOML, or not an
inventory, is passed over): it only looks for names. Validating an
inventory is :func:`sftpplus_config.inventory.load_inventory`'s job.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._record import record

__all__ = ["INVENTORY_GLOB", "InventoryNames", "declared_variables", "inventories_of"]

INVENTORY_GLOB = "inventory*.toml"


@record
class InventoryNames:
    """What discovery needs from an inventory: the files it uses and the
    variable names it defines (lower case, ``host.name`` and
    ``host.fqdn`` included)."""

    path: Path
    base: Path | None
    overrides: tuple[Path, ...]
    variables: frozenset[str]

    def uses(self, file: Path) -> bool:
        return _same(self.base, file) or any(_same(o, file) for o in self.overrides)


def _same(one: Path | None, two: Path) -> bool:
    if one is None:
        return False
    try:
        return os.path.samefile(one, two)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(two)


def read_names(path: Path) -> InventoryNames | None:
    """The names of an inventory, or None when ``path`` is not one."""
    from ._toml import TomlError, parse

    try:
        data = parse(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, TomlError):
        return None
    cluster = data.get("cluster")
    if not isinstance(cluster, dict):
        return None
    folder = path.parent
    base = cluster.get("base")
    names = set(_keys(cluster.get("variables")))
    overrides: list[Path] = []
    nodes = data.get("nodes")
    for node in nodes if isinstance(nodes, list) else ():
        if not isinstance(node, dict):
            continue
        names.update(_keys(node.get("variables")))
        override = node.get("override")
        if isinstance(override, str):
            overrides.append(folder / override)
    names.update(("host.name", "host.fqdn"))
    return InventoryNames(
        path,
        folder / base if isinstance(base, str) and base else None,
        tuple(overrides),
        frozenset(names),
    )


def _keys(table: Any) -> Iterable[str]:
    if isinstance(table, dict):
        return (str(key).lower() for key in table)
    return ()


def _nearby(file: Path) -> list[Path]:
    """``inventory*.toml`` files in the folder of ``file`` and above it, up
    to the repository root."""
    found: list[Path] = []
    folder = Path(os.path.abspath(file)).parent
    for candidate in (folder, *folder.parents):
        found.extend(sorted(candidate.glob(INVENTORY_GLOB)))
        if (candidate / ".git").exists():
            break
    return found


def inventories_of(
    file: str | os.PathLike[str], configured: Iterable[Path] = ()
) -> list[InventoryNames]:
    """The discoverable inventories that use ``file`` (see the module)."""
    target = Path(file)
    seen: set[str] = set()
    found: list[InventoryNames] = []
    for path in [*configured, *_nearby(target)]:
        key = os.path.abspath(path)
        if key in seen:
            continue
        seen.add(key)
        names = read_names(path)
        if names is not None and names.uses(target):
            found.append(names)
    return found


def declared_variables(
    file: str | os.PathLike[str], configured: Iterable[Path] = ()
) -> frozenset[str]:
    """The variable names that the discoverable inventories whose base is
    ``file`` define (empty when there is none)."""
    target = Path(file)
    names: set[str] = set()
    for inventory in inventories_of(target, configured):
        if _same(inventory.base, target):
            names.update(inventory.variables)
    return frozenset(names)
