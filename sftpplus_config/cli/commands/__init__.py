"""One module per command; each has ``register(subparsers)`` which sets
``run(args) -> int`` as the parser's default."""

from __future__ import annotations

from types import ModuleType

from . import explain, export, get, set_, unset, validate

ALL: tuple[ModuleType, ...] = (validate, get, set_, unset, export, explain)
