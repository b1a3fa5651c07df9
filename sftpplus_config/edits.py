"""Validating an edit: what the validator says about the options just set.

[`edit_findings`][sftpplus_config.edits.edit_findings] is what `set`
uses to refuse a write (an error, unless `--force`) and what a tool that
edits documents (an Ansible module) calls after its edit: the findings
[`validate`][sftpplus_config.validation.validate] reports about the given
options of one section, without validating the rest of the file again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document
    from .findings import Finding
    from .schema import Catalog
    from .section import Section

__all__ = ["HEADER_RULES", "edit_findings"]

HEADER_RULES: frozenset[str] = frozenset(
    {"unknown-kind", "invalid-section-id", "duplicate-section"}
)
"""Findings about a section's header: every option of such a section is
affected (options of an unknown kind are not checked at all), so they are
reported with the options' own."""


def edit_findings(
    doc: Document,
    section: str | Section,
    options: Iterable[str],
    *,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
) -> list[Finding]:
    """The errors and warnings that
    [`validate`][sftpplus_config.validation.validate] reports about `options`
    (names, any case) of `section` (a name or a
    [`Section`][sftpplus_config.syntax.Section] of `doc`), in `doc` as it is
    now (after the edit), sorted by position.

    These are the findings about those options (`invalid-value`,
    `unknown-option` with its "did you mean", `dangling-reference`,
    `duplicate-name`, `port-conflict`, `plaintext-password`,
    `removed-option`...) and those about the section's header
    ([`HEADER_RULES`][sftpplus_config.edits.HEADER_RULES]). The same
    findings as a whole validation, filtered: only the edited section is
    checked again (the rules that compare sections look at them all).
    """
    from ._gc import collector_paused
    from .rules._context import Context
    from .rules.syntax import check as syntax_check
    from .rules.versions import parse_version
    from .schema import load_catalog
    from .validation import _SEVERITIES, WHOLE_FILE_GROUPS, _groups, sort_key
    from .variables import _scan

    name = section if isinstance(section, str) else section.name
    if name is None:
        return []
    node = doc.section(name)
    if node is None:
        return []
    wanted = {option.lower() for option in options}
    if isinstance(target_version, str):
        target: tuple[int, ...] | None = parse_version(target_version)
    else:
        target = None if target_version is None else tuple(target_version)

    def about(finding: Finding) -> bool:
        if finding.section != name or finding.severity == "info":
            return False
        if finding.option is None:
            return finding.rule in HEADER_RULES
        return finding.option.lower() in wanted

    with collector_paused():
        the_catalog = catalog if catalog is not None else load_catalog()
        ctx = Context(doc, the_catalog, _SEVERITIES, target_version=target)
        own = ctx.only({name})
        found = [f for f in syntax_check(ctx) if about(f)]
        for group, run in _groups():
            if group == "variables":
                results: Iterable[Finding] = _scan(doc, {}, True, sections=[node])[1]
            else:
                results = run(ctx if group in WHOLE_FILE_GROUPS else own)
            found.extend(f for f in results if about(f))
    return sorted(found, key=sort_key)
