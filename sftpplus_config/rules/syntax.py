"""Syntax rules: what :meth:`Document.problems` reports, with
``indented-option`` kept only when the indented name is an option the
section's kind and type accept (elsewhere an indented ``a = b`` line is
ordinary value text, such as a URL query or an INI snippet)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..findings import Finding
from ..syntax import Document
from ._context import Context

__all__ = ["check"]


def check(ctx: Context, doc: Document | None = None) -> Iterator[Finding]:
    """Syntax findings of ``doc`` (default: the context's document); the
    ``indented-option`` filter asks the context's sections."""
    from .._problems import iter_problems

    source = ctx.doc if doc is None else doc
    for problem in iter_problems(source):
        if problem.rule == "indented-option":
            info = ctx.by_name.get(problem.section or "")
            if info is None or info.plan is None or problem.option not in info.plan.checks:
                continue
        located = problem.with_file(source.path)
        severity = ctx.severity(problem.rule)
        # replace() is slow, and a file of bad lines has a finding a line
        yield (
            located
            if located.severity == severity
            else dataclasses.replace(located, severity=severity)
        )
