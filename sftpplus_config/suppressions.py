"""Suppression comments: silencing findings where they are, as linters do.

INI has no inline comments, so a suppression is a comment line of its own:

* ``; sftpplus-config: ignore[RULE,…]`` silences those rules on the option
  right below it (its continuation lines included; other comment lines may
  come in between, a blank line may not);
* ``; sftpplus-config: ignore-section[RULE,…]``, anywhere in a section,
  silences them in the whole section (its header included);
* ``; sftpplus-config: ignore-file[RULE,…]``, before the first section,
  silences them in the whole file.

``#`` works as well as ``;``. ``RULE`` is a rule name or a rule group name
(``security``), as ``--ignore`` takes. Free text may follow the ``]`` (a
reason). A comment that starts with ``sftpplus-config:`` but does not have this
form, or names an unknown rule, is an error
([`SuppressionError`][sftpplus_config.suppressions.SuppressionError],
positioned, with a "did you mean").

[`parse`][sftpplus_config.suppressions.parse] reads the directives of a
document; [`apply`][sftpplus_config.suppressions.apply] drops the findings they
silence and reports, as ``unused-suppression`` warnings, the rule names that
silenced nothing (like ruff's RUF100). The language server uses
[`directive_text`][sftpplus_config.suppressions.directive_text] to write one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from ._record import record
from .exceptions import ParseError
from .findings import Finding
from .span import Span

if TYPE_CHECKING:
    from .document import Document
    from .section import Section

__all__ = [
    "MARKER",
    "Directive",
    "Scope",
    "SuppressionError",
    "Suppressions",
    "apply",
    "directive_text",
    "parse",
]

#: What a suppression comment starts with, after ``;`` or ``#``.
MARKER = "sftpplus-config"
Scope = Literal["option", "section", "file"]
_SCOPES: dict[str, Scope] = {
    "ignore": "option",
    "ignore-section": "section",
    "ignore-file": "file",
}
_WORD_OF: dict[Scope, str] = {scope: word for word, scope in _SCOPES.items()}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_DIRECTIVE = re.compile(rf"[ \t]*[;#][ \t]*{MARKER}[ \t]*:")
_FORM = re.compile(r"[ \t]*(?P<word>[A-Za-z-]*)(?P<rest>.*)")
_RULE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


class SuppressionError(ParseError):
    """A suppression comment that cannot be read (malformed, or naming a rule
    that does not exist). Positioned like every
    [`ParseError`][sftpplus_config.exceptions.ParseError]; the CLI exits with
    2."""


@record
class Directive:
    """One suppression comment.

    ``rules`` are the names as written (rules or groups), each with its span
    in ``rule_spans``; ``expanded`` the rule names they stand for, per item.
    ``lines`` is the first and last line silenced (``None`` when the comment
    silences nothing: an ``ignore[…]`` with no option right below it).
    """

    scope: Scope
    rules: tuple[str, ...]
    rule_spans: tuple[Span, ...]
    expanded: tuple[frozenset[str], ...]
    span: Span
    section: str | None
    lines: tuple[int, int] | None


@record
class Suppressions:
    """The directives of one file."""

    file: str | None
    directives: tuple[Directive, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.directives)

    def silencing(self, finding: Finding) -> list[tuple[int, int]]:
        """(directive index, item index) of every directive item that
        silences ``finding`` (empty: the finding stays)."""
        line = finding.span.line
        hits: list[tuple[int, int]] = []
        for number, directive in enumerate(self.directives):
            covered = directive.lines
            if covered is None or not covered[0] <= line <= covered[1]:
                continue
            for item, rules in enumerate(directive.expanded):
                if finding.rule in rules:
                    hits.append((number, item))
        return hits


def directive_text(scope: Scope, rules: Sequence[str], prefix: str = ";") -> str:
    """The comment line (without line ending) that suppresses ``rules`` with
    ``scope``: ``; sftpplus-config: ignore[unknown-option]``."""
    return f"{prefix} {MARKER}: {_WORD_OF[scope]}[{','.join(rules)}]"


def parse(doc: Document) -> Suppressions:
    """The suppression directives of ``doc``. Raises
    [`SuppressionError`][sftpplus_config.suppressions.SuppressionError] for a
    malformed one. Cheap for a file without any (one substring search)."""
    path = doc.path
    if MARKER not in doc.dumps():
        return Suppressions(path)
    found: list[Directive] = []
    for owner in [doc.preamble, *doc.sections]:
        text = owner.text
        if MARKER not in text:
            continue
        found.extend(_section_directives(owner, text, path, doc))
    return Suppressions(path, tuple(found))


def _section_directives(
    owner: Section, text: str, path: str | None, doc: Document
) -> Iterable[Directive]:
    lines = [match.group(0) for match in _LINE.finditer(text) if match.group(0)]
    first = owner.line
    if owner.name is None:
        first = 1
    starts = {option.line: option for option in owner.options()}
    for offset, raw in enumerate(lines):
        content = raw.rstrip("\r\n")
        head = _DIRECTIVE.match(content)
        if head is None:
            continue
        number = first + offset
        scope, rules, spans = _read(content, head.end(), number, path)
        expanded = tuple(_expand(rule, span, path) for rule, span in zip(rules, spans, strict=True))
        indent = len(content) - len(content.lstrip())
        span = Span(number, indent + 1, number, len(content.rstrip()) + 1)
        if scope == "file" and owner.name is not None:
            raise _error(
                "`ignore-file[…]` must come before the first section",
                span,
                path,
                "move it above the first [section] header, or use ignore-section[…]",
            )
        if scope == "section" and owner.name is None:
            raise _error(
                "`ignore-section[…]` must be inside a section",
                span,
                path,
                "put it below the section's header, or use ignore-file[…] for the whole file",
            )
        covered: tuple[int, int] | None
        if scope == "file":
            covered = (1, max(_line_count(doc), 1))
        elif scope == "section":
            covered = (owner.line, owner.line + owner.line_count - 1)
        else:
            covered = None
            below = offset + 1
            while below < len(lines) and lines[below].lstrip()[:1] in (";", "#"):
                below += 1
            option = starts.get(first + below)
            if below < len(lines) and option is not None:
                covered = (option.line, option.line + option.line_count - 1)
        yield Directive(scope, rules, spans, expanded, span, owner.name, covered)


def _line_count(doc: Document) -> int:
    """The number of lines of ``doc``."""
    sections = doc.sections
    if sections:
        last = sections[-1]
        return last.line + last.line_count - 1
    return doc.preamble.line_count


def _error(message: str, span: Span, path: str | None, hint: str) -> SuppressionError:
    return SuppressionError(
        message, line=span.line, column=span.column, file=path, hint=hint, rule="syntax-error"
    )


def _read(
    content: str, start: int, line: int, path: str | None
) -> tuple[Scope, tuple[str, ...], tuple[Span, ...]]:
    """The scope and the rule names (with their spans) of one directive."""
    form = _FORM.match(content, start)
    assert form is not None
    word = form.group("word")
    column = form.start("word") + 1
    here = Span(line, column, line, column + max(len(word), 1))
    usage = "write `; sftpplus-config: ignore[RULE,…]` (or ignore-section[…], ignore-file[…])"
    if word not in _SCOPES:
        import difflib

        close = difflib.get_close_matches(word, list(_SCOPES), n=1)
        what = f"unknown suppression `{word}`" if word else "suppression comment without a kind"
        hint = f"did you mean `{close[0]}`? " + usage if close else usage
        raise _error(what, here, path, hint)
    rest = form.group("rest")
    at = form.start("rest")
    if not rest.startswith("["):
        raise _error(f"`{word}` needs a list of rules in brackets", here, path, usage)
    close_at = rest.find("]")
    if close_at < 0:
        span = Span(line, at + 1, line, len(content) + 1)
        raise _error(f"`{word}[` is not closed with `]`", span, path, usage)
    body = rest[1:close_at]
    body_column = at + 2
    rules: list[str] = []
    spans: list[Span] = []
    position = 0
    for item in body.split(","):
        name = item.strip()
        column = body_column + position + (len(item) - len(item.lstrip()))
        position += len(item) + 1
        span = Span(line, column, line, column + max(len(name), 1))
        if not name:
            raise _error(f"empty rule name in `{word}[{body}]`", span, path, usage)
        if not _RULE_NAME.match(name):
            raise _error(
                f"`{name}` is not a rule name",
                span,
                path,
                "rule names are lower case words joined by `-`, separated by commas: "
                "`sftpplus-config validate --help` lists them",
            )
        rules.append(name)
        spans.append(span)
    return _SCOPES[word], tuple(rules), tuple(spans)


def _expand(name: str, span: Span, path: str | None) -> frozenset[str]:
    from .exceptions import UnknownRuleError
    from .validation import resolve_rules

    try:
        return resolve_rules([name])
    except UnknownRuleError as exc:
        hint = "`sftpplus-config validate --help` lists the rules"
        if exc.suggestion:
            hint = f"did you mean `{exc.suggestion}`? " + hint
        raise _error(f"unknown rule `{name}` in a suppression comment", span, path, hint) from None


def apply(
    findings: Iterable[Finding],
    suppressions: Mapping[str | None, Suppressions],
    *,
    checked: Mapping[str | None, frozenset[str]] | frozenset[str] | None = None,
) -> Iterator[Finding]:
    """``findings`` less those the suppressions of their file silence, plus
    (once ``findings`` is exhausted) an ``unused-suppression`` warning for each
    rule name of a directive that silenced nothing. Lazy: a report can stream.

    ``checked`` says which rules really ran on each file (or on every file):
    only their names can be unused (a rule left out by ``--select``, or one
    a partial check cannot report, proves nothing). ``None``: do not report
    unused names.
    """
    used: set[tuple[str | None, int, int]] = set()
    for finding in findings:
        table = suppressions.get(finding.file)
        hits = table.silencing(finding) if table else []
        if not hits:
            yield finding
            continue
        used.update((finding.file, number, item) for number, item in hits)
    if checked is None:
        return
    for file, table in suppressions.items():
        ran = checked if isinstance(checked, frozenset) else checked.get(file, frozenset())
        if "unused-suppression" not in ran:
            continue
        for number, directive in enumerate(table.directives):
            for item, (rule, span) in enumerate(
                zip(directive.rules, directive.rule_spans, strict=True)
            ):
                if (file, number, item) in used or "unused-suppression" in directive.expanded[item]:
                    continue
                if not directive.expanded[item] & ran:
                    continue
                unused = _unused(directive, rule, span, file)
                if not table.silencing(unused):
                    yield unused


def _unused(directive: Directive, rule: str, span: Span, file: str | None) -> Finding:
    word = _WORD_OF[directive.scope]
    if directive.lines is None:
        message = f"`{word}[{rule}]` silences nothing: there is no option right below the comment"
        hint = "put the comment on the line right above the option it is about"
    else:
        where = {"option": "this option", "section": "this section", "file": "this file"}
        message = (
            f"`{word}[{rule}]` silences nothing: {where[directive.scope]} has no `{rule}` finding"
        )
        hint = "remove the rule from the comment (or the whole comment)"
    return Finding(
        "unused-suppression",
        "warning",
        message,
        span,
        file,
        directive.section,
        None,
        hint,
    )
