"""Code actions for the diagnostics the editor shows:

* apply a "did you mean" (the suggested word replaces the wrong one);
* apply ``fix`` (:func:`sftpplus_config.fix.plan_fixes`: renamed options,
  types and values), one finding at a time or all at once;
* add a suppression comment (:func:`sftpplus_config.suppressions.directive_text`)
  for the option or the whole section;
* insert the options a section must set and does not.

Every action is a workspace edit the editor applies: the server never
writes a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from .._lines import common_ending, section_range
from ..fix import Edit, plan_fixes
from ..section import Section
from ..span import Span
from ..suppressions import directive_text
from .locate import section_at
from .state import OpenFile

__all__ = ["code_actions"]

_SUGGESTION = re.compile(r"did you mean (?:`([^`]+)`|(\{[^}]+\}))\?")
_QUOTED = re.compile(r"`([^`]+)`|(\{[^}]+\})")
_MISSING = re.compile(r"has no `([^`]+)`")


def code_actions(
    file: OpenFile,
    diagnostics: Sequence[types.Diagnostic],
    target_version: tuple[int, ...] | None = None,
) -> list[types.CodeAction]:
    """The actions for ``diagnostics`` (those of ``file`` the editor sends
    for the range asked about)."""
    actions: list[types.CodeAction] = []
    fixes: list[Edit] | None = None
    for diagnostic in diagnostics:
        if diagnostic.source != "sftpplus-config":
            continue
        rule = str(diagnostic.code or "")
        suggestion = _did_you_mean(file, diagnostic)
        if suggestion is not None:
            actions.append(suggestion)
        data: dict[str, Any] = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        if data.get("fixable"):
            if fixes is None:
                fixes = plan_fixes(file.doc, target_version=target_version)
            actions += _fix_actions(file, diagnostic, fixes)
        if rule == "missing-option":
            action = _missing_options(file, diagnostic, diagnostics)
            if action is not None:
                actions.append(action)
        actions += _suppressions(file, diagnostic, rule)
    if fixes is None:
        fixes = plan_fixes(file.doc, target_version=target_version) if diagnostics else []
    if fixes:
        actions.append(
            types.CodeAction(
                title=f"Apply every `sftpplus-config fix` edit ({len(fixes)})",
                kind=types.CodeActionKind.SourceFixAll,
                edit=_workspace_edit(file, [(edit.span, edit.text) for edit in fixes]),
            )
        )
    return actions


def _workspace_edit(file: OpenFile, edits: Sequence[tuple[Span, str]]) -> types.WorkspaceEdit:
    text_edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
        types.TextEdit(range=file.lines.range(span), new_text=text) for span, text in edits
    ]
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=file.uri, version=file.version
                ),
                edits=text_edits,
            )
        ]
    )


def _did_you_mean(file: OpenFile, diagnostic: types.Diagnostic) -> types.CodeAction | None:
    match = _SUGGESTION.search(diagnostic.message)
    where = diagnostic.range
    if match is None or where.start.line != where.end.line:
        return None
    new = match.group(1) or match.group(2)
    line, start = file.lines.point(where.start)
    _, end = file.lines.point(where.end)
    written = file.lines.text(line)[start - 1 : end - 1]
    span = Span(line, start, line, end)
    for quoted in _QUOTED.finditer(diagnostic.message[: match.start()]):
        wrong = quoted.group(1) or quoted.group(2)
        at = written.find(wrong)
        if at >= 0:
            if new.endswith("/") and not wrong.endswith("/"):
                new = new[:-1]  # a kind is suggested as `accounts/`
            span = Span(line, start + at, line, start + at + len(wrong))
            break
    return types.CodeAction(
        title=f"Replace with `{new}`",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=True,
        edit=_workspace_edit(file, [(span, new)]),
    )


def _fix_actions(
    file: OpenFile, diagnostic: types.Diagnostic, fixes: Sequence[Edit]
) -> list[types.CodeAction]:
    first, last = diagnostic.range.start.line + 1, diagnostic.range.end.line + 1
    data: dict[str, Any] = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    section = data.get("section")
    chosen = [
        edit
        for edit in fixes
        if edit.section == section
        and (first <= edit.span.line <= last or (edit.option and edit.option == data.get("option")))
    ]
    if not chosen:
        return []
    return [
        types.CodeAction(
            title="Apply fix: " + "; ".join(edit.message for edit in chosen),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=True,
            edit=_workspace_edit(file, [(edit.span, edit.text) for edit in chosen]),
        )
    ]


def _suppressions(
    file: OpenFile, diagnostic: types.Diagnostic, rule: str
) -> list[types.CodeAction]:
    if not rule or rule == "unused-suppression":
        return []
    line = diagnostic.range.start.line + 1
    ending = common_ending(file.text)
    section = section_at(file.doc, line)
    actions = []
    if section is not None:
        option = next(
            (o for o in section.options() if o.line <= line < o.line + o.line_count), None
        )
        if option is not None:
            comment = directive_text("option", [rule]) + ending
            actions.append(
                _insert(file, diagnostic, f"Ignore `{rule}` for this option", option.line, comment)
            )
        comment = directive_text("section", [rule]) + ending
        actions.append(
            _insert(file, diagnostic, f"Ignore `{rule}` in this section", section.line + 1, comment)
        )
    else:
        comment = directive_text("file", [rule]) + ending
        actions.append(_insert(file, diagnostic, f"Ignore `{rule}` in this file", 1, comment))
    return actions


def _insert(
    file: OpenFile, diagnostic: types.Diagnostic, title: str, line: int, text: str
) -> types.CodeAction:
    """An action that inserts ``text`` (whole lines) before ``line``."""
    if line > len(file.lines):  # after a last line without a line break
        last = len(file.lines)
        end = len(file.lines.text(last)) + 1
        at = Span(last, end, last, end)
        ending = common_ending(file.text)
        if file.text.endswith(("\n", "\r")):
            at = Span(last + 1, 1, last + 1, 1)
        else:
            text = ending + text.rstrip("\r\n")
    else:
        at = Span(line, 1, line, 1)
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=_workspace_edit(file, [(at, text)]),
    )


def _missing_options(
    file: OpenFile, diagnostic: types.Diagnostic, diagnostics: Sequence[types.Diagnostic]
) -> types.CodeAction | None:
    """Insert ``name = `` for each option the section must set and lacks."""
    line = diagnostic.range.start.line + 1
    section = section_at(file.doc, line)
    if section is None:
        return None
    names: list[str] = []
    for other in diagnostics:
        if (
            other.code != "missing-option"
            or section_at(file.doc, other.range.start.line + 1) is not section
        ):
            continue
        data: dict[str, Any] = other.data if isinstance(other.data, dict) else {}
        match = _MISSING.search(other.message)
        name = data.get("option") or (match.group(1) if match else None)
        if name and name not in names and name not in section:
            names.append(name)
    if not names:
        return None
    ending = common_ending(section.text)
    text = "".join(f"{name} = {ending}" for name in names)
    return _insert(
        file,
        diagnostic,
        "Add the missing options: " + ", ".join(names),
        _after_last_option(section),
        text,
    )


def _after_last_option(section: Section) -> int:
    """The line after the section's last option (or header)."""
    return section_range(section)[1] + 1
