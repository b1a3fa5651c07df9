"""One module per command; each has ``register(subparsers)`` which sets
``run(args) -> int`` as the parser's default."""

from __future__ import annotations

from types import ModuleType

from . import (
    assets,
    build,
    check_cluster,
    diff,
    explain,
    export,
    get,
    merge,
    merge3,
    rebase,
    render,
    set_,
    split,
    unset,
    validate,
)

ALL: tuple[ModuleType, ...] = (
    validate,
    get,
    set_,
    unset,
    export,
    explain,
    render,
    merge,
    build,
    check_cluster,
    assets,
    diff,
    merge3,
    rebase,
    split,
)
