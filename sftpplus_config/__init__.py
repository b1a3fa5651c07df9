"""sftpplus-config: lossless editing and validation of SFTPPlus server.ini."""

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

__version__ = "0.1.0"

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
