"""Exceptions raised by sftpplus_config.

Every exception the library raises on purpose derives from
[`SftpplusConfigError`][sftpplus_config.exceptions.SftpplusConfigError]. Errors
about the content of a file carry a position (file, line, column) and a hint
that says how to fix the problem. The wording of messages is not part of the
public API; the attributes are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding
    from .span import Span

__all__ = [
    "AmbiguousNameError",
    "DecodeError",
    "EditError",
    "FileChangedError",
    "InvalidValueError",
    "OptionNotFoundError",
    "ParseError",
    "RefusedError",
    "SectionNotFoundError",
    "SelectorError",
    "SftpplusConfigError",
    "UnknownRuleError",
    "UnsafePathError",
]


class SftpplusConfigError(Exception):
    """Root of every error raised on purpose by this library."""


class ParseError(SftpplusConfigError, ValueError):
    """The text is not a server.ini file we can read.

    ``line`` and ``column`` are 1-based. ``file`` is the path given to
    [`sftpplus_config.load`][sftpplus_config.api.load], or ``None`` for text
    given to ``loads``. ``rule`` names the finding rule (``syntax-error``,
    ``duplicate-section``, ...) that made a strict load fail.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        file: str | None = None,
        hint: str | None = None,
        rule: str = "syntax-error",
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.file = file
        self.hint = hint
        self.rule = rule
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.file or '<string>'}:{self.line}:{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class RefusedError(ParseError):
    """A file that ``validate`` would fail on syntax grounds, refused by a
    command or by a strict load. The position and message are those of the
    first problem; ``findings`` holds every one (error findings, sorted)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        first = self.findings[0]
        super().__init__(
            first.message,
            line=first.span.line,
            column=first.span.column,
            file=first.file,
            hint=first.hint,
            rule=first.rule,
        )


class DecodeError(ParseError):
    """The bytes are not UTF-8 text. ``offset`` is the 0-based byte offset."""

    def __init__(
        self,
        message: str,
        *,
        offset: int,
        line: int,
        column: int,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.offset = offset
        super().__init__(message, line=line, column=column, file=file, hint=hint)


class SectionNotFoundError(SftpplusConfigError, KeyError):
    """No section with that name exists."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"no section [{self.name}]"


class OptionNotFoundError(SftpplusConfigError, KeyError):
    """The section has no option with that name."""

    def __init__(self, section: str | None, option: str) -> None:
        self.section = section
        self.option = option
        super().__init__(option)

    def __str__(self) -> str:
        where = f"[{self.section}]" if self.section is not None else "the file preamble"
        return f"no option {self.option!r} in {where}"


class AmbiguousNameError(SftpplusConfigError, LookupError):
    """More than one section of a kind has the `name` asked for (see
    [`Document.find`][sftpplus_config.syntax.Document.find]).

    `kind` and `name` are as asked; `sections` are the header names of
    the sections that share the name and `spans` their header spans, in
    file order; `file` is the document's path (or None).
    """

    def __init__(
        self,
        kind: str,
        name: str,
        sections: Sequence[str],
        spans: Sequence[Span],
        file: str | None = None,
    ) -> None:
        self.kind = kind
        self.name = name
        self.sections = tuple(sections)
        self.spans = tuple(spans)
        self.file = file
        super().__init__(kind, name)

    def __str__(self) -> str:
        first = self.spans[0]
        places = ", ".join(
            f"[{section}] (line {span.line})"
            for section, span in zip(self.sections, self.spans, strict=True)
        )
        return (
            f"{self.file or '<string>'}:{first.line}:{first.column}: "
            f"{len(self.sections)} {self.kind} sections are named {self.name!r}: {places}\n"
            "  hint: name the section by its header instead (KIND/ID), or give each "
            "a name of its own"
        )


class SelectorError(SftpplusConfigError, LookupError):
    """A selector (a section name, or `KIND:NAME`) that selects no section,
    or more than one (see [`select`][sftpplus_config.selectors.select]).

    `selector` is as given, `reason` is `"missing"` or `"ambiguous"`, and
    `candidates` the selectors that would work: for a missing one the
    closest names (`accounts:johnd`, or section names), for an ambiguous
    one the header names of the sections that share the name.
    """

    def __init__(
        self,
        selector: str,
        reason: str,
        candidates: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        self.selector = selector
        self.reason = reason
        self.candidates = tuple(candidates)
        self.message = message or f"no section matches {selector!r}"
        super().__init__(selector)

    def __str__(self) -> str:
        text = self.message
        if self.candidates:
            shown = ", ".join(self.candidates[:10])
            more = len(self.candidates) - 10
            if more > 0:
                shown += f" (and {more} more)"
            word = "did you mean" if self.reason == "missing" else "one of"
            text += f"\n  hint: {word}: {shown}"
        return text


class InvalidValueError(SftpplusConfigError, ValueError):
    """An option's text is not of its documented type, read through
    [`Component.value`][sftpplus_config.components.Component.value]
    (`enabled = maybe`). `section`, `option` and `value` say which;
    `expected` what a valid value looks like; `span` is where the value
    is, in `file`."""

    def __init__(
        self,
        *,
        section: str,
        option: str,
        value: str,
        expected: str,
        span: Span,
        file: str | None = None,
    ) -> None:
        self.section = section
        self.option = option
        self.value = value
        self.expected = expected
        self.span = span
        self.file = file
        super().__init__(section, option, value)

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:59] + "…"
        return (
            f"{self.file or '<string>'}:{self.span.line}:{self.span.column}: "
            f"`{self.option}` in [{self.section}] is {shown!r}, not {self.expected}"
        )


class EditError(SftpplusConfigError, ValueError):
    """An edit was refused because its result would not read back as asked.

    For example a value whose continuation line starts with ``#`` (it would
    be read back as a comment), or a section name containing ``]``.
    """


class UnknownRuleError(SftpplusConfigError, ValueError):
    """A rule (or rule group) name that the rule table does not have, given
    to ``select``/``ignore``. ``name`` is the name as given, ``suggestion``
    the closest known name, if any."""

    def __init__(self, name: str, suggestion: str | None = None) -> None:
        self.name = name
        self.suggestion = suggestion
        super().__init__(name)

    def __str__(self) -> str:
        text = f"unknown rule {self.name!r}"
        if self.suggestion:
            text += f" (did you mean {self.suggestion!r}?)"
        return text + "; `sftpplus-config validate --help` lists the rules"


class FileChangedError(SftpplusConfigError):
    """[`Document.save`][sftpplus_config.syntax.Document.save] was asked to
    write a file that changed on disk since the document was loaded from it:
    another program wrote it in the meantime, and saving would throw that
    program's edit away. Nothing was written.

    ``path`` is the file as given; ``detail`` says what changed (``"it was
    replaced by another file"``, ``"its size changed from 120 to 141
    bytes"``, ``"it was deleted"``...).
    """

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(path, detail)

    def __str__(self) -> str:
        return (
            f"{self.path}: the file changed since it was loaded ({self.detail}); "
            "nothing was written\n"
            "  hint: another program edited it meanwhile: load it again and redo the "
            "edit (sftpplus_config.locked(path) around load and save makes writers wait "
            "for each other)"
        )


class UnsafePathError(SftpplusConfigError):
    """A file we were asked to write or delete is refused because of what
    it is, or what its path goes through: a symbolic link inside a build's
    output folder, a path that leaves that folder, a folder, block device or
    socket where a file was expected. Nothing was written or deleted.

    ``path`` is the path as shown to the user, ``reason`` what is wrong with
    it and ``hint`` how to fix it (or None).
    """

    def __init__(self, path: str, reason: str, hint: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(path, reason)

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text
