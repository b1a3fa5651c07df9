"""One module per command; each has ``register(subparsers)`` which sets
``run(args) -> int`` as the parser's default."""

from __future__ import annotations

from types import ModuleType

from . import diff, explain, export, get, merge3, rebase, set_, split, unset

ALL: tuple[ModuleType, ...] = (get, set_, unset, export, explain, diff, merge3, rebase, split)
