"""sftpplus-config: lossless editing and validation of SFTPPlus server.ini."""

from .api import dumps, load, loads
from .exceptions import (
    DecodeError,
    EditError,
    OptionNotFoundError,
    ParseError,
    SectionNotFoundError,
    SftpplusConfigError,
)
from .findings import Finding, Related
from .span import Span
from .syntax import Blank, Comment, Document, Invalid, Node, Option, Section

__version__ = "0.1.0"

__all__ = [
    "Blank",
    "Comment",
    "DecodeError",
    "Document",
    "EditError",
    "Finding",
    "Invalid",
    "Node",
    "Option",
    "OptionNotFoundError",
    "ParseError",
    "Related",
    "Section",
    "SectionNotFoundError",
    "SftpplusConfigError",
    "Span",
    "__version__",
    "dumps",
    "load",
    "loads",
]
