"""Which files go together: an override file and the base it applies to.

One rule, used by ``validate``, ``check-cluster``, ``build``'s checks and
the language server:

* a file whose name ends with ``.override.ini`` is an override;
* its base is the ``server.ini`` beside it (the vendor's layout: one
  instance, ``configuration/server.ini`` and
  ``configuration/server.override.ini``), else the ``server.ini`` in the
  folder above (the layout ``build`` writes in ``shared-folder`` mode:
  ``DIR/server.ini`` and ``DIR/<node>/server.override.ini``);
* the other way round, the *node overrides* of a ``server.ini`` are the
  ``<folder>/server.override.ini`` files of the folders beside it that have
  no ``server.ini`` of their own (so that their base is this one).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "BASE_NAME",
    "OVERRIDE_NAME",
    "base_candidates",
    "find_base",
    "is_override_file",
    "node_overrides",
]

BASE_NAME = "server.ini"
OVERRIDE_NAME = "server.override.ini"
_OVERRIDE_SUFFIX = ".override.ini"


def is_override_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file is an override by its name (``*.override.ini``)."""
    return Path(path).name.lower().endswith(_OVERRIDE_SUFFIX)


def base_candidates(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where the base of an override is looked for, in order: the
    ``server.ini`` beside it, then the one in the folder above."""
    beside = Path(path).parent / BASE_NAME
    return beside, beside.parent.parent / BASE_NAME


def find_base(path: str | os.PathLike[str]) -> Path | None:
    """The base of the override file ``path`` (see the module's rule), or
    None when neither candidate is a file."""
    for candidate in base_candidates(path):
        if candidate.is_file():
            return candidate
    return None


def node_overrides(base: str | os.PathLike[str]) -> list[Path]:
    """The node overrides of a shared ``server.ini`` (``build``'s
    shared-folder layout): ``<sub>/server.override.ini`` for each folder
    beside ``base`` that holds one and no ``server.ini``. Sorted; empty for
    a file not called ``server.ini``."""
    path = Path(base)
    if path.name != BASE_NAME:
        return []
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(path.parent), key=lambda entry: entry.name)
    except OSError:
        return []
    for entry in entries:
        try:
            if not entry.is_dir():
                continue
        except OSError:
            continue
        folder = Path(entry.path)
        override = folder / OVERRIDE_NAME
        if override.is_file() and not (folder / BASE_NAME).is_file():
            found.append(override)
    return found
