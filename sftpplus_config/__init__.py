"""sftpplus-config: lossless editing and validation of SFTPPlus server.ini.

The public names below are imported from their modules when first used
(PEP 562), so that ``import sftpplus_config`` costs almost nothing: a
pre-commit run imports only what the command it runs needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "SaveResult": "._atomic",
    "dumps": ".api",
    "load": ".api",
    "loads": ".api",
    "DecodeError": ".exceptions",
    "EditError": ".exceptions",
    "FileChangedError": ".exceptions",
    "OptionNotFoundError": ".exceptions",
    "ParseError": ".exceptions",
    "SectionNotFoundError": ".exceptions",
    "SftpplusConfigError": ".exceptions",
    "UnsafePathError": ".exceptions",
    "Finding": ".findings",
    "Related": ".findings",
    "LockTimeoutError": ".locking",
    "locked": ".locking",
    "Span": ".span",
    "Blank": ".syntax",
    "Comment": ".syntax",
    "Document": ".syntax",
    "Invalid": ".syntax",
    "Node": ".syntax",
    "Option": ".syntax",
    "Section": ".syntax",
}

__all__ = [
    "Blank",
    "Comment",
    "DecodeError",
    "Document",
    "EditError",
    "FileChangedError",
    "Finding",
    "Invalid",
    "LockTimeoutError",
    "Node",
    "Option",
    "OptionNotFoundError",
    "ParseError",
    "Related",
    "SaveResult",
    "Section",
    "SectionNotFoundError",
    "SftpplusConfigError",
    "Span",
    "UnsafePathError",
    "__version__",
    "dumps",
    "load",
    "loads",
    "locked",
]

if TYPE_CHECKING:
    from ._atomic import SaveResult
    from .api import dumps, load, loads
    from .exceptions import (
        DecodeError,
        EditError,
        FileChangedError,
        OptionNotFoundError,
        ParseError,
        SectionNotFoundError,
        SftpplusConfigError,
        UnsafePathError,
    )
    from .findings import Finding, Related
    from .locking import LockTimeoutError, locked
    from .span import Span
    from .syntax import Blank, Comment, Document, Invalid, Node, Option, Section


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
