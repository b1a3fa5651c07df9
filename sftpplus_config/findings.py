"""Findings: positioned problems reported about a configuration."""

from __future__ import annotations

from typing import Literal

from ._record import field, record
from .span import Span

__all__ = ["SEVERITIES", "Finding", "Related", "Severity"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@record
class Related:
    """Another place that a finding refers to (the first definition of a
    duplicate, the other node of a cluster conflict...)."""

    span: Span
    message: str
    file: str | None = None


@record
class Finding:
    """One problem found in a configuration.

    ``rule`` is a stable name from the rule table (see docs/validation.md);
    ``span`` is where the problem is; ``section`` and ``option`` name the
    place in INI terms; ``hint`` says how to fix it.
    """

    rule: str
    severity: Severity
    message: str
    span: Span
    file: str | None = None
    section: str | None = None
    option: str | None = None
    hint: str | None = None
    related: tuple[Related, ...] = field(default=())
    #: ``sftpplus-config fix`` repairs it
    fixable: bool = False

    def with_file(self, file: str | None) -> Finding:
        """The same finding, located in ``file`` (related places too, where
        they have no file of their own)."""
        related = tuple(
            r if r.file is not None else Related(r.span, r.message, file) for r in self.related
        )
        return Finding(
            self.rule,
            self.severity,
            self.message,
            self.span,
            file,
            self.section,
            self.option,
            self.hint,
            related,
            self.fixable,
        )
