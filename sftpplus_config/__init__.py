"""sftpplus-config: lossless editing and validation of SFTPPlus server.ini.

The public names below are imported from their modules when first used
(PEP 562), so that ``import sftpplus_config`` costs almost nothing: a
pre-commit run imports only what the command it runs needs.

Three functions share their name with the module that defines them
(``diff``, ``merge3``, ``split``): ``sftpplus_config.diff`` is the function,
also once the module has been imported (the package keeps the function when
the import system records the submodule on it). Import the modules' other
names from the modules (``from sftpplus_config.diff import SetOption``).
"""

from __future__ import annotations

import importlib
import sys
import types

# ``typing`` (which imports ``re``) is not imported for this: a plain
# ``import sftpplus_config`` stays cheap; type checkers read it as usual
TYPE_CHECKING = False

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "SaveResult": "._atomic",
    "dumps": ".api",
    "load": ".api",
    "loads": ".api",
    "new_id": ".api",
    "Asset": ".assets",
    "list_assets": ".assets",
    "Component": ".components",
    "Diff": ".diff",
    "diff": ".diff",
    "edit_findings": ".edits",
    "AmbiguousNameError": ".exceptions",
    "DecodeError": ".exceptions",
    "EditError": ".exceptions",
    "FileChangedError": ".exceptions",
    "InvalidValueError": ".exceptions",
    "OptionNotFoundError": ".exceptions",
    "ParseError": ".exceptions",
    "SectionNotFoundError": ".exceptions",
    "SelectorError": ".exceptions",
    "SftpplusConfigError": ".exceptions",
    "UnsafePathError": ".exceptions",
    "Finding": ".findings",
    "Related": ".findings",
    "BuildResult": ".inventory",
    "Inventory": ".inventory",
    "build": ".inventory",
    "load_inventory": ".inventory",
    "LockTimeoutError": ".locking",
    "locked": ".locking",
    "Merge3Result": ".merge3",
    "MergeConflict": ".merge3",
    "merge3": ".merge3",
    "MergeResult": ".overrides",
    "merge": ".overrides",
    "Conflict": ".patch",
    "PatchResult": ".patch",
    "apply": ".patch",
    "rebase": ".patch",
    "select": ".selectors",
    "select_or_none": ".selectors",
    "Span": ".span",
    "SplitResult": ".split",
    "split": ".split",
    "Blank": ".syntax",
    "Comment": ".syntax",
    "Document": ".syntax",
    "Invalid": ".syntax",
    "Node": ".syntax",
    "Option": ".syntax",
    "Section": ".syntax",
    "ValidationResult": ".validation",
    "validate": ".validation",
    "RenderResult": ".variables",
    "render": ".variables",
}

__all__ = [
    "AmbiguousNameError",
    "Asset",
    "Blank",
    "BuildResult",
    "Comment",
    "Component",
    "Conflict",
    "DecodeError",
    "Diff",
    "Document",
    "EditError",
    "FileChangedError",
    "Finding",
    "Invalid",
    "InvalidValueError",
    "Inventory",
    "LockTimeoutError",
    "Merge3Result",
    "MergeConflict",
    "MergeResult",
    "Node",
    "Option",
    "OptionNotFoundError",
    "ParseError",
    "PatchResult",
    "Related",
    "RenderResult",
    "SaveResult",
    "Section",
    "SectionNotFoundError",
    "SelectorError",
    "SftpplusConfigError",
    "Span",
    "SplitResult",
    "UnsafePathError",
    "ValidationResult",
    "__version__",
    "apply",
    "build",
    "diff",
    "dumps",
    "edit_findings",
    "list_assets",
    "load",
    "load_inventory",
    "loads",
    "locked",
    "merge",
    "merge3",
    "new_id",
    "rebase",
    "render",
    "select",
    "select_or_none",
    "split",
    "validate",
]

if TYPE_CHECKING:
    from typing import Any

    from ._atomic import SaveResult
    from .api import dumps, load, loads, new_id
    from .assets import Asset, list_assets
    from .components import Component
    from .diff import Diff, diff
    from .edits import edit_findings
    from .exceptions import (
        AmbiguousNameError,
        DecodeError,
        EditError,
        FileChangedError,
        InvalidValueError,
        OptionNotFoundError,
        ParseError,
        SectionNotFoundError,
        SelectorError,
        SftpplusConfigError,
        UnsafePathError,
    )
    from .findings import Finding, Related
    from .inventory import BuildResult, Inventory, build, load_inventory
    from .locking import LockTimeoutError, locked
    from .merge3 import Merge3Result, MergeConflict, merge3
    from .overrides import MergeResult, merge
    from .patch import Conflict, PatchResult, apply, rebase
    from .selectors import select, select_or_none
    from .span import Span
    from .split import SplitResult, split
    from .syntax import Blank, Comment, Document, Invalid, Node, Option, Section
    from .validation import ValidationResult, validate
    from .variables import RenderResult, render


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


#: Public functions named like the module that defines them.
_SHADOWED = frozenset(name for name, module in _EXPORTS.items() if module == f".{name}")


class _Package(types.ModuleType):
    """The package's module type: when a submodule called like one of its
    functions is imported, the import system sets it as an attribute of the
    package; the function is kept instead (``sftpplus_config.diff`` stays
    the function ``diff``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
