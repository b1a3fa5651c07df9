"""Syntax rules: what :meth:`Document.problems` reports, with
``indented-option`` kept only when the indented name is an option the
section's kind and type accept (elsewhere an indented ``a = b`` line is
ordinary value text, such as a URL query, an INI snippet or
``Contact: ops@example.com`` in a message).

:func:`syntax_findings` is the one place that decides this: the validator
(:func:`check`) and the verdict every command uses to refuse a file
(:mod:`sftpplus_config.acceptance`) both call it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .._record import replace
from ..findings import Finding
from ..syntax import Document
from ._context import Context
from ._plan import Plan

__all__ = ["check", "syntax_findings"]


def syntax_findings(doc: Document, plan_of: Callable[[str], Plan | None]) -> Iterator[Finding]:
    """The syntax findings of ``doc``, in ``doc``'s file. ``plan_of`` gives
    the plan of a section by name (None: unknown kind); an indented line is
    an ``indented-option`` only when its name is one of the plan's options."""
    from .._problems import iter_problems

    path = doc.path
    for problem in iter_problems(doc):
        if problem.rule == "indented-option":
            plan = plan_of(problem.section or "")
            if plan is None or problem.option not in plan.checks:
                continue
        yield problem.with_file(path)


def check(ctx: Context, doc: Document | None = None) -> Iterator[Finding]:
    """Syntax findings of ``doc`` (default: the context's document); the
    ``indented-option`` filter asks the context's sections (those of the
    effective configuration, when ``doc`` is a base or an override)."""
    source = ctx.doc if doc is None else doc
    by_name = ctx.by_name

    def plan_of(name: str) -> Plan | None:
        info = by_name.get(name)
        return None if info is None else info.plan

    for finding in syntax_findings(source, plan_of):
        if finding.severity != ctx.severity(finding.rule):
            finding = replace(finding, severity=ctx.severity(finding.rule))
        yield finding
