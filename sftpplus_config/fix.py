"""Deterministic fixes, as minimal lossless text edits (``sftpplus-config fix``).

:func:`plan_fixes` finds what SFTPPlus renamed one-to-one and what a file
still says the old way, for a target SFTPPlus version (the schema's version
by default): old option names (``role`` → ``roles``), old types
(``azure-ad`` → ``entra-id``), old values (``sftp`` → ``ssh``, the removed
``disabled`` words that are now an empty value), with the documented value
conversions (transfers ``type = copy`` → ``delete_source_on_success = No``).
Each :class:`Edit` replaces one span of the file; nothing else changes.
:func:`apply_edits` returns the new text. These are the findings that
``validate`` marks ``fixable``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._record import record
from .document import Document
from .history import Change
from .schema import Catalog
from .span import Span

__all__ = ["Edit", "apply_edits", "fix_text", "plan_fixes"]


@record
class Edit:
    """Replace the text at ``span`` (1-based, end exclusive) with ``text``."""

    span: Span
    text: str
    section: str
    option: str | None
    message: str


def plan_fixes(
    doc: Document,
    *,
    target_version: Sequence[int] | None = None,
    catalog: Catalog | None = None,
) -> list[Edit]:
    """The edits that bring ``doc`` to the names of ``target_version``."""
    from .rules._context import Context
    from .rules.versions import option_verdict, type_verdict, value_verdict
    from .schema import load_catalog
    from .validation import RULES

    catalog = catalog if catalog is not None else load_catalog()
    severities = {rule.name: rule.severity for rule in RULES}
    target = tuple(target_version) if target_version is not None else None
    ctx = Context(doc, catalog, severities, target_version=target)
    edits: list[Edit] = []
    for info in ctx.sections:
        plan = info.plan
        if plan is None:
            continue
        values = info.values
        written = info.written_type
        if written is not None and (info.type_error or written.strip().lower() != plan.type):
            judged = type_verdict(ctx, info)
            if judged is not None and judged[0].fixable and judged[0].new:
                edits.append(_value_edit(info.node, "type", judged[0].new, judged[0], info.name))
        for name in sorted(plan.history.intersection(values)):
            judged = option_verdict(ctx, plan, name)
            if judged is None:
                continue
            change = judged[0]
            if not change.fixable or change.new is None or change.new in values:
                continue
            node = info.node.option(name)
            assert node is not None
            edits.append(
                Edit(node.key_span, change.new, info.name, name, f"`{name}` → `{change.new}`")
            )
            mapped = _mapped(change, values[name])
            if mapped is not None:
                edits.append(_value_edit(info.node, name, mapped, change, info.name))
        for name in sorted(plan.value_history.intersection(values)):
            judged = value_verdict(ctx, info, name, values[name])
            if judged is None or not judged[0].fixable or judged[0].new is None:
                continue
            edits.append(_item_edit(info.node, name, judged[0], info.name))
    return edits


def _mapped(change: Change, raw: str) -> str | None:
    """The documented conversion of the old option's value, if any."""
    if not change.value_map:
        return None
    low = {key.lower(): value for key, value in change.value_map.items()}
    return low.get(raw.strip().lower(), low.get("*"))


def _value_edit(section: object, name: str, text: str, change: Change, where: str) -> Edit:
    node = section.option(name)  # type: ignore[attr-defined]
    assert node is not None
    return Edit(node.value_span, text, where, name, f"`{name} = {node.value}` → `{text}`")


def _item_edit(section: object, name: str, change: Change, where: str) -> Edit:
    """Replace the old value, or the old item of a list, by the new one."""
    node = section.option(name)  # type: ignore[attr-defined]
    assert node is not None
    new = change.new or ""
    if node.value.strip().lower() == change.old.lower():
        return Edit(node.value_span, new, where, name, f"`{change.old}` → `{new or '(empty)'}`")
    low = change.old.lower()
    for span, text in zip(node.value_line_spans(), node.value.split("\n"), strict=False):
        at = text.lower().find(low)
        if at >= 0:
            column = span.column + at
            item = Span(span.line, column, span.line, column + len(change.old))
            return Edit(item, new, where, name, f"`{change.old}` → `{new}`")
    return Edit(node.value_span, new, where, name, f"`{change.old}` → `{new}`")


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied (edits must not overlap)."""
    from ._lines import split_lines

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    starts = [0]
    for line in split_lines(body):
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    ordered = sorted(edits, key=lambda e: (e.span.line, e.span.column), reverse=True)
    for edit in ordered:
        start = offset(edit.span.line, edit.span.column)
        end = offset(edit.span.end_line, edit.span.end_column)
        body = body[:start] + edit.text + body[end:]
    return bom + body


def fix_text(
    doc: Document,
    *,
    target_version: Sequence[int] | None = None,
    catalog: Catalog | None = None,
) -> tuple[str, list[Edit]]:
    """The fixed text of ``doc`` and the edits made."""
    edits = plan_fixes(doc, target_version=target_version, catalog=catalog)
    return apply_edits(doc.dumps(), edits), edits
