"""Semantic diff of two server.ini documents (docs/diff-and-merge.md).

[`diff`][sftpplus_config.diff.diff] compares what SFTPPlus reads, not the text:
changes are keyed by (section, option), so the order of sections and options,
the spacing, ``=`` vs ``:``, the case of option names, comments and the
indentation of continuation lines make no difference. Section names are
case-sensitive, as SFTPPlus reads them.

A [`Diff`][sftpplus_config.diff.Diff] is a list of frozen operations
([`SetOption`][sftpplus_config.diff.SetOption],
[`UnsetOption`][sftpplus_config.diff.UnsetOption],
[`AddSection`][sftpplus_config.diff.AddSection],
[`RemoveSection`][sftpplus_config.diff.RemoveSection],
[`RenameSection`][sftpplus_config.diff.RenameSection]), each carrying the old
value it expects, so a diff is also a patch (see
[`sftpplus_config.patch`][sftpplus_config.patch]).
[`render_text`][sftpplus_config.diff.render_text] and
[`to_json`][sftpplus_config.diff.to_json] present it for review, with secrets
redacted unless ``show_secrets`` is given.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

from ._printable import log_lines
from ._record import field, record
from .components import split_section_name
from .secrets import REDACTED, is_secret, looks_secret
from .syntax import Document, Section

__all__ = [
    "AddSection",
    "Diff",
    "LineChange",
    "Operation",
    "RemoveSection",
    "RenameSection",
    "SectionInfo",
    "SetOption",
    "UnsetOption",
    "diff",
    "line_changes",
    "render_text",
    "to_json",
]

OptionItems = tuple[tuple[str, str], ...]
"""``((option, value), ...)``, in file order."""


@record
class SetOption:
    """Set ``option`` of ``[section]`` to ``new``; ``old`` is the value it
    expects to replace (None: it expects the option to be absent). ``key`` is
    the spelling to write when the option is new."""

    section: str
    option: str
    old: str | None
    new: str
    key: str = ""
    op: ClassVar[str] = "set"

    def line_changes(self) -> list[LineChange]:
        """The value compared line by line (see
        [`line_changes`][sftpplus_config.diff.line_changes])."""
        return line_changes(self.old, self.new)


@record
class UnsetOption:
    """Remove ``option`` from ``[section]``; it expects the value ``old``."""

    section: str
    option: str
    old: str
    op: ClassVar[str] = "unset"


@record
class AddSection:
    """Add ``[section]`` with ``options`` (``(key, value)`` pairs, keys as
    spelled in the new document). It expects the section to be absent."""

    section: str
    options: OptionItems
    op: ClassVar[str] = "add-section"


@record
class RemoveSection:
    """Remove ``[section]``; it expects exactly ``options`` in it (keys as
    spelled in the old document, compared without case)."""

    section: str
    options: OptionItems
    op: ClassVar[str] = "remove-section"


@record
class RenameSection:
    """Rename ``[section]`` to ``[new_name]``: the two documents have a
    section each with these same ``options`` under different names (a new
    UUID, typically)."""

    section: str
    new_name: str
    options: OptionItems
    op: ClassVar[str] = "rename-section"


Operation = SetOption | UnsetOption | AddSection | RemoveSection | RenameSection


@record
class SectionInfo:
    """What a reviewer needs to recognise a section: its kind, its
    ``type`` (from either side, lower case) and its ``name`` option."""

    kind: str
    types: tuple[str, ...] = ()
    label: str | None = None


@record
class LineChange:
    """One line of a value compared line by line: ``"-"`` removed,
    ``"+"`` added, ``" "`` unchanged."""

    tag: Literal["-", "+", " "]
    text: str


@record
class Diff:
    """The operations that turn one document into the other, in a stable
    order (the first document's section order, then new sections in the
    second document's order). Empty when the documents read the same.

    ``sections`` describes each section the operations name (kind, type,
    ``name`` label); it is presentation only and not part of equality.
    """

    operations: tuple[Operation, ...] = ()
    sections: Mapping[str, SectionInfo] = field(default_factory=dict, compare=False)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def __len__(self) -> int:
        return len(self.operations)

    def __bool__(self) -> bool:
        return bool(self.operations)

    def __getitem__(self, index: int) -> Operation:
        return self.operations[index]

    def info(self, section: str) -> SectionInfo:
        """What is known of ``section`` (kind, type, ``name`` label); its kind
        alone when the diff does not describe it."""
        found = self.sections.get(section)
        return found if found is not None else SectionInfo(split_section_name(section)[0])

    def is_secret(self, section: str, option: str, *values: str | None) -> bool:
        """True when the option's values must be redacted: the option is a
        secret for the section's kind and type, or a value is an inline
        private key."""
        info = self.info(section)
        if any(is_secret(info.kind, t, option) for t in info.types or (None,)):
            return True
        return any(v is not None and looks_secret(v) for v in values)


# -- computing -----------------------------------------------------------------


def _items(section: Section) -> OptionItems:
    """(key as written, value) of each option, first occurrence wins."""
    return tuple(section.items())


def _content(items: OptionItems) -> frozenset[tuple[str, str]]:
    return frozenset((key.lower(), value) for key, value in items)


def _info(sections: list[Section]) -> SectionInfo:
    assert sections[0].name is not None
    kind = split_section_name(sections[0].name)[0]
    types: list[str] = []
    label = None
    for section in reversed(sections):  # the newer document's name wins
        kind_type = section.get("type")
        if kind_type is not None and kind_type.strip().lower() not in types:
            types.append(kind_type.strip().lower())
        if label is None:
            label = section.get("name")
    return SectionInfo(kind, tuple(types), label or None)


def diff(a: Document, b: Document, *, detect_renames: bool = True) -> Diff:
    """The changes from ``a`` to ``b``.

    A section of ``a`` missing from ``b`` and a section of ``b`` missing from
    ``a`` with the same (non-empty) options are reported as one
    [`RenameSection`][sftpplus_config.diff.RenameSection] unless
    ``detect_renames`` is False. Duplicate sections and options count by their
    first occurrence, as
    [`Document.to_dict`][sftpplus_config.syntax.Document.to_dict] does. Neither
    document is changed.
    """
    if a.dumps() == b.dumps():
        return Diff()
    sec_a = a._ordered_index()
    sec_b = b._ordered_index()
    # Sections written alike on both sides read alike: only the others
    # (a few, in a review) are read option by option.
    same = {
        name
        for name, section in sec_a.items()
        if (other := sec_b.get(name)) is not None and section.same_text(other)
    }
    items_a = {name: _items(section) for name, section in sec_a.items() if name not in same}
    items_b = {name: _items(section) for name, section in sec_b.items() if name not in same}

    renamed: dict[str, str] = {}
    if detect_renames:
        added_by_content: dict[frozenset[tuple[str, str]], list[str]] = {}
        for name, items in items_b.items():
            if name not in sec_a and items:
                added_by_content.setdefault(_content(items), []).append(name)
        for name, items in items_a.items():
            if name not in sec_b and items:
                candidates = added_by_content.get(_content(items))
                if candidates:
                    renamed[name] = candidates.pop(0)
    renamed_to = set(renamed.values())

    ops: list[Operation] = []
    infos: dict[str, SectionInfo] = {}
    for name, section in sec_a.items():
        if name in same:
            continue
        if name in sec_b:
            before = len(ops)
            ops.extend(_option_ops(name, items_a[name], items_b[name]))
            if len(ops) > before:
                infos[name] = _info([section, sec_b[name]])
        elif name in renamed:
            new = renamed[name]
            ops.append(RenameSection(name, new, items_b[new]))
            infos[name] = infos[new] = _info([section, sec_b[new]])
        else:
            ops.append(RemoveSection(name, items_a[name]))
            infos[name] = _info([section])
    for name, section in sec_b.items():
        if name not in sec_a and name not in renamed_to:
            ops.append(AddSection(name, items_b[name]))
            infos[name] = _info([section])
    return Diff(tuple(ops), infos)


def _option_ops(name: str, old: OptionItems, new: OptionItems) -> Iterator[Operation]:
    old_values = {key.lower(): value for key, value in old}
    new_values = {key.lower(): value for key, value in new}
    for key, value in old:
        option = key.lower()
        if option not in new_values:
            yield UnsetOption(name, option, value)
        elif new_values[option] != value:
            yield SetOption(name, option, value, new_values[option])
    for key, value in new:
        if key.lower() not in old_values:
            yield SetOption(name, key.lower(), None, value, key)


def line_changes(old: str | None, new: str | None) -> list[LineChange]:
    """Two values compared line by line (``None`` has no lines)."""
    before = [] if old is None else old.split("\n")
    after = [] if new is None else new.split("\n")
    out: list[LineChange] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(LineChange(" ", text) for text in before[i1:i2])
            continue
        out.extend(LineChange("-", text) for text in before[i1:i2])
        out.extend(LineChange("+", text) for text in after[j1:j2])
    return out


# -- presenting ------------------------------------------------------------------

_RESET = "\x1b[0m"
_STYLES = {"-": "\x1b[31m", "+": "\x1b[32m", "~": "\x1b[33m", "head": "\x1b[1m", "dim": "\x1b[2m"}
_VERBS = {
    "set": "changed",
    "unset": "changed",
    "add-section": "added",
    "remove-section": "removed",
    "rename-section": "renamed",
}


class _Text:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def paint(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text

    def add(self, text: str, style: str | None = None) -> None:
        text = log_lines(text)
        self.lines.append(self.paint(style, text) if style else text)


def _show(value: str) -> str:
    return '""' if value == "" else value


def _title(diff: Diff, section: str) -> str:
    info = diff.info(section)
    kind = info.kind + (f" ({', '.join(info.types)})" if info.types else "")
    label = f' "{info.label}"' if info.label else ""
    return f"{kind}{label} [{section}]"


def _value_lines(
    text: _Text, sign: str, option: str, value: str, secret: bool, indent: str = "    "
) -> None:
    if secret:
        text.add(f"{indent}{sign} {option}: {REDACTED}", sign)
    elif "\n" in value:
        text.add(f"{indent}{sign} {option}:", sign)
        for line in value.split("\n")[1 if value.startswith("\n") else 0 :]:
            text.add(f"{indent}    {line}".rstrip(), sign)
    else:
        text.add(f"{indent}{sign} {option}: {_show(value)}", sign)


def render_text(diff: Diff, *, show_secrets: bool = False, color: bool = False) -> str:
    """The diff as a review: one block per section (kind, type, ``name``
    label, section name), then one line per option: ``~ option: old → new``,
    ``+ option: value``, ``- option: value``; a multi-line value shows which
    of its lines changed. Secret values read ``<redacted>`` unless
    ``show_secrets``. Ends with a one-line summary; empty for an empty diff.
    """
    if not diff:
        return ""
    text = _Text(color)
    current: str | None = None
    counts = dict.fromkeys(("changed", "added", "removed", "renamed"), 0)
    option_changes = 0
    for op in diff:
        verb = _VERBS[op.op]
        if isinstance(op, SetOption | UnsetOption):
            if op.section != current:
                current = op.section
                counts[verb] += 1
                text.add(f"{verb} {_title(diff, op.section)}", "head")
            option_changes += 1
            _option_lines(text, diff, op, show_secrets)
            continue
        current = None
        counts[verb] += 1
        if isinstance(op, RenameSection):
            text.add(f"{verb} {_title(diff, op.section)} → [{op.new_name}]", "head")
            continue
        text.add(f"{verb} {_title(diff, op.section)}", "head")
        sign = "+" if isinstance(op, AddSection) else "-"
        for key, value in op.options:
            option_changes += 1
            secret = not show_secrets and diff.is_secret(op.section, key, value)
            _value_lines(text, sign, key, value, secret)
    parts = [f"{n} {verb}" for verb, n in counts.items() if n]
    noun = "section" if sum(counts.values()) == 1 else "sections"
    options = "option differs" if option_changes == 1 else "options differ"
    text.add("")
    text.add(f"{noun}: {', '.join(parts)}; {option_changes} {options}", "dim")
    return "\n".join(text.lines) + "\n"


def _option_lines(text: _Text, diff: Diff, op: SetOption | UnsetOption, show: bool) -> None:
    if isinstance(op, UnsetOption):
        secret = not show and diff.is_secret(op.section, op.option, op.old)
        _value_lines(text, "-", op.option, op.old, secret)
        return
    secret = not show and diff.is_secret(op.section, op.option, op.old, op.new)
    if op.old is None:
        _value_lines(text, "+", op.key or op.option, op.new, secret)
    elif secret:
        text.add(f"    ~ {op.option}: {REDACTED} → {REDACTED}", "~")
    elif "\n" in op.old or "\n" in op.new:
        text.add(f"    ~ {op.option}: lines changed", "~")
        changes = op.line_changes()
        if changes[0] == LineChange(" ", ""):
            changes = changes[1:]  # the empty first line of `key =` + indented lines
        for change in changes:
            style = change.tag if change.tag != " " else None
            text.add(f"        {change.tag} {change.text}".rstrip(), style)
    else:
        old, new = _show(op.old), _show(op.new)
        text.add(f"    ~ {op.option}: {old} → {new}", "~")


def to_json(diff: Diff, *, show_secrets: bool = False) -> dict[str, Any]:
    """The diff as JSON-ready data: ``{"changes": [...], "summary": {...}}``.

    Each change has ``op`` (``set``, ``unset``, ``add-section``,
    ``remove-section``, ``rename-section``), ``section``, ``kind``,
    ``type`` and ``label``; option changes add ``option``, ``old``
    (null: absent) and ``new`` (and ``lines`` for multi-line values) and
    ``secret``; section changes add ``options`` (and ``new_name`` for a
    rename). Secret values are ``"<redacted>"`` unless ``show_secrets``.
    """
    changes: list[dict[str, Any]] = []
    summary = dict.fromkeys(
        ("sections_changed", "sections_added", "sections_removed", "sections_renamed"), 0
    )
    summary["options"] = 0
    changed: set[str] = set()
    for op in diff:
        info = diff.info(op.section)
        entry: dict[str, Any] = {
            "op": op.op,
            "section": op.section,
            "kind": info.kind,
            "type": info.types[0] if info.types else None,
            "label": info.label,
        }
        if isinstance(op, SetOption | UnsetOption):
            changed.add(op.section)
            summary["options"] += 1
            new = op.new if isinstance(op, SetOption) else None
            secret = diff.is_secret(op.section, op.option, op.old, new)
            hide = secret and not show_secrets
            entry["option"] = op.option
            entry["old"] = REDACTED if hide and op.old is not None else op.old
            entry["new"] = REDACTED if hide and new is not None else new
            entry["secret"] = secret
            if not hide and "\n" in (op.old or "") + (new or ""):
                entry["lines"] = [
                    {"change": c.tag, "text": c.text} for c in line_changes(op.old, new)
                ]
        else:
            if isinstance(op, RenameSection):
                entry["new_name"] = op.new_name
                summary["sections_renamed"] += 1
            else:
                summary["options"] += len(op.options)
                key = "sections_added" if isinstance(op, AddSection) else "sections_removed"
                summary[key] += 1
            entry["options"] = {
                name: (
                    REDACTED
                    if not show_secrets and diff.is_secret(op.section, name, value)
                    else value
                )
                for name, value in op.options
            }
        changes.append(entry)
    summary["sections_changed"] = len(changed)
    return {"changes": changes, "summary": summary}
