"""One module per command; each has ``register(subparsers)`` which sets
``run(args) -> int`` as the parser's default.

Modules are imported when a parser needs them: a run of one command imports
that command's module only (and so only the library modules it uses), which
keeps a pre-commit ``validate`` run within its time budget.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Command name to module name, in the order ``--help`` lists them.
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "fix": "fix",
    "list": "list_",
    "get": "get",
    "set": "set_",
    "unset": "unset",
    "export": "export",
    "explain": "explain",
    "render": "render",
    "merge": "merge",
    "build": "build",
    "check-cluster": "check_cluster",
    "assets": "assets",
    "diff": "diff",
    "merge3": "merge3",
    "rebase": "rebase",
    "split": "split",
    "lsp": "lsp",
}


def load(command: str) -> ModuleType:
    """The module of one command (imported on first use)."""
    return importlib.import_module(f"{__name__}.{COMMANDS[command]}")


def __getattr__(name: str) -> tuple[ModuleType, ...]:
    if name == "ALL":  # every command module, in help order
        return tuple(load(command) for command in COMMANDS)
    raise AttributeError(name)
