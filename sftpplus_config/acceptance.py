"""One verdict on a file: whether it is acceptable.

Every command that refuses input on syntax grounds asks this module —
``validate`` (through the syntax rule group), ``build``, ``render``,
``merge``, ``rebase``, ``merge3``, ``split`` and ``load(strict=True)`` — so
that none of them keeps a stricter or looser copy of the rules.

A file is refused when it has an error finding of the syntax group
(``syntax-error``, ``duplicate-section``, ``duplicate-option``,
``option-outside-section``, ``indented-option``) as ``validate`` reports it:
``indented-option`` only for an indented line whose name is an option of the
section's kind and type (`sftpplus_config.rules.syntax.syntax_findings`), after
the file's suppression comments and the rules the caller leaves out
(``active``, from ``--select``/``--ignore`` or the configuration file).

[`Document.problems`][sftpplus_config.syntax.Document.problems] is the
lower-level report underneath: it flags every indented ``name = value`` line,
known option or not, and no command refuses a file on it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .exceptions import RefusedError
from .findings import Finding

if TYPE_CHECKING:
    from .rules._plan import Plan
    from .schema import Catalog
    from .suppressions import Suppressions
    from .syntax import Document

__all__ = ["refusals", "require_acceptable", "syntax_problems"]


def syntax_problems(
    doc: Document, *, base: Document | None = None, catalog: Catalog | None = None
) -> list[Finding]:
    """The syntax findings of ``doc`` as ``validate`` reports them, before
    suppressions. ``base``: ``doc`` is an override of it (the section types
    of the effective configuration decide which options are known)."""
    from .rules._context import section_plan
    from .rules.syntax import syntax_findings
    from .schema import load_catalog

    effective: list[Document] = []

    def plan_of(name: str) -> Plan | None:
        if not effective:
            if base is None:
                effective.append(doc)
            else:
                from .overrides import apply_overrides

                effective.append(apply_overrides(base, doc))
        section = effective[0].section(name)
        written = section.as_dict().get("type") if section is not None else None
        return section_plan(catalog or load_catalog(), name, written)

    return list(syntax_findings(doc, plan_of))


def refusals(
    doc: Document,
    *,
    base: Document | None = None,
    catalog: Catalog | None = None,
    active: Iterable[str] | None = None,
    suppressions: Suppressions | None = None,
) -> list[Finding]:
    """The error findings that make ``validate`` fail ``doc`` on syntax
    grounds (empty: acceptable), sorted by position.

    ``active``: the rules the run reports (default: all). ``suppressions``: the
    file's suppression comments (default: read from ``doc``; raises
    [`SuppressionError`][sftpplus_config.suppressions.SuppressionError] when
    one is malformed)."""
    from . import suppressions as suppression
    from .validation import RULE_GROUPS, sort_key

    wanted = set(RULE_GROUPS["syntax"]) if active is None else set(active)
    found = [
        f
        for f in syntax_problems(doc, base=base, catalog=catalog)
        if f.rule in wanted and f.severity == "error"
    ]
    if not found:
        return []
    table = suppressions if suppressions is not None else suppression.parse(doc)
    if table:
        found = list(suppression.apply(found, {doc.path: table}))
    return sorted(found, key=sort_key)


def require_acceptable(
    doc: Document,
    *,
    base: Document | None = None,
    active: Iterable[str] | None = None,
) -> None:
    """Raise [`RefusedError`][sftpplus_config.exceptions.RefusedError] when
    [`refusals`][sftpplus_config.acceptance.refusals] finds anything."""
    found = refusals(doc, base=base, active=active)
    if found:
        raise RefusedError(found)
