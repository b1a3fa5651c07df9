"""Findings as LSP diagnostics: the rule name as the code, the severity,
the hint after the message, the other places (a duplicate's first
definition...) as related information."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from lsprotocol import types

from ..findings import Finding
from .positions import Lines
from .state import OpenFile, Problem

__all__ = ["SOURCE", "diagnostics"]

SOURCE = "sftpplus-config"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def diagnostics(
    file: OpenFile,
    found: Sequence[Finding | Problem],
    lines_of: Callable[[str], tuple[str, Lines] | None],
) -> list[types.Diagnostic]:
    """The diagnostics of ``found`` about ``file``. ``lines_of`` gives the
    URI and lines of another file (for related places), or None."""
    result: list[types.Diagnostic] = []
    for item in found:
        if isinstance(item, Problem):
            result.append(
                types.Diagnostic(
                    range=file.lines.range(item.span),
                    message=_text(item.message, item.hint),
                    severity=types.DiagnosticSeverity.Error,
                    code=item.rule,
                    source=SOURCE,
                )
            )
            continue
        related = []
        for place in item.related:
            where = place.file or item.file
            if where is None or (
                file.path and os.path.abspath(where) == os.path.abspath(file.path)
            ):
                uri, lines = file.uri, file.lines
            else:
                other = lines_of(where)
                if other is None:
                    continue
                uri, lines = other
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri, range=lines.range(place.span)),
                    message=place.message,
                )
            )
        result.append(
            types.Diagnostic(
                range=file.lines.range(item.span),
                message=_text(item.message, item.hint),
                severity=_SEVERITY[item.severity],
                code=item.rule,
                source=SOURCE,
                related_information=related or None,
                data={"fixable": item.fixable, "section": item.section, "option": item.option},
            )
        )
    return result


def _text(message: str, hint: str | None) -> str:
    return message if not hint else f"{message}\nhint: {hint}"
