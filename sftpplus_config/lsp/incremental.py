"""Re-validation of a configuration after an edit: only the sections the
edit touched are checked again.

:class:`Checker` gives the findings :func:`~sftpplus_config.validation.iter_findings`
gives for a whole configuration (no base, no variables), and keeps what it
worked out. On the next text it compares the sections, then:

* the rule groups that look at one section at a time (syntax, schema,
  variables, versions, security) run on the changed sections only (the
  sections a change adds, removes or edits, and every copy of a duplicated
  section); the findings of the other sections are the ones it kept, moved
  to the lines where those sections now are;
* the rule group that looks across sections (references: dangling ids,
  duplicate names, port conflicts) runs on the whole configuration, on
  values it kept for the unchanged sections
  (:meth:`~sftpplus_config.rules._context.Context.derive`, as
  :mod:`sftpplus_config.effective` does for the nodes of a cluster).

A change to most of the file is checked from scratch. A test compares the
result after random edits with a validation of the edited text.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from .._reading import loads
from .._record import replace
from ..findings import Finding, Related
from ..rules._context import Context, SectionInfo
from ..schema import Catalog
from ..span import Span
from ..syntax import Document, Section
from ..validation import _SEVERITIES, RULE_GROUPS, WHOLE_FILE_GROUPS, _groups

__all__ = ["Checker"]

#: Above this share of changed sections, a check starts from scratch.
_FROM_SCRATCH = 0.3
#: The bucket of the findings about the lines before the first section.
_PREAMBLE = ""


@dataclass(slots=True)
class _Kept:
    """The findings about one section name (every copy of it), and the
    first line of each copy when they were made."""

    lines: tuple[int, ...]
    findings: list[Finding]


class Checker:
    """The findings of successive texts of one file (see the module)."""

    def __init__(
        self,
        catalog: Catalog,
        active: Collection[str],
        target_version: tuple[int, ...] | None = None,
    ) -> None:
        self.catalog = catalog
        self.active = frozenset(active)
        self.target_version = target_version
        self._groups = [
            (group, run) for group, run in _groups() if self.active.intersection(RULE_GROUPS[group])
        ]
        self._ctx: Context | None = None
        self._text = ""
        self._starts: list[int] = []
        self._names: list[str] = []
        self._kept: dict[str, _Kept] = {}
        #: the findings of the groups that look across sections
        self._across: list[Finding] | None = None
        #: how many sections the last check looked at again (for tests and the bench)
        self.rechecked = 0
        self.across_rechecked = True

    # -- the public call ---------------------------------------------------------
    def check(self, doc: Document) -> list[Finding]:
        """The findings of ``doc`` (in no particular order)."""
        text = doc.dumps()
        sections = doc.sections
        starts = [section.line for section in sections]
        names = [section.name or "" for section in sections]
        ctx = self._ctx
        changed: set[str] | None = None
        if ctx is not None:
            changed = self._changed(text, starts, names)
            if len(changed) > _FROM_SCRATCH * max(len(names), 1) + 1:
                changed = None
        old_ctx, old_starts, old_names = ctx, self._starts, self._names
        if ctx is None or changed is None:
            ctx = Context(doc, self.catalog, _SEVERITIES, target_version=self.target_version)
            changed = {*names, _PREAMBLE}
            self._kept = {}
            self._across = None
        else:
            ctx = ctx.derive(doc, changed - {_PREAMBLE})
        self._ctx = ctx
        self._text, self._starts, self._names = text, starts, names
        self.rechecked = len(changed - {_PREAMBLE})
        self._recheck(doc, ctx, changed)
        found: list[Finding] = []
        for kept in self._kept.values():
            found.extend(kept.findings)
        across = self._across
        if across is not None and old_ctx is not None and names == old_names:
            across = _kept_across(across, old_ctx, ctx, changed, old_starts, starts, names)
        else:
            across = None
        #: whether the groups that look across sections ran again
        self.across_rechecked = across is None
        if across is None:
            across = [
                finding
                for group, run in self._groups
                if group in WHOLE_FILE_GROUPS
                for finding in run(ctx)
                if finding.rule in self.active
            ]
        self._across = across
        found.extend(across)
        return found

    def _changed(self, text: str, starts: list[int], names: list[str]) -> set[str]:
        """The names of the sections whose text differs between the last
        text and ``text`` (with a line around the change, to be safe), of
        those gone, and every duplicated name (its findings name the other
        copies' lines); the preamble's name when it may have changed."""
        old = self._text
        head = _common_prefix(old, text)
        tail = _common_suffix(old, text, head)
        changed: set[str] = set()
        for doc_text, doc_starts, doc_names in (
            (old, self._starts, self._names),
            (text, starts, names),
        ):
            first = _line_count(doc_text[:head]) + 1
            last = first + _line_count(doc_text[head : len(doc_text) - tail])
            low = bisect.bisect_right(doc_starts, first - 1) - 1
            high = bisect.bisect_right(doc_starts, last + 1)
            if low < 0:
                changed.add(_PREAMBLE)
            changed.update(doc_names[max(low, 0) : high])
        if len(set(names)) != len(names):
            counts = Counter(names)
            changed.update(name for name, count in counts.items() if count > 1)
        changed.update(set(self._names).difference(names))
        return changed

    # -- the sections that changed -------------------------------------------------
    def _recheck(self, doc: Document, ctx: Context, changed: set[str]) -> None:
        """Check the ``changed`` sections again; move the others' findings."""
        copies = _copies(doc)
        moved: dict[str, _Kept] = {}
        for name, kept in self._kept.items():
            if name in changed or name not in copies:
                continue
            lines = tuple(section.line for section in copies[name])
            moved[name] = _Kept(lines, _moved(kept, lines)) if lines != kept.lines else kept
        fresh: dict[str, list[Finding]] = {name: [] for name in changed if name in copies}
        if _PREAMBLE in changed:
            fresh[_PREAMBLE] = []
        names = [name for name in changed if name != _PREAMBLE and name in copies]
        own = ctx.only(names)
        active = self.active
        # one document of the changed sections alone, in file order, for the
        # groups that read a document rather than the context
        subset, place = _subset(doc, copies, set(names))
        for group, run in self._groups:
            if group in WHOLE_FILE_GROUPS:
                continue
            if group == "variables":
                from ..variables import check_variables

                found: Iterable[Finding] = (place(f) for f in check_variables(subset))
            else:
                found = run(own)
            for finding in found:
                if finding.rule in active:
                    fresh.setdefault(_bucket(finding), []).append(finding)
        if active.intersection(RULE_GROUPS["syntax"]):
            from ..rules import syntax

            for finding in syntax.check(ctx, subset):
                if finding.rule in active:
                    finding = place(finding)
                    fresh.setdefault(_bucket(finding), []).append(finding)
        for name, findings in fresh.items():
            if not findings:
                moved.pop(name, None)
                continue
            lines = tuple(s.line for s in copies.get(name, ())) if name else (1,)
            moved[name] = _Kept(lines, findings)
        self._kept = moved


#: The options besides reference options that the references group reads.
_READ_ACROSS = ("name", "enabled", "port", "address")


def _across_key(info: SectionInfo | None) -> tuple[object, ...] | None:
    """What the groups that look across sections read of a section."""
    if info is None:
        return None
    plan = info.plan
    if plan is None:
        return (info.kind, None)
    read = sorted({spec.name for spec in plan.references}.union(_READ_ACROSS))
    return (info.kind, plan.kind, plan.type, tuple(info.values.get(name) for name in read))


def _kept_across(
    found: list[Finding],
    old: Context,
    new: Context,
    changed: set[str],
    old_starts: list[int],
    new_starts: list[int],
    names: list[str],
) -> list[Finding] | None:
    """The last findings of the groups that look across sections, moved to
    the new lines, when nothing they read changed (same sections, in the
    same order; the changed ones the same for what those groups read) and
    none is about a changed section; else None (run them again)."""
    for name in changed:
        if name == _PREAMBLE:
            continue
        if _across_key(old.by_name.get(name)) != _across_key(new.by_name.get(name)):
            return None

    def inside(line: int) -> str | None:
        at = bisect.bisect_right(old_starts, line) - 1
        return names[at] if at >= 0 else None

    for finding in found:
        for span in (finding.span, *(r.span for r in finding.related)):
            if inside(span.line) in changed or inside(span.end_line) in changed:
                return None

    def shift(span: Span) -> Span:
        at = bisect.bisect_right(old_starts, span.line) - 1
        delta = new_starts[at] - old_starts[at] if at >= 0 else 0
        return Span(span.line + delta, span.column, span.end_line + delta, span.end_column)

    return [_relocated(finding, shift, _in_file(finding.file)) for finding in found]


def _copies(doc: Document) -> dict[str, list[Section]]:
    copies: dict[str, list[Section]] = {}
    for section in doc.sections:
        assert section.name is not None
        copies.setdefault(section.name, []).append(section)
    return copies


def _bucket(finding: Finding) -> str:
    return finding.section or _PREAMBLE


def _subset(
    doc: Document, copies: Mapping[str, list[Section]], names: set[str]
) -> tuple[Document, Callable[[Finding], Finding]]:
    """The preamble and the sections called one of ``names``, alone in a
    document, and what moves a finding about it to ``doc``'s lines (all of
    them: ``doc`` itself)."""
    if len(names) == len(copies):
        return doc, _same
    parts = [doc.preamble.text]
    starts: list[int] = []  # first line of each copied section in the subset
    shifts: list[int] = []
    line = 1 + _line_count(parts[0])
    for section in doc.sections:
        if section.name in names:
            text = section.text
            starts.append(line)
            shifts.append(section.line - line)
            parts.append(text)
            line += _line_count(text)
    subset = loads("".join(parts), path=doc.path)

    def shift(span: Span) -> Span:
        at = bisect.bisect_right(starts, span.line) - 1
        delta = shifts[at] if at >= 0 else 0
        if not delta:
            return span
        return Span(span.line + delta, span.column, span.end_line + delta, span.end_column)

    def place(finding: Finding) -> Finding:
        return _relocated(finding, shift, lambda related: True)

    return subset, place


def _same(finding: Finding) -> Finding:
    return finding


_CHUNK = 1 << 16


def _common_prefix(one: str, two: str) -> int:
    """How many characters ``one`` and ``two`` start with in common."""
    limit = min(len(one), len(two))
    at = 0
    while at < limit and one[at : at + _CHUNK] == two[at : at + _CHUNK]:
        at += _CHUNK
    if at >= limit:
        return limit
    size = min(_CHUNK, limit - at)
    while size > 1:  # halve the chunk that differs
        half = size // 2
        if one[at : at + half] == two[at : at + half]:
            at += half
            size -= half
        else:
            size = half
    return at + (1 if size == 1 and one[at] == two[at] else 0)


def _common_suffix(one: str, two: str, prefix: int) -> int:
    """How many characters ``one`` and ``two`` end with in common, not
    counting the first ``prefix`` ones."""
    limit = min(len(one), len(two)) - prefix
    at = 0
    while at < limit:
        size = min(_CHUNK, limit - at)
        if one[len(one) - at - size : len(one) - at] != two[len(two) - at - size : len(two) - at]:
            break
        at += size
    else:
        return limit
    while size > 1:  # halve the chunk that differs
        half = size // 2
        if one[len(one) - at - half : len(one) - at] == two[len(two) - at - half : len(two) - at]:
            at += half
            size -= half
        else:
            size = half
    same = one[len(one) - at - 1] == two[len(two) - at - 1]
    return at + (1 if size == 1 and same else 0)


def _line_count(text: str) -> int:
    """How many line breaks ``text`` has (``\\r\\n`` is one)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _moved(kept: _Kept, lines: tuple[int, ...]) -> list[Finding]:
    """The findings of a section whose copies now start at ``lines``."""
    if len(lines) != len(kept.lines):  # cannot happen: a duplicate is always rechecked
        return kept.findings
    starts = list(kept.lines)
    deltas = [new - old for new, old in zip(lines, kept.lines, strict=True)]

    def shift(span: Span) -> Span:
        at = max(bisect.bisect_right(starts, span.line) - 1, 0)
        delta = deltas[at]
        return Span(span.line + delta, span.column, span.end_line + delta, span.end_column)

    return [_relocated(finding, shift, _in_file(finding.file)) for finding in kept.findings]


def _in_file(file: str | None) -> Callable[[Related], bool]:
    return lambda related: related.file in (None, file)


def _relocated(
    finding: Finding, shift: Callable[[Span], Span], ours: Callable[[Related], bool]
) -> Finding:
    """``finding`` with its span and the related spans that ``ours`` says
    are in this file shifted; a message that names a related line (``first
    set at line 3``) names the new one."""
    message = finding.message
    related: list[Related] = []
    for item in finding.related:
        if not ours(item):
            related.append(item)
            continue
        span = shift(item.span)
        if span.line != item.span.line:
            message = message.replace(f"at line {item.span.line})", f"at line {span.line})")
        related.append(Related(span, item.message, item.file))
    return replace(finding, span=shift(finding.span), message=message, related=tuple(related))
