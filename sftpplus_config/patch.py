"""Applying a diff to another document (a diff is also a patch:
docs/diff-and-merge.md).

[`apply`][sftpplus_config.patch.apply] takes the operations of a
[`Diff`][sftpplus_config.diff.Diff] and replays them on a copy of a document
through the lossless edit API, so the target keeps its formatting: only the
lines of the options and sections the operations touch change.

Each operation carries the value it expects to find. When the target holds that
value, the operation applies; when the target already holds the new value,
there is nothing to do; otherwise the operation is *not* applied and a
[`Conflict`][sftpplus_config.patch.Conflict] says why, with the target's span.
Nothing is ever overwritten silently.

[`rebase`][sftpplus_config.patch.rebase] is the vendor-upgrade workflow: the
changes a node made to an old base, replayed on a new base.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ._record import record
from .api import loads
from .diff import (
    AddSection,
    Diff,
    Operation,
    OptionItems,
    RemoveSection,
    RenameSection,
    SetOption,
    UnsetOption,
    diff,
)
from .exceptions import EditError
from .span import Span
from .syntax import Document

__all__ = [
    "AddSection",
    "Conflict",
    "ConflictReason",
    "Operation",
    "PatchResult",
    "RemoveSection",
    "RenameSection",
    "SetOption",
    "UnsetOption",
    "apply",
    "rebase",
]

ConflictReason = Literal[
    "value-changed",
    "option-exists",
    "option-missing",
    "section-missing",
    "section-changed",
    "section-exists",
    "refused",
]

_MESSAGES: dict[ConflictReason, str] = {
    "value-changed": "the target's value of `{option}` in [{section}] is not the one "
    "this change expects",
    "option-exists": "the target already sets `{option}` in [{section}], to another value",
    "option-missing": "the target has no option `{option}` in [{section}] any more",
    "section-missing": "the target has no section [{section}]",
    "section-changed": "the target's section [{section}] differs from the one this change removes",
    "section-exists": "the target already has a section [{section}], with other options",
    "refused": "the change to [{section}] cannot be written: {detail}",
}


@record
class Conflict:
    """An operation that was not applied because the target does not hold
    what it expects.

    ``span`` is where in the target (as given to
    [`apply`][sftpplus_config.patch.apply]) the clash is: the option, else the
    section header, else None (the section is not in the target). ``actual`` is
    the target's value of the option, when it has one. The message never
    contains a value (values may be secrets).
    """

    operation: Operation
    reason: ConflictReason
    section: str
    option: str | None
    message: str
    span: Span | None
    actual: str | None = None


@record
class PatchResult:
    """The patched document (a new one) and the operations that did not
    apply."""

    document: Document
    conflicts: tuple[Conflict, ...] = ()

    @property
    def clean(self) -> bool:
        """No conflict: every operation was applied."""
        return not self.conflicts


def _matches(actual: dict[str, str], expected: OptionItems) -> bool:
    return actual == {key.lower(): value for key, value in expected}


class _Patcher:
    def __init__(self, target: Document, work: Document) -> None:
        self.target = target
        self.work = work
        self.conflicts: list[Conflict] = []

    def conflict(
        self,
        op: Operation,
        reason: ConflictReason,
        section: str,
        option: str | None = None,
        actual: str | None = None,
        detail: str = "",
    ) -> None:
        where = self.target.section(section)
        span = None
        if where is not None:
            node = where.option(option) if option is not None else None
            span = node.span if node is not None else where.span
        message = _MESSAGES[reason].format(section=section, option=option, detail=detail)
        self.conflicts.append(Conflict(op, reason, section, option, message, span, actual))

    def set(self, op: Operation, section: str, key: str, old: str | None, new: str) -> None:
        node = self.work.section(section)
        option = key.lower()
        if node is None:
            self.conflict(op, "section-missing", section, option)
            return
        current = node.get(option)
        if current == new:
            return
        if current != old:
            if current is None:
                reason: ConflictReason = "option-missing"
            elif old is None:
                reason = "option-exists"
            else:
                reason = "value-changed"
            self.conflict(op, reason, section, option, current)
            return
        node.set(key, new)

    def run(self, op: Operation) -> None:
        work = self.work
        if isinstance(op, SetOption):
            self.set(op, op.section, op.key or op.option, op.old, op.new)
        elif isinstance(op, UnsetOption):
            node = work.section(op.section)
            if node is None:
                self.conflict(op, "section-missing", op.section, op.option)
                return
            current = node.get(op.option)
            if current is None:
                return
            if current != op.old:
                self.conflict(op, "value-changed", op.section, op.option, current)
                return
            node.remove(op.option)
        elif isinstance(op, AddSection):
            if work.section(op.section) is None:
                work.add_section(op.section)
            for key, value in op.options:
                self.set(op, op.section, key, None, value)
        elif isinstance(op, RemoveSection):
            node = work.section(op.section)
            if node is None:
                return
            if not _matches(node.as_dict(), op.options):
                self.conflict(op, "section-changed", op.section)
                return
            work.remove_section(op.section)
        else:
            self.rename(op)

    def rename(self, op: RenameSection) -> None:
        source = self.work.section(op.section)
        dest = self.work.section(op.new_name)
        if dest is not None:
            if source is None and _matches(dest.as_dict(), op.options):
                return  # already renamed
            self.conflict(op, "section-exists", op.new_name)
            return
        if source is None:
            self.conflict(op, "section-missing", op.section)
            return
        if sum(1 for other in self.work.sections if other.name == op.section) > 1:
            # renaming the first of two [X] would leave the second as [X]
            self.conflict(
                op, "refused", op.section, detail="the target defines this section more than once"
            )
            return
        # the section may have been edited in the target: its edits follow it
        self.work.rename_section(op.section, op.new_name)


def apply(operations: Diff | Iterable[Operation], document: Document) -> PatchResult:
    """Apply ``operations`` to a copy of ``document``; ``document`` is not
    changed.

    - ``set``: applies when the target's value is the expected old value
      (absent, for a new option), and is already done when it is the new
      value;
    - ``unset``: applies when the target has the expected value, and is
      already done when the option is absent;
    - ``add-section``: adds the section, or, when the target already has
      it, sets each of its options as a new option (each may conflict);
    - ``remove-section``: applies when the target's section has exactly the
      expected options, and is already done when it is absent;
    - ``rename-section``: applies when the target has the old name and not
      the new one (the target's own edits to the section go along).

    Everything else is a [`Conflict`][sftpplus_config.patch.Conflict], in the
    operations' order.
    """
    return _apply(operations, document, loads(document.dumps(), path=document.path))


def _apply(operations: Diff | Iterable[Operation], target: Document, work: Document) -> PatchResult:
    """[`apply`][sftpplus_config.patch.apply], on ``work``: a copy of
    ``target`` the caller made (``merge3`` keeps its sections to know where
    each one came from)."""
    patcher = _Patcher(target, work)
    for op in operations:
        try:
            patcher.run(op)
        except EditError as exc:
            option = op.option if isinstance(op, SetOption | UnsetOption) else None
            patcher.conflict(op, "refused", op.section, option, detail=str(exc))
    return PatchResult(patcher.work, tuple(patcher.conflicts))


def rebase(old_base: Document, node: Document, new_base: Document) -> PatchResult:
    """The changes ``node`` made to ``old_base``, replayed on ``new_base``
    (``apply(diff(old_base, node), new_base)``): after a vendor upgrade
    rewrote the base, a node keeps its own settings and gets the new
    base's, in the new base's formatting."""
    return apply(diff(old_base, node), new_base)
